package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;

/**
 * The seed's pitfall, shown safely inside the VM: the seed's module replies to
 * nlmsg_pid, so one request claiming port 0 makes it reply to the kernel's own
 * socket, which calls the module again, without end, until the guest kernel
 * dies. Stage04IT sends the same request to stage 4's module, which answers
 * the real sender.
 */
class SeedForgedPidIT {
    @Test
    void theSeedsModuleCrashesTheKernelOnOneRequestWithNlmsgPidZero() throws Exception {
        Path module = buildSeedModule();

        // Console log level 8: every printk reaches the serial console, which outlives the crash.
        Workshop.Result result = Workshop.vm(0, "echo 8 >/proc/sys/kernel/printk; insmod " + module + " || exit 3; "
                + Workshop.javaWithTests(4, "netlink.workshop.step04.ForgedPidZero") + "; echo 'the guest survived'");

        assertThat(result.exitCode()).as(result.toString()).isNotIn(0, 3);
        assertThat(result.stdout()).as(result.toString()).contains("sending \"Hello Kernel\" with nlmsg_pid 0")
                .doesNotContain("the kernel is still running").doesNotContain("the guest survived");
        assertThat(result.stderr()).as(result.toString())
                .contains("the guest kernel crashed before the command finished")
                .contains("BUG: TASK stack guard page was hit");
        // The seed's callback ran again and again, once per reply to itself, until the stack ran out.
        Matcher console = Pattern.compile("see (\\S+/console\\.log)").matcher(result.stderr());
        assertThat(console.find()).as(result.stderr()).isTrue();
        long calls = Files.readAllLines(Path.of(console.group(1))).stream()
                .filter(line -> line.contains("Entering: nl_recv_msg")).count();
        assertThat(calls).as("nested calls of the seed's nl_recv_msg before the crash").isGreaterThan(10);
    }

    /** Builds src/test/seed/nl_example.c, unchanged seed code, for the VM's kernel. */
    private static Path buildSeedModule() throws Exception {
        Path step = Workshop.stepDir(4);
        Path dir = step.resolve("target/seed-module");
        Files.createDirectories(dir);
        for (String name : new String[] {"nl_example.c", "Kbuild"}) {
            Files.copy(step.resolve("src/test/seed/" + name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        Workshop.Result kver = Workshop.run(new ProcessBuilder("sh", "-c", "for v in $(ls /boot/vmlinuz-* |"
                + " sed 's|^/boot/vmlinuz-||' | sort -rV); do [ -d /lib/modules/$v/build ] && echo $v && break;"
                + " done"), 60);
        assertThat(kver.stdout()).as("a kernel with headers in /boot").isNotBlank();
        Workshop.Result make = Workshop.run(new ProcessBuilder("make", "-C",
                "/lib/modules/" + kver.stdout().trim() + "/build", "M=" + dir, "modules"), 600);
        assertThat(make.exitCode()).as(make.toString()).isZero();
        return dir.resolve("nl_example.ko");
    }
}
