package netlink.workshop;

import netlink.workshop.part2.ch14.HelloList;
import netlink.workshop.testkit.CommandLine;
import org.junit.jupiter.api.Test;

/**
 * HelloList's command line (it takes --hellos N, --links, --intr, --sizes and --help): anything else is one
 * line naming it and the valid ones, and exit status 2, before any socket opens.
 */
class HelloListCommandLineTest {
    private static final String VALID = " (valid: --hellos N, --links, --intr, --sizes, --help)";

    @Test
    void anUnknownOptionIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(HelloList.class, "HelloList: unknown option --link" + VALID, "--link");
    }

    @Test
    void aValueThatIsNotANumberIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(HelloList.class, "HelloList: --hellos takes a whole number, not three" + VALID,
                "--hellos", "three");
    }

    @Test
    void twoModesAtOnceIsOneLineAndExitTwo() throws Exception {
        CommandLine.assertRejected(HelloList.class,
                "HelloList: --links and --intr are two different runs: give one" + VALID,
                "--links", "--intr", "--sizes");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        CommandLine.assertHelp(HelloList.class, "--hellos N", "--links", "--intr", "--sizes");
    }
}
