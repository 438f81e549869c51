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
 * Stage 9 in C, in one boot: the C twin send_message.c sends and the module
 * logs our port; under unshare -n the Java and C programs open and bind, then
 * sendmsg() gets ECONNREFUSED (the page's claim); and ack_probe.c shows that an
 * ACK with error 0 comes for requests the handler never sees.
 */
@Tag("vm")
@KitsOwn
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Stage09CTwinIT {
    private Guest.Boot vm;

    @BeforeAll
    void boot() throws Exception {
        String twin = Guest.compile(9, "src/main/c/send_message.c");
        String probe = Guest.compile(9, "src/test/c/ack_probe.c");
        String java = Guest.java(9, "netlink.workshop.step09.SendMessage");
        vm = Guest.stage(9).line("dmesg -C")
                .step("twin", twin + "; echo \"exit $?\"")
                .step("twin-log", Guest.MODULE_LOG + "; dmesg -C")
                .step("unshare-c", "unshare -n " + twin + "; echo \"exit $?\"")
                .step("unshare-java", "unshare -n " + java + "; echo \"exit $?\"")
                .step("unshare-log", Guest.MODULE_LOG + "; dmesg -C")
                .step("ack", probe + "; echo \"exit $?\"")
                .step("ack-log", Guest.MODULE_LOG).boot();
    }

    @Test
    void theCTwinSendsTwentyNineBytesAndTheModuleLogsItsPort() throws Exception {
        List<String> lines = vm.step("twin").lines();
        assertThat(lines).as(vm.toString()).hasSize(6);
        Matcher port = Pattern.compile("the kernel picked port (\\d+)$").matcher(lines.get(1));
        assertThat(port.find()).as(vm.toString()).isTrue();
        List<String> java = Files.readAllLines(Workshop.stepDir(9).resolve("expected-output.txt"));
        assertThat(lines.get(4)).matches(ExpectedOutput.toPattern(java.get(1))).endsWith(" = 29 bytes");
        assertThat(lines.get(5)).isEqualTo("exit 0");
        ExpectedOutput.assertMatches(Workshop.stepDir(9).resolve("src/main/c/expected-output.txt"),
                String.join("\n", lines));
        assertThat(vm.step("twin-log").lines()).as(vm.toString())
                .contains("nlws: received \"Hello Kernel\" from port " + port.group(1));
    }

    @Test
    void inAnotherNetworkNamespaceSendmsgIsRefusedAndNothingArrives() {
        List<String> c = vm.step("unshare-c").lines();
        assertThat(c).as(vm.toString()).hasSize(6);
        assertThat(c.get(1)).startsWith("bound with nl_pid 0; getsockname says the kernel picked port ");
        assertThat(c.subList(4, 6)).containsExactly("sendmsg: Connection refused", "exit 1");

        // What stage 9's page says the learner sees with `unshare -n SendMessage`.
        List<String> java = vm.step("unshare-java").lines();
        assertThat(java).as(vm.toString()).hasSize(3);
        assertThat(java.get(0)).matches("socket open on protocol 31 \\(fd \\d+\\), bound to port \\d+,"
                + " picked by the kernel");
        assertThat(java.get(1)).matches("sendmsg\\(fd \\d+, to port 0\\): Connection refused \\(ECONNREFUSED\\):"
                + " no kernel socket on protocol 31 in this network namespace: .*");
        assertThat(java.get(2)).isEqualTo("exit 1");
        assertThat(vm.step("unshare-log").lines()).as("the module never saw these messages").isEmpty();
    }

    @Test
    void anAckWithErrorZeroComesAlsoForRequestsTheHandlerNeverSaw() {
        List<String> lines = vm.step("ack").lines();
        assertThat(lines).as(vm.toString()).hasSize(12);
        assertThat(lines.get(0)).matches("port \\d+");
        String port = lines.get(0).substring("port ".length());
        assertThat(lines.subList(1, 12)).containsExactly(
                "request 1: type 0x10, flags NLM_F_ACK (no NLM_F_REQUEST)",
                "answer to 1: NLMSG_ERROR, error 0",
                "request 1: no more answers",
                "request 2: type 0x0, below NLMSG_MIN_TYPE, flags NLM_F_REQUEST|NLM_F_ACK",
                "answer to 2: NLMSG_ERROR, error 0",
                "request 2: no more answers",
                "request 3: type 0x10, flags NLM_F_REQUEST|NLM_F_ACK",
                "answer to 3: WORKSHOP_MSG_REPLY, \"Hello Userspace\"",
                "answer to 3: NLMSG_ERROR, error 0",
                "request 3: no more answers",
                "exit 0");
        // Only request 3 reached nlws_handle(): one received line, one sent line.
        assertThat(vm.step("ack-log").lines()).as(vm.toString()).containsExactly(
                "nlws: received \"Hello Kernel\" from port " + port,
                "nlws: sent \"Hello Userspace\" to port " + port);
    }
}
