package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed's crash, shown safely: kernel/pitfalls/seed-forged-pid replies to
 * nlmsg_pid, as the seed does. It answers an honest request, but one request
 * whose nlmsg_pid is 0 makes it reply to its own kernel socket, over and over,
 * until the kernel stack overflows. The VM contains the crash. The same
 * request against our module is harmless (ModuleAbuseIT, step seed-message).
 */
@Tag("vm")
class SeedCrashIT {
    @Test
    void nlmsgPidZeroCrashesTheSeedsModuleInsideTheVm() throws Exception {
        String hello = Guest.program(Workshop.root().resolve("robustness"), "hello");

        Guest.Boot crash = Guest.module("kernel/pitfalls/seed-forged-pid").param("crash_demo=1")
                .line(hello + "; echo \"honest request: rc=$?\"; " + hello + " --pid 0; echo 'still alive'").run();
        Workshop.Result result = crash.result();

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).contains("the guest kernel crashed before the command finished");
        // Asked honestly, the seed's module answers (NLMSG_DONE, no ack), at the port the request names.
        Matcher honest = Pattern.compile("sending \"Hello Kernel\" from port (\\d+) with nlmsg_pid \\1\n"
                + "other: 32 bytes, type 3, seq 0, nlmsg_pid 0, payload \"Hello Userspace\"\n"
                + "honest request: rc=1\n").matcher(result.stdout());
        assertThat(honest.find()).as(result.toString()).isTrue();
        assertThat(result.stdout()).containsPattern("from port \\d+ with nlmsg_pid 0\n")
                .doesNotContain("still alive");
        String console = crash.console();
        assertThat(console).as(console).contains("BUG: TASK stack guard page was hit")
                .contains("Kernel panic").contains("seed_input");
        // The recursion: the reply to port 0 goes back into the module through netlink_unicast(), again and again.
        assertThat(console.lines().filter(l -> l.contains(" netlink_unicast+"))).as(console).hasSizeGreaterThan(20);
    }
}
