package netlink.workshop;

import netlink.workshop.step02.KernelSocketCheck;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * KernelSocketCheck's command line (it takes no options): anything else is one line naming it and
 * the valid ones, and exit status 2, before any socket opens.
 */
class KernelSocketCheckCommandLineTest {
    private static final String VALID = " (valid: --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(KernelSocketCheck.class, "KernelSocketCheck: unknown option --verbose" + VALID,
                "--verbose");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(KernelSocketCheck.class);
    }
}
