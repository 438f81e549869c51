package netlink.workshop;

import netlink.workshop.part2.ch12.GenlHello;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * GenlHello's command line (it takes --msg TEXT, --family NAME, --no-refusal, --stats and --help): anything
 * else is one line naming it and the valid ones, and exit status 2, before any socket opens.
 */
class GenlHelloCommandLineTest {
    private static final String VALID = " (valid: --msg TEXT, --family NAME, --no-refusal, --stats, --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(GenlHello.class, "GenlHello: unknown option --refusal" + VALID, "--refusal");
    }

    @Test
    void anOptionWithoutItsValueIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(GenlHello.class, "GenlHello: --family needs its value NAME" + VALID, "--family");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(GenlHello.class, "--msg TEXT", "--family NAME", "--no-refusal", "--stats");
    }
}
