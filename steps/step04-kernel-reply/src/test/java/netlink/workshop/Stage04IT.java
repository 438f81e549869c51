package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stage 4 in the VM: the whole reply; a forged nlmsg_pid (0, or another
 * socket's port) still gets its reply at the real sender. (Malformed payloads:
 * Stage03IT, where the payload checks are taught.)
 */
@Tag("vm")
class Stage04IT {
    @Tag("todo1")
    @Tag("todo2")
    @Test
    void runFourRepliesToTheRealSenderWhateverNlmsgPidClaims() throws Exception {
        Workshop.Result result = Workshop.runStage(4);

        Matcher ports = Pattern.compile("socket on protocol 31, port (\\d+); a second socket: port (\\d+)\n")
                .matcher(result.stdout());
        assertThat(ports.find()).as(result.toString()).isTrue();
        String port = ports.group(1);
        String other = ports.group(2);
        assertThat(other).isNotEqualTo(port);
        String out = result.stdout();
        assertThat(out).as("TODO 1: no \"Hello Userspace\" came back: nlws_reply() must build the message"
                + " (nlmsg_new, nlmsg_put, memcpy) and nlmsg_unicast() it")
                .contains("   the kernel says: Hello Userspace\n");
        assertThat(out).as("TODO 2: with a forged nlmsg_pid 0 the reply did not reach the real sender, port "
                + port + ": reply to NETLINK_CB(skb).portid, never to nlh->nlmsg_pid")
                .contains("2. request with a forged nlmsg_pid 0 (the kernel's own port)\n"
                        + "   the reply came to port " + port + ", the real sender: Hello Userspace\n");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(4).resolve("expected-output.txt"), result.stdout());

        assertThat(out).contains("   the kernel says: Hello Userspace\n")
                .contains("2. request with a forged nlmsg_pid 0 (the kernel's own port)\n"
                        + "   the reply came to port " + port + ", the real sender: Hello Userspace\n")
                .contains("3. request with a forged nlmsg_pid " + other + " (the second socket's port)\n"
                        + "   the reply came to port " + port + ", the real sender: Hello Userspace\n"
                        + "   the second socket (port " + other + ") received nothing in 500 ms\n");
        // The kernel log: three requests, all from the real port and all answered there.
        List<String> log = kernelLog(out);
        assertThat(log).filteredOn(line -> line.startsWith("nlws: received")).hasSize(3)
                .allMatch(line -> line.equals("nlws: received \"Hello Kernel\" from port " + port));
        assertThat(log).filteredOn(line -> line.startsWith("nlws: sent")).hasSize(3)
                .allMatch(line -> line.equals("nlws: sent \"Hello Userspace\" to port " + port));
    }

    private static List<String> kernelLog(String out) {
        return out.lines().dropWhile(line -> !line.startsWith("----- kernel log")).skip(1).toList();
    }
}
