package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 3 in the VM: the module logs the payload and the client's real port, and sends no reply. */
@Tag("vm")
class Stage03IT {
    @Tag("todo1")
    @Test
    void runThreeLogsThePayloadAndTheRealPortAndGetsNoReply() throws Exception {
        Workshop.Result result = Workshop.runStage(3);

        assertThat(result.stdout()).as("TODO 1: the module never logged 'received \"Hello Kernel\"':"
                + " nlws_input() must hand the datagram to netlink_rcv_skb(skb, nlws_handle)")
                .contains("nlws: received \"Hello Kernel\" from port ");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(3).resolve("expected-output.txt"), result.stdout());
        Matcher client = Pattern.compile("socket on protocol 31, port (\\d+)\n").matcher(result.stdout());
        assertThat(client.find()).as(result.toString()).isTrue();
        assertThat(client.group(1)).isNotEqualTo("0");
        assertThat(result.stdout()).contains("no reply within 1000 ms")
                .contains("nlws: received \"Hello Kernel\" from port " + client.group(1) + "\n")
                .doesNotContain("Hello Userspace");
    }

    @Test
    @Tag("todo2")
    void malformedPayloadsAreRefusedAndNothingBogusIsLogged() throws Exception {
        Workshop.Result result = Guest.stage(3).line(Guest.javaWithTests(3, "netlink.workshop.step03.PayloadProbe")
                + "; rc=$?; echo '----- dmesg -----'; " + Guest.MODULE_LOG + "; exit $rc").run().result();

        String out = result.stdout();
        assertThat(out).as("TODO 2: a payload without its NUL was not refused with EINVAL: check len and"
                + " memchr(payload, '\\0', len) before reading the payload")
                .contains("no NUL (\"Hello Kernel\" without its terminator, 12 bytes): NLMSG_ERROR EINVAL, the kernel says"
                        + " \"nlws: payload must be a NUL-terminated string\"\n");
        assertThat(out).as("TODO 2: an empty payload was not refused with EINVAL: len must be at least 1")
                .contains("empty payload (nlmsg_len 16): NLMSG_ERROR EINVAL, the kernel says");
        assertThat(out).as("TODO 2: a 257-byte payload was not refused with EINVAL: len must be at most"
                + " WORKSHOP_PAYLOAD_MAX").contains("too long (257 bytes, limit 256): NLMSG_ERROR EINVAL, the kernel says");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(out).as(result.toString())
                // Extended ACK: the module's NL_SET_ERR_MSG text reaches the client (NETLINK_EXT_ACK).
                .contains("unknown type 0x12: NLMSG_ERROR EOPNOTSUPP, the kernel says \"nlws: unknown message type\"\n")
                .contains("nlmsg_len 100 in a 29-byte datagram: no answer in 700 ms\n")
                .contains("a good request: no answer in 700 ms\n");
        // Only the good request reached the log: nothing read past a payload's end.
        List<String> log = out.lines().dropWhile(line -> !line.equals("----- dmesg -----")).skip(1).toList();
        assertThat(log).filteredOn(line -> line.startsWith("nlws: received"))
                .containsExactly("nlws: received \"Hello Kernel\" from port " + port(out));
        assertThat(log).noneMatch(line -> line.contains("\\x") || line.contains("AAAA"));
    }

    private static String port(String out) {
        Matcher m = Pattern.compile("^client on port (\\d+)$", Pattern.MULTILINE).matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }
}
