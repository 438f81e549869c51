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
 * socket's port) still gets its reply at the real sender; malformed payloads
 * are refused without the module reading past them.
 */
@Tag("vm")
class Stage04IT {
    @Test
    void runFourRepliesToTheRealSenderWhateverNlmsgPidClaims() throws Exception {
        Workshop.Result result = Workshop.runStage(4);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(4).resolve("expected-output.txt"), result.stdout());
        Matcher ports = Pattern.compile("socket on protocol 31, port (\\d+); a second socket: port (\\d+)\n")
                .matcher(result.stdout());
        assertThat(ports.find()).as(result.toString()).isTrue();
        String port = ports.group(1);
        String other = ports.group(2);
        assertThat(other).isNotEqualTo(port);

        String out = result.stdout();
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

    @Test
    void malformedPayloadsAreRefusedAndNothingBogusIsLogged() throws Exception {
        Workshop.Result result = Workshop.vm(4, Workshop.javaWithTests(4, "netlink.workshop.step04.PayloadProbe")
                + "; rc=$?; echo '----- dmesg -----'; dmesg | sed -n 's/^\\[ *[0-9.]*\\] //; /^nlws: /p'; exit $rc");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        String out = result.stdout();
        assertThat(out).as(result.toString())
                .contains("no NUL (\"Hello Kernel\" without its terminator, 12 bytes): NLMSG_ERROR EINVAL\n")
                .contains("empty payload (nlmsg_len 16): NLMSG_ERROR EINVAL\n")
                .contains("too long (257 bytes, limit 256): NLMSG_ERROR EINVAL\n")
                .contains("unknown type 0x12: NLMSG_ERROR EOPNOTSUPP\n")
                .contains("nlmsg_len 100 in a 29-byte datagram: no answer (dropped before nlws_handle)\n")
                .contains("a good request: reply \"Hello Userspace\"\n");
        // Only the good request reached the log: nothing read past a payload's end.
        List<String> log = out.lines().dropWhile(line -> !line.equals("----- dmesg -----")).skip(1).toList();
        assertThat(log).filteredOn(line -> line.startsWith("nlws: received"))
                .containsExactly("nlws: received \"Hello Kernel\" from port " + port(out));
        assertThat(log).noneMatch(line -> line.contains("\\x") || line.contains("AAAA"));
    }

    private static List<String> kernelLog(String out) {
        return out.lines().dropWhile(line -> !line.startsWith("----- kernel log")).skip(1).toList();
    }

    private static String port(String out) {
        Matcher m = Pattern.compile("^client on port (\\d+)$", Pattern.MULTILINE).matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }
}
