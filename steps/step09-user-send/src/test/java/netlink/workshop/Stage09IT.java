package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 9 in the VM: the message is sent, and the module's kernel log line shows it arrived from our port. */
@Tag("todo1")
@Tag("vm")
class Stage09IT {
    @Test
    void runNineSendsAndTheKernelLogShowsTheMessageArrived() throws Exception {
        Workshop.Result result = Workshop.runStage(9);

        assertThat(result.stdout()).as("TODO 1: sendmsg did not send the 29-byte message: point msg_iov at"
                + " the iovec (iov_base = buffer) and msg_name at the kernel's sockaddr_nl")
                .contains(") = 29 bytes\n");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(9).resolve("expected-output.txt"), result.stdout());
        Matcher bound = Pattern.compile("bound to port (\\d+), picked by the kernel").matcher(result.stdout());
        assertThat(bound.find()).as(result.toString()).isTrue();
        String out = result.stdout();
        assertThat(out).contains(") = 29 bytes\n")
                .doesNotContain("the kernel says")
                .contains("nlws: received \"Hello Kernel\" from port " + bound.group(1) + "\n");
        assertThat(out.indexOf("----- kernel log")).isLessThan(out.indexOf("nlws: received"));
    }
}
