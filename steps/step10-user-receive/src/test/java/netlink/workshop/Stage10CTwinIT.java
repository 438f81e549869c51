package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.KitsOwn;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Stage 10 in C, in one boot: the C twin hello_client.c (the seed's client
 * corrected) prints Java's reply lines and reports the seed's 28-byte buffer as
 * truncated; peek_probe.c shows MSG_PEEK | MSG_TRUNC and msg_flags as the page
 * describes them; ext_ack_probe.c measures the error answers reference.md quotes.
 */
@Tag("vm")
@KitsOwn
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Stage10CTwinIT {
    private Guest.Boot vm;

    @BeforeAll
    void boot() throws Exception {
        String twin = Guest.compile(10, "src/main/c/hello_client.c");
        String peek = Guest.compile(10, "src/test/c/peek_probe.c");
        String extAck = Guest.compile(10, "src/test/c/ext_ack_probe.c");
        vm = Guest.stage(10).line("dmesg -C")
                .step("twin", twin + "; echo \"exit $?\"")
                .step("twin-log", Guest.MODULE_LOG)
                .step("seed-buffer", twin + " 28; echo \"exit $?\"")
                .step("peek", peek + "; echo \"exit $?\"")
                .step("ext-ack", extAck + "; echo \"exit $?\"").boot();
    }

    @Test
    void theCTwinPrintsJavasReplyLinesToItsOwnPort() throws Exception {
        List<String> lines = vm.step("twin").lines();
        assertThat(lines).as(vm.toString()).hasSize(8);
        Matcher port = Pattern.compile("the kernel picked port (\\d+)$").matcher(lines.get(1));
        assertThat(port.find()).as(vm.toString()).isTrue();
        List<String> java = Files.readAllLines(Workshop.stepDir(10).resolve("expected-output.txt"));
        assertThat(lines.get(5)).matches(ExpectedOutput.toPattern(java.get(2)))
                .isEqualTo("received 32 bytes: len 32, type 0x11 WORKSHOP_MSG_REPLY, flags 0, seq 1, pid "
                        + port.group(1));
        assertThat(lines.get(6)).isEqualTo(java.get(3)).isEqualTo("the kernel says: Hello Userspace");
        assertThat(lines.get(7)).isEqualTo("exit 0");
        ExpectedOutput.assertMatches(Workshop.stepDir(10).resolve("src/main/c/expected-output.txt"),
                String.join("\n", lines));
        assertThat(vm.step("twin-log").lines())
                .as(vm.toString())
                .contains("nlws: received \"Hello Kernel\" from port " + port.group(1),
                        "nlws: sent \"Hello Userspace\" to port " + port.group(1));
    }

    @Test
    void theSeedsTwentyEightByteBufferIsReportedNotPrintedHalf() {
        List<String> lines = vm.step("seed-buffer").lines();
        assertThat(lines).as(vm.toString()).hasSize(7);
        assertThat(lines.subList(5, 7)).containsExactly(
                "recvmsg: reply truncated: the kernel sent 32 bytes but the buffer holds only 28", "exit 1");
    }

    @Test
    void peekWithTruncSizesTheDatagramWithoutTakingItAndMsgFlagsReportsACut() {
        assertThat(vm.step("peek").lines()).as(vm.toString()).containsExactly(
                "recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC) = 32",
                "recvmsg, 32-byte buffer, flags 0: returns 32, msg_flags 0, seq 1, \"Hello Userspace\"",
                "recvmsg, 28-byte buffer, flags 0: returns 28, msg_flags MSG_TRUNC, seq 2",
                "recvmsg, 28-byte buffer, flags MSG_TRUNC: returns 32, msg_flags MSG_TRUNC, seq 3",
                "recv, MSG_DONTWAIT: EAGAIN: the queue is empty",
                "exit 0");
    }

    @Test
    void errorAnswersHaveTheSizesTheReferencePageQuotes() throws Exception {
        assertThat(vm.step("ext-ack").lines()).as(vm.toString()).containsExactly(
                "no option: 52 bytes, nlmsg_len 52, error -95 (Operation not supported)",
                "NETLINK_EXT_ACK: 84 bytes, nlmsg_len 84, error -95 (Operation not supported),"
                        + " the kernel says \"nlws: unknown message type\"",
                "NETLINK_CAP_ACK: 36 bytes, nlmsg_len 36, error -95 (Operation not supported)",
                "exit 0");
        assertThat(quoted("docs/en/reference.md", "the error answer is (\\d+) bytes .*?; (\\d+) bytes with"
                + " `NETLINK_EXT_ACK`.*?; (\\d+) bytes with `NETLINK_CAP_ACK`")).containsExactly("52", "84", "36");
        assertThat(quoted("docs/th/reference.md", "คำตอบ error ยาว (\\d+) ไบต์ .*?`NETLINK_EXT_ACK` จะยาว (\\d+) ไบต์"
                + ".*?`NETLINK_CAP_ACK` จะเหลือ (\\d+) ไบต์")).containsExactly("52", "84", "36");
    }

    /** The numbers a page quotes in the sentence {@code regex} finds (whitespace squeezed to one space). */
    private static List<String> quoted(String page, String regex) throws Exception {
        String text = String.join(" ", Files.readString(Workshop.root().resolve(page)).split("\\s+"));
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("%s no longer has the sentence /%s/: update this test with the page", page, regex)
                .isTrue();
        return List.of(m.group(1), m.group(2), m.group(3));
    }
}
