package netlink.workshop;

import netlink.workshop.ch16.BatchHello;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * BatchHello's command line (it takes --requests N, --bad K and --help): anything else is one line
 * naming it and the valid ones, and exit status 2, before any socket opens.
 */
class BatchHelloCommandLineTest {
    private static final String VALID = " (valid: --requests N, --bad K, --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(BatchHello.class, "BatchHello: unknown option --request" + VALID, "--request", "4");
    }

    @Test
    void aValueOutOfRangeIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(BatchHello.class, "BatchHello: --requests takes 1 to 64, not 65" + VALID,
                "--requests", "65");
    }

    @Test
    void aBadRequestPastTheLastIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(BatchHello.class,
                "BatchHello: --bad takes 0 (none) to the number of requests (4), not 5" + VALID,
                "--requests", "4", "--bad", "5");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(BatchHello.class, "--requests N", "--bad K");
    }
}
