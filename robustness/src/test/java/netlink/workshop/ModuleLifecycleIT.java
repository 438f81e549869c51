package netlink.workshop;

import static netlink.workshop.testkit.Guest.AS_NOBODY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Who may talk to stage 10's module, and what clients see while it comes and
 * goes, in one VM boot: admin_only=1 (loaded with the launcher's --param),
 * the default (anyone), rmmod while a socket is open, the module absent, and
 * 50 insmod/rmmod cycles while C and Java clients keep sending.
 */
@Tag("vm")
class ModuleLifecycleIT {
    private static final int CYCLES = 50;
    /** This module's folder: the C programs the guest runs, and RobustnessProbe's classes. */
    private static final Path LAB = Workshop.root().resolve("robustness");
    private static final String PROBE = "netlink.workshop.RobustnessProbe";

    private static Guest.Boot vm;

    @BeforeAll
    static void bootOnceAndRunEveryScenario() throws Exception {
        String ko = Workshop.kernelDir(10).resolve("nlws.ko").toString();
        String hello = Guest.program(LAB, "hello");
        String churn = Guest.program(LAB, "churn");
        Guest script = Guest.stage(10).param("admin_only=1").kernelChecks()
                .testClasses(LAB.resolve("target/test-classes"));
        String javaHello = script.java(10, PROBE, "hello");
        script.step("admin-param", "cat /sys/module/nlws/parameters/admin_only")
                .step("admin-root", hello)
                .step("admin-nobody", AS_NOBODY + hello)
                .step("admin-root-without-cap", "setpriv --inh-caps=-net_admin --bounding-set=-net_admin " + hello)
                .step("admin-java-nobody", AS_NOBODY + javaHello)
                .step("reload-default", "rmmod nlws && insmod " + ko)
                .step("default-param", "cat /sys/module/nlws/parameters/admin_only")
                .step("default-nobody", AS_NOBODY + hello)
                .step("default-java-nobody", AS_NOBODY + javaHello)
                .step("pinned", churn + " --hold >/tmp/held & h=$!; "
                        + "until grep -q holding /tmp/held; do sleep 0.1; done; "
                        + "rmmod nlws; echo \"rmmod while a socket is open: rc=$?\"; kill $h; wait $h; "
                        + "rmmod nlws; echo \"rmmod once it is closed: rc=$?\"")
                .step("absent-c", hello)
                .step("absent-java", javaHello)
                // busybox's insmod and rmmod: the same system calls as kmod's, without its start-up cost.
                .step("unload-under-load", "rm -f /tmp/stop; "
                        + script.java(10, PROBE, "churn /tmp/stop") + " >/tmp/churn-java.out 2>&1 & "
                        + churn + " 1 /tmp/stop >/tmp/churn-1.out 2>&1 & "
                        + churn + " 2 /tmp/stop >/tmp/churn-2.out 2>&1 & "
                        + "start=$(date +%s); busy=0; c=0; while [ $c -lt " + CYCLES + " ]; do "
                        + "busybox insmod " + ko + " || break; sleep 0.2; "
                        + "until busybox rmmod nlws 2>/dev/null; do busy=$((busy + 1)); sleep 0.02; done; "
                        + "c=$((c + 1)); sleep 0.1; done; "
                        + "echo \"insmod/rmmod cycles: $c in $(($(date +%s) - start)) s;"
                        + " rmmod refused $busy times while a client held a socket\"; "
                        + "touch /tmp/stop; wait; cat /tmp/churn-1.out /tmp/churn-2.out /tmp/churn-java.out")
                .step("reloaded", "insmod " + ko + " && " + hello)
                .step("cmdline", "cat /proc/cmdline")
                .logSteps();
        vm = script.boot();
    }

    @Test
    void adminOnlyAcceptsRootAndRejectsOthersWithEperm() {
        assertThat(vm.step("admin-param").output()).isEqualTo("Y\n");
        assertThat(vm.step("admin-root").exitCode()).as(vm.step("admin-root").output()).isZero();
        assertThat(vm.step("admin-root").output()).contains("reply: Hello Userspace").contains("ack: 0");

        for (String who : List.of("admin-nobody", "admin-root-without-cap")) {
            Guest.Step rejected = vm.step(who);
            assertThat(rejected.exitCode()).as(rejected.output()).isEqualTo(1);
            assertThat(rejected.output()).contains("error: -1 (Operation not permitted)").doesNotContain("reply:");
        }
    }

    @Test
    void theJavaClientExplainsAdminOnly() {
        Guest.Step java = vm.step("admin-java-nobody");

        assertThat(java.exitCode()).as(java.output()).isEqualTo(1);
        assertThat(java.output()).contains("java hello: the kernel's answer (NLMSG_ERROR, the kernel says \"nlws: admin_only is set:"
                + " CAP_NET_ADMIN needed\"): Operation not permitted"
                + " (EPERM): the module was loaded with admin_only=1 and accepts only CAP_NET_ADMIN senders:"
                + " run as root, or reload it without admin_only\n");
    }

    @Test
    void byDefaultAnyLocalUserMayTalkToTheModule() {
        assertThat(vm.step("reload-default").exitCode()).as(vm.step("reload-default").output()).isZero();
        assertThat(vm.step("default-param").output()).isEqualTo("N\n");
        assertThat(vm.step("default-nobody").exitCode()).as(vm.step("default-nobody").output()).isZero();
        assertThat(vm.step("default-nobody").output()).contains("reply: Hello Userspace").contains("ack: 0");
        assertThat(vm.step("default-java-nobody").output()).contains("java hello: the kernel says: Hello Userspace");
    }

    @Test
    void anOpenClientSocketPinsTheModule() {
        Guest.Step pinned = vm.step("pinned");

        assertThat(pinned.output()).contains("rmmod: ERROR: Module nlws is in use")
                .contains("rmmod while a socket is open: rc=1").contains("rmmod once it is closed: rc=0");
    }

    @Test
    void withoutTheModuleClientsAreToldWhyAndWhatToDo() {
        assertThat(vm.step("absent-c").exitCode()).isEqualTo(2);
        assertThat(vm.step("absent-c").output()).contains("socket(AF_NETLINK, SOCK_RAW, 31): Protocol not supported");
        assertThat(vm.step("absent-java").exitCode()).isEqualTo(1);
        assertThat(vm.step("absent-java").output()).isEqualTo("java hello: socket(AF_NETLINK, SOCK_RAW, 31): Protocol"
                + " not supported (EPROTONOSUPPORT): no kernel socket listens on protocol 31: load a workshop"
                + " module that creates one (stage 2 or later), e.g. ./workshop run 10\n");
    }

    @Test
    void fiftyUnloadsUnderLoadCrashNothingAndClientsOnlySeeTheModuleMissing() {
        Guest.Step cycles = vm.step("unload-under-load");
        String output = cycles.output();

        assertThat(cycles.exitCode()).as(output).isZero();
        assertThat(output).contains("insmod/rmmod cycles: " + CYCLES + " in ");
        for (String id : List.of("1", "2")) {
            Matcher churn = Pattern.compile("churn " + id + ": (\\d+) round trips ok, (\\d+) times EPROTONOSUPPORT"
                    + " \\(module absent\\), 0 failures").matcher(output);
            assertThat(churn.find()).as(output).isTrue();
            assertThat(Long.parseLong(churn.group(1))).as("round trips while loaded").isPositive();
            assertThat(Long.parseLong(churn.group(2))).as("attempts while absent").isPositive();
        }
        Matcher java = Pattern.compile("java churn: (\\d+) round trips ok").matcher(output);
        assertThat(java.find()).as(output).isTrue();
        assertThat(Long.parseLong(java.group(1))).isPositive();
        // The only failure the Java client may report: the module is absent, said in one line with the fix.
        assertThat(output.lines().filter(l -> l.startsWith("java churn error"))).isNotEmpty()
                .allMatch(l -> l.matches("java churn error x\\d+: socket\\(AF_NETLINK, SOCK_RAW, 31\\): Protocol not"
                        + " supported \\(EPROTONOSUPPORT\\): no kernel socket listens on protocol 31: load .*"));

        assertThat(vm.step("reloaded").exitCode()).as(vm.step("reloaded").output()).isZero();
    }

    @Test
    void theKernelLogStaysClean() {
        assertThat(vm.step("cmdline").output()).as("the guest ran with SLUB's debug checks")
                .contains("slub_debug=FZPU");
        vm.assertKernelLogClean();
        assertThat(vm.step("dmesg").output()).contains("nlws: socket released, module unloaded");
    }
}
