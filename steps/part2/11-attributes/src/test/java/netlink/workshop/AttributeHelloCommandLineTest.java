package netlink.workshop;

import netlink.workshop.part2.ch11.AttributeHello;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * AttributeHello's command line (it takes --msg TEXT, --violate KIND and --help): anything else is
 * one line naming it and the valid ones, and exit status 2, before any socket opens.
 */
class AttributeHelloCommandLineTest {
    private static final String VALID = " (valid: --msg TEXT, --violate KIND, --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(AttributeHello.class, "AttributeHello: unknown option --violat" + VALID,
                "--violat", "all");
    }

    @Test
    void aViolationItDoesNotKnowIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(AttributeHello.class,
                "AttributeHello: --violate takes long, nul, unknown, length, nested, missing, all, none,"
                + " not often" + VALID,
                "--violate", "often");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(AttributeHello.class, "--msg TEXT", "--violate KIND");
    }
}
