package netlink.workshop;

import netlink.workshop.step05.ReleaseCheck;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * ReleaseCheck's command line (it takes PATH/nlws.ko and --help): anything else is one line naming
 * it and the valid ones, and exit status 2, before any socket opens.
 */
class ReleaseCheckCommandLineTest {
    private static final String VALID = " (valid: PATH/nlws.ko, --help)";

    @Test
    void anArgumentTooManyIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(ReleaseCheck.class, "ReleaseCheck: unexpected argument b.ko" + VALID,
                "a.ko", "b.ko");
    }

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(ReleaseCheck.class, "ReleaseCheck: unknown option --module" + VALID,
                "--module", "a.ko");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(ReleaseCheck.class, "PATH/nlws.ko");
    }
}
