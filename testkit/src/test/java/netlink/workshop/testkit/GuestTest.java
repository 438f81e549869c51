package netlink.workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestTest {
    /** What the guest prints for a script of steps: each step's output between its two lines. */
    private static final String OUTPUT = "boot noise\n"
            + "=== run\nsocket open\nthe kernel says: Hello Userspace\n=== run rc=0\n"
            + "=== rmmod\nrmmod: ERROR: Module nlws is in use\n=== rmmod rc=1\n"
            + "=== empty\n=== empty rc=0\n"
            + "=== dmesg\n[    0.000000] Linux version 6.1.0\n[    1.0] nlws: ready\n=== dmesg rc=0\n";

    @Test
    void aScriptRunsEachStepWithItsOutputAndStatusBetweenTwoMarkers() {
        String script = Guest.withoutModule().line("dmesg -C").step("run", "hello_client").script();

        assertThat(script).isEqualTo("dmesg -C\n"
                + "echo '=== run'\n{ hello_client; } 2>&1\necho \"=== run rc=$?\"\n");
        assertThatThrownBy(() -> Guest.withoutModule().step("two words", "true"))
                .hasMessageContaining("a step's name is one word");
    }

    @Test
    void theOutputSplitsIntoStepsByNameWithTheirExitCodes() {
        Map<String, Guest.Step> steps = Guest.steps(OUTPUT);

        assertThat(steps.keySet()).containsExactly("run", "rmmod", "empty", "dmesg");
        assertThat(steps.get("run")).isEqualTo(new Guest.Step("run",
                "socket open\nthe kernel says: Hello Userspace\n", 0));
        assertThat(steps.get("run").lines()).containsExactly("socket open", "the kernel says: Hello Userspace");
        assertThat(steps.get("rmmod").exitCode()).isEqualTo(1);
        assertThat(steps.get("empty").output()).isEmpty();
        assertThat(steps.get("rmmod").toString()).isEqualTo("step rmmod, exit 1:\nrmmod: ERROR: Module nlws is in use\n");
    }

    @Test
    void aStepThatDidNotEndIsNotReported() {
        assertThat(Guest.steps("=== run\nhalf of it\n=== other rc=0\n")).isEmpty();
    }

    @Test
    void logStepsEndTheScriptWithTheModulesLinesAndTheWholeKernelLog() {
        assertThat(Guest.withoutModule().logSteps().script()).isEqualTo("echo '=== log'\n{ " + Guest.MODULE_LOG
                + "; } 2>&1\necho \"=== log rc=$?\"\necho '=== kernel'\n{ cat /proc/version /proc/cmdline; } 2>&1\n"
                + "echo \"=== kernel rc=$?\"\necho '=== dmesg'\n{ dmesg; } 2>&1\necho \"=== dmesg rc=$?\"\n");
    }

    @Test
    void theTestLogLeavesOutTheDmesgStepsBody() {
        assertThat(Guest.withoutDmesg(OUTPUT)).endsWith("=== empty rc=0\n=== dmesg (not shown)\n")
                .doesNotContain("Linux version");
    }

    @Test
    void kernelTroubleIsFoundLineByLine() {
        String log = "[    1.0] nlws: ready\n[    2.0] BUG kmalloc-64 (Tainted: G): Redzone overwritten\n"
                + "[    3.0] WARNING: CPU: 0 PID: 1 at net/netlink/af_netlink.c\n[    4.0] all is well\n";

        assertThat(Guest.trouble(log)).containsExactly("[    2.0] BUG kmalloc-64 (Tainted: G): Redzone overwritten",
                "[    3.0] WARNING: CPU: 0 PID: 1 at net/netlink/af_netlink.c");
        assertThat(Guest.trouble("[    0.0] Linux version 6.1.0\n[    1.0] nlws: ready\n")).isEmpty();
    }

    @Test
    void theFirstMatchingClueNamesTheTodo() {
        Guest.Todos todos = new Guest.Todos(11)
                .when("Unsupported attribute", 1, "add the policy entry")
                .when(output -> output.contains("no extended ACK"), 4, "turn NETLINK_EXT_ACK on")
                .when("Unsupported", 2, "never reached for the text above");

        assertThat(todos.diagnose("the kernel said \"Unsupported attribute\"")).isEqualTo("TODO 1: add the policy entry");
        assertThat(todos.diagnose("refused, no extended ACK")).isEqualTo("TODO 4: turn NETLINK_EXT_ACK on");
        assertThat(todos.diagnose("Hello Userspace")).isEqualTo("the output is not what chapter 11 prints");
    }

    @Test
    void aChapterBootsItsOwnModuleWithSlubDebugAndAStageByNumber() throws Exception {
        Guest chapter = Guest.chapter(11).step("run", "true");
        assertThat(chapter.launcherArgs()).containsExactly("vm", "--module", Workshop.moduleDir(11).toString(),
                "--", "sh", "-c", chapter.script());
        assertThat(chapter.launcherEnv()).containsEntry("WORKSHOP_VM_APPEND", "slub_debug=FZPU");
        // The kernel's checks: every warning on the console too, set first and once.
        assertThat(chapter.kernelChecks().script()).isEqualTo("echo 5 >/proc/sys/kernel/printk\n"
                + "echo '=== run'\n{ true; } 2>&1\necho \"=== run rc=$?\"\n");

        Guest stage = Guest.stage(10).param("admin_only=1");
        assertThat(stage.launcherArgs()).containsExactly("vm", "--step", "10", "--param", "admin_only=1",
                "--", "sh", "-c", "\n");
        assertThat(stage.launcherEnv()).isEmpty();
        assertThat(Guest.module("kernel/pitfalls/seed-forged-pid").launcherArgs()).startsWith("vm", "--module",
                "kernel/pitfalls/seed-forged-pid", "--");
        assertThat(Guest.withoutModule().launcherArgs()).startsWith("vm", "--");
    }

    @Test
    void aBootNamesItsLogsInEveryFailureAndChecksBothKernelLogs(@TempDir Path logs) throws Exception {
        String output = OUTPUT.replace("=== dmesg\n", "=== log\nnlws: ready\n=== log rc=0\n=== dmesg\n");
        Files.writeString(logs.resolve("console.log"), "[    0.0] Linux version 6.1.0\n");
        Guest.Boot boot = new Guest.Boot(new Workshop.Result(0, output, ""), logs, "fuzz seed 7: ");

        assertThat(boot.withModuleLog("run")).isEqualTo("socket open\nthe kernel says: Hello Userspace\n"
                + "----- kernel log: what nlws printed during this run -----\nnlws: ready\n");
        boot.assertKernelLogClean();
        assertThatThrownBy(() -> boot.step("missing")).hasMessageContaining("fuzz seed 7: step missing in the VM's"
                + " output").hasMessageContaining("kept in " + logs);

        Files.writeString(logs.resolve("console.log"), "[    9.0] WARNING: CPU: 0 PID: 1 at mm/slub.c\n");
        Guest.Boot warned = new Guest.Boot(new Workshop.Result(0, output, ""), logs, "");
        assertThatThrownBy(warned::assertKernelLogClean).hasMessageContaining("kernel trouble on the console")
                .hasMessageContaining("WARNING: CPU: 0");

        Files.delete(logs.resolve("console.log"));
        Guest.Boot unbooted = new Guest.Boot(new Workshop.Result(1, "", "nlws.ko: no such file"), logs, "");
        assertThatThrownBy(unbooted::console).hasMessageContaining("the VM did not boot (no console.log)")
                .hasMessageContaining("nlws.ko: no such file");
    }
}
