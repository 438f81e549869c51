package netlink.workshop;

import netlink.workshop.step04.HelloRoundTrip;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * HelloRoundTrip's command line (it takes no options): anything else is one line naming it and the
 * valid ones, and exit status 2, before any socket opens.
 */
class HelloRoundTripCommandLineTest {
    private static final String VALID = " (valid: --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(HelloRoundTrip.class, "HelloRoundTrip: unknown option --pid" + VALID, "--pid", "0");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(HelloRoundTrip.class);
    }
}
