package netlink.workshop;

import netlink.workshop.part2.ch13.EventWatch;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * EventWatch's command line (it takes --hellos N, --listen SECONDS, --overrun N, --echo and --help):
 * anything else is one line naming it and the valid ones, and exit status 2, before any socket
 * opens.
 */
class EventWatchCommandLineTest {
    private static final String VALID = " (valid: --hellos N, --listen SECONDS, --overrun N, --echo, --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(EventWatch.class, "EventWatch: unknown option --hello" + VALID, "--hello", "3");
    }

    @Test
    void aValueThatIsNotANumberIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(EventWatch.class, "EventWatch: --listen takes a whole number, not soon" + VALID,
                "--listen", "soon");
    }

    @Test
    void aNegativeCountIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(EventWatch.class,
                "EventWatch: --hellos takes a whole number of at least 0, not -1" + VALID,
                "--hellos", "-1");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(EventWatch.class, "--hellos N", "--listen SECONDS", "--overrun N", "--echo");
    }
}
