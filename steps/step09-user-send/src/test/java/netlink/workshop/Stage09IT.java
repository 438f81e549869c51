package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stage 9 in the VM: the message is sent, the module's kernel log line shows
 * it arrived from our port, and it goes to the kernel because the sender names
 * the kernel, not by default: DestinationProbe sends from a connect()ed socket.
 */
@Tag("todo1")
@Tag("vm")
class Stage09IT {
    @Test
    void runNineSendsAndTheKernelLogShowsTheMessageArrived() throws Exception {
        Workshop.Result result = Workshop.runStage(9);

        assertThat(result.stdout()).as(result.stdout().contains("(EFAULT)")
                ? "TODO 1: sendmsg found no message where the iovec points (EFAULT, Bad address): JNA copies a"
                + " Structure's fields to native memory only on write(): set iov.iov_base = buffer, then iov.write()"
                + " before msg.write()"
                : "TODO 1: sendmsg did not send the 29-byte message: point msg_iov at the iovec (iov_base = buffer,"
                + " msg_iovlen 1) and msg_name at the kernel's sockaddr_nl")
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

    @Test
    void theMessageGoesToTheKernelBecauseTheSenderNamesIt() throws Exception {
        Workshop.Result result = Guest.stage(9).line(Guest.javaWithTests(9, "netlink.workshop.step09.DestinationProbe")
                + "; " + Guest.MODULE_LOG).run().result();
        String out = result.stdout();
        Matcher ports = Pattern.compile("port (\\d+), connected to socket B, port (\\d+)").matcher(out);

        assertThat(ports.find()).as("the probe ran: " + result).isTrue();
        assertThat(out).as("TODO 1: the message went to the socket's connected peer (port " + ports.group(2)
                + "), not to the kernel: without msg_name, sendmsg sends to the socket's default destination, which"
                + " connect() changes; set msg_name = kernel.getPointer() and msg_namelen = kernel.size() (nl_pid 0)")
                .doesNotContainPattern("B received \\d+ bytes");
        assertThat(out).as("TODO 1: the message from a connected socket did not reach the module: " + out)
                .contains("probe: A sent 29 bytes\n")
                .contains("nlws: received \"Hello Kernel\" from port " + ports.group(1) + "\n");
    }
}
