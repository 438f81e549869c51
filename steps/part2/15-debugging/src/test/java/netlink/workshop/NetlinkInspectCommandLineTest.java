package netlink.workshop;

import netlink.workshop.part2.ch15.NetlinkInspect;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * NetlinkInspect's command line (it takes --hellos N, --wait and --help): anything else is one
 * line naming it and the valid ones, and exit status 2, before any socket opens.
 */
class NetlinkInspectCommandLineTest {
    private static final String VALID = " (valid: --hellos N, --wait, --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(NetlinkInspect.class, "NetlinkInspect: unknown option --wiat" + VALID, "--wiat");
    }

    @Test
    void aValueThatIsNotANumberIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(NetlinkInspect.class,
                "NetlinkInspect: --hellos takes a whole number, not many" + VALID,
                "--hellos", "many");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(NetlinkInspect.class, "--hellos N", "--wait");
    }
}
