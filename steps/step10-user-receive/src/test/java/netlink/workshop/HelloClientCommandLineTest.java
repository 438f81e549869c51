package netlink.workshop;

import netlink.workshop.step10.HelloClient;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * HelloClient's command line (it takes --buffer N, --timeout MS and --help): anything else is one
 * line naming it and the valid ones, and exit status 2, before any socket opens.
 */
class HelloClientCommandLineTest {
    private static final String VALID = " (valid: --buffer N, --timeout MS, --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(HelloClient.class, "HelloClient: unknown option --bufer" + VALID, "--bufer", "28");
    }

    @Test
    void aValueThatIsNotANumberIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(HelloClient.class, "HelloClient: --buffer takes a whole number, not abc" + VALID,
                "--buffer", "abc");
    }

    @Test
    void aValueOutOfRangeIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(HelloClient.class, "HelloClient: --buffer takes 1 to 1048576, not 0" + VALID,
                "--buffer", "0");
    }

    @Test
    void anOptionWithoutItsValueIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(HelloClient.class, "HelloClient: --timeout needs its value MS" + VALID, "--timeout");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(HelloClient.class, "--buffer N", "--timeout MS");
    }
}
