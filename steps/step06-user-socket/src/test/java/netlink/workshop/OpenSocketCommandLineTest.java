package netlink.workshop;

import netlink.workshop.step06.OpenSocket;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * OpenSocket's command line (it takes PROTOCOL and --help): anything else is one line naming it
 * and the valid ones, and exit status 2, before any socket opens.
 */
class OpenSocketCommandLineTest {
    private static final String VALID = " (valid: PROTOCOL, --help)";

    @Test
    void aValueThatIsNotANumberIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(OpenSocket.class, "OpenSocket: PROTOCOL takes a whole number, not tcp" + VALID,
                "tcp");
    }

    @Test
    void anArgumentTooManyIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(OpenSocket.class, "OpenSocket: unexpected argument 32" + VALID, "31", "32");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(OpenSocket.class, "OpenSocket: unknown option --protocol" + VALID,
                "--protocol", "31");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(OpenSocket.class, "PROTOCOL");
    }
}
