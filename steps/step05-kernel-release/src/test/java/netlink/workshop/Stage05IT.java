package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 5 in the VM: the module unloads cleanly, protocol 31 is gone after rmmod, and insmod brings it back. */
@Tag("vm")
class Stage05IT {
    @Tag("todo1")
    @Test
    void runFiveUnloadsAndReloadsTheModule() throws Exception {
        Workshop.Result result = Workshop.runStage(5);

        assertThat(result.stdout()).as("TODO 1: the module never said 'socket released, module unloaded':"
                + " add an exit function that calls netlink_kernel_release(), and module_exit()")
                .contains("nlws: socket released, module unloaded\n");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(5).resolve("expected-output.txt"), result.stdout());
        String out = result.stdout();
        int unload = out.indexOf("$ rmmod nlws\n");
        int refused = out.indexOf("socket(AF_NETLINK, SOCK_RAW, 31): Protocol not supported (EPROTONOSUPPORT)");
        int reload = out.indexOf("$ insmod " + Workshop.moduleDir(5).resolve("nlws.ko") + "\n");
        assertThat(unload).as(result.toString()).isPositive();
        assertThat(refused).as("socket() fails after rmmod").isGreaterThan(unload);
        assertThat(reload).as("insmod comes after the failure").isGreaterThan(refused);
        assertThat(out.substring(0, unload)).contains("the kernel says: Hello Userspace");
        assertThat(out.substring(reload)).contains("the kernel says: Hello Userspace");
        // Kernel log: released on rmmod, created again on insmod, released again by the launcher's rmmod.
        String log = out.substring(out.indexOf("----- kernel log"));
        assertThat(log.split("nlws: netlink socket ready on protocol 31\n", -1)).hasSize(3);
        assertThat(log.split("nlws: socket released, module unloaded\n", -1)).hasSize(3);
    }
}
