package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 2 in the VM: the module's kernel socket makes socket(…, 31) work and shows up in /proc/net/netlink. */
@Tag("vm")
class Stage02IT {
    @Tag("todo1")
    @Test
    void runTwoOpensTheSocketAndListsTheKernelsSocket() throws Exception {
        Workshop.Result result = Workshop.runStage(2);

        assertThat(result.stdout()).as("TODO 1: the module did not say 'netlink socket ready on protocol 31':"
                + " create the socket with netlink_kernel_create() in nlws_init()")
                .contains("nlws: netlink socket ready on protocol 31\n");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(2).resolve("expected-output.txt"), result.stdout());
        // The row as the kernel printed it: sk, Eth (protocol) 31, Pid (port) 0, Groups, ...
        // sk is a hashed pointer, or (____ptrval____) on a kernel whose random
        // number generator is not seeded yet: both are what a real kernel prints.
        assertThat(result.lines()).as(result.toString())
                .anySatisfy(line -> assertThat(line)
                        .matches("\\s*([0-9a-f]{16}|\\(____ptrval____\\)) 31 +0 +[0-9a-f]{8} .*"));
        assertThat(result.stdout()).contains("nlws: netlink socket ready on protocol 31\n");
    }

    @Test
    @Tag("todo1")
    void whenProtocol31IsTakenInsmodFailsWithEnomemNotTheSeedsMinusTen() throws Exception {
        // The seed's teaching module holds protocol 31 (it is harmless until it gets a
        // request), so netlink_kernel_create() fails for ours.
        Workshop.Result result = Guest.module("kernel/pitfalls/seed-forged-pid").param("crash_demo=1")
                .line("insmod " + Workshop.moduleDir(2).resolve("nlws.ko")
                        + "; echo \"insmod exit $?\"; dmesg | grep 'nlws: '").run().result();

        assertThat(result.stdout()).as("TODO 1: insmod said 'No child processes': that is -10, -ECHILD, the"
                + " seed's error code; return -ENOMEM when netlink_kernel_create() fails")
                .doesNotContain("No child processes");
        assertThat(result.stdout()).as("TODO 1: when netlink_kernel_create() returns NULL, nlws_init() must"
                + " fail: pr_err() why and return -ENOMEM\n" + result)
                .contains("Cannot allocate memory")
                .contains("insmod exit 1")
                .contains("nlws: cannot create a socket on protocol 31: is it taken?");
    }
}
