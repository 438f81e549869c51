package netlink.workshop;

import netlink.workshop.step09.SendMessage;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * SendMessage's command line (it takes no options): anything else is one line naming it and the
 * valid ones, and exit status 2, before any socket opens.
 */
class SendMessageCommandLineTest {
    private static final String VALID = " (valid: --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(SendMessage.class, "SendMessage: unknown option --text" + VALID, "--text", "hi");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(SendMessage.class);
    }
}
