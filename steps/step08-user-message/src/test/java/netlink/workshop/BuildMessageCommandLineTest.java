package netlink.workshop;

import netlink.workshop.step08.BuildMessage;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * BuildMessage's command line (it takes no options): anything else is one line naming it and the
 * valid ones, and exit status 2, before any socket opens.
 */
class BuildMessageCommandLineTest {
    private static final String VALID = " (valid: --help)";

    @Test
    void anArgumentTooManyIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(BuildMessage.class, "BuildMessage: unexpected argument Hello" + VALID, "Hello");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(BuildMessage.class);
    }
}
