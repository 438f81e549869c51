package netlink.workshop;

import netlink.workshop.step01.ProtocolProbe;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * ProtocolProbe's command line (it takes no options): anything else is one line naming it and the
 * valid ones, and exit status 2, before any socket opens.
 */
class ProtocolProbeCommandLineTest {
    private static final String VALID = " (valid: --help)";

    @Test
    void anArgumentTooManyIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(ProtocolProbe.class, "ProtocolProbe: unexpected argument 31" + VALID, "31");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(ProtocolProbe.class);
    }
}
