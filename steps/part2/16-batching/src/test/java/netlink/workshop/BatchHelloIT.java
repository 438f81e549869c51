package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chapter 16 in the VM, against stage 10's module: 32 "Hello Kernel" requests
 * in one datagram, one of them with a type the module refuses; one boot runs
 * the chapter's program twice.
 */
@Tag("vm") // boots the embedded VM: ./workshop test --fast leaves it out
class BatchHelloIT {
    private static final String MARK = "----- second run -----";

    /** The command line of the chapter's program, from this module's jar and class path. */
    private static String batchHello() throws Exception {
        Path module = Workshop.root().resolve("steps/part2/16-batching");
        return "java -Xint -XX:+UseSerialGC -XX:-UsePerfData -Djna.tmpdir=/tmp -cp "
                + module.resolve("target/part2-16-batching-1.0.jar") + ":"
                + Files.readString(module.resolve("target/classpath.txt")).trim()
                + " netlink.workshop.ch16.BatchHello";
    }

    @Test
    void thirtyTwoHellosInOneDatagramEachGetTheirOwnAnswer() throws Exception {
        String program = batchHello();
        Workshop.Result result = Guest.stage(10).line(program + " && echo '" + MARK + "' && " + program
                + " --bad 0 --requests 64").run().result();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String first = result.stdout().substring(0, result.stdout().indexOf(MARK));
        String second = result.stdout().substring(result.stdout().indexOf(MARK));
        ExpectedOutput.assertMatches(Workshop.root().resolve("steps/part2/16-batching/expected-output.txt"), first);
        assertThat(first).contains("request 8, seq 8: error EOPNOTSUPP (95)")
                .contains("31 of 32 requests answered \"Hello Userspace\", 1 refused");
        assertThat(second).contains("sent 64 requests in one sendmsg: 2048 bytes, seq 1 to 64\n")
                .contains("64 of 64 requests answered \"Hello Userspace\", 0 refused");
    }
}
