package netlink.workshop;

import netlink.workshop.step03.SendHello;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * SendHello's command line (it takes no options): anything else is one line naming it and the
 * valid ones, and exit status 2, before any socket opens.
 */
class SendHelloCommandLineTest {
    private static final String VALID = " (valid: --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(SendHello.class, "SendHello: unknown option --wait" + VALID, "--wait", "5");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(SendHello.class);
    }
}
