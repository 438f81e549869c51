package netlink.workshop;

import netlink.workshop.step07.BindSocket;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * BindSocket's command line (it takes no options): anything else is one line naming it and the
 * valid ones, and exit status 2, before any socket opens.
 */
class BindSocketCommandLineTest {
    private static final String VALID = " (valid: --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(BindSocket.class, "BindSocket: unknown option --port" + VALID, "--port", "5");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(BindSocket.class);
    }
}
