package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The warm VM (tools/vm-warm.sh): one guest runs one command after another,
 * with the output and exit status a fresh guest gives; a file, a jar or a
 * module rebuilt on the host is what the next command reads; a kernel that a
 * command left unclean (a module still loaded, a warning in the log, a crash)
 * is replaced, and the launcher says why; a second command waits its turn,
 * or with WORKSHOP_VM_POOL=2 takes a second guest; the guest powers itself off when unused for WORKSHOP_VM_IDLE seconds.
 * The suite's other VM tests boot a VM each (pom.xml sets WORKSHOP_VM_WARM=0):
 * these set WORKSHOP_VM_WARM=1.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarmVmIT {
    private static final Map<String, String> WARM = Map.of("WORKSHOP_VM_WARM", "1");
    private static final String BOOT_ID = "cat /proc/sys/kernel/random/boot_id";
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Path WORK = Workshop.root().resolve("robustness/target/warm-it");
    private static final long BOUND_MS = 300_000;

    @AfterAll
    static void stopTheWarmVm() throws Exception {
        Workshop.Result stop = warm("vm", "stop");
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(warm("vm", "status").stderr()).contains("no warm VM is up");
    }

    @Test
    @Order(1)
    void theNextCommandRunsInTheSameGuestWithTheOutputAndStatusOfAFreshOne() throws Exception {
        warm("vm", "stop");
        String script = "echo out; echo err >&2; printf 'no newline'; exit 3";
        Workshop.Result cold = Workshop.launcher(Workshop.root(), 900, Map.of("WORKSHOP_VM_WARM", "0"),
                "vm", "--", "sh", "-c", script);

        Workshop.Result first = warm("vm", "--", "sh", "-c", BOOT_ID + "; " + script);
        Workshop.Result second = warm("vm", "--", "sh", "-c", BOOT_ID + "; " + script);

        assertThat(cold.exitCode()).as(cold.toString()).isEqualTo(3);
        assertThat(first.exitCode()).as(first.toString()).isEqualTo(3);
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(3);
        assertThat(first.stderr()).as(first.toString()).contains("==> vm: booting ").contains("(a warm VM: ");
        assertThat(second.stderr()).as(second.toString()).doesNotContain("booting");
        assertThat(bootId(second)).as("the second command's guest").isEqualTo(bootId(first));
        // Past the boot id, both print exactly what a guest of their own prints.
        assertThat(afterBootId(first)).isEqualTo(cold.stdout()).isEqualTo("out\nerr\nno newline");
        assertThat(afterBootId(second)).isEqualTo(cold.stdout());

        Workshop.Result status = warm("vm", "status");
        Matcher up = Pattern.compile("a warm VM is up: pid (\\d+), kernel (\\S+) under (TCG|KVM), up \\d+")
                .matcher(status.stderr());
        assertThat(up.find()).as(status.toString()).isTrue();
        assertThat(up.group(2)).isEqualTo(Workshop.vmKernel());
        Optional<ProcessHandle> qemu = ProcessHandle.of(Long.parseLong(up.group(1)));
        assertThat(qemu).as(status.toString()).isPresent();
        assertThat(qemu.get().info().command().orElse("")).contains("qemu-system");
    }

    @Test
    @Order(2)
    void aFileAJarAndAModuleRebuiltOnTheHostAreWhatTheNextCommandReads() throws Exception {
        Path module = WORK.resolve("module");
        Path jar = WORK.resolve("probe.jar");
        Path data = WORK.resolve("data.txt");
        Path tmp = Files.createTempFile("warm-it", ".txt");
        String command = "java " + String.join(" ", Workshop.javaFlags()) + " -cp " + jar + " WarmProbe; "
                + "dmesg | grep 'warm_probe:'; cat " + data + " " + tmp + "; " + BOOT_ID;
        try {
            writeVersion(1, module, jar);
            Files.writeString(data, "data 1\n");
            Files.writeString(tmp, "tmp 1\n");
            Workshop.Result one = warm("vm", "--module", module.toString(), "--", "sh", "-c", command);
            // Rebuilt in place (the module by kbuild, the jar and the file rewritten, longer), and
            // replaced under the same name (the file in /tmp, which the guest sees under its own layer).
            writeVersion(2, module, jar);
            Files.writeString(data, "data 2, longer\n");
            Path replacement = Files.writeString(Files.createTempFile("warm-it", ".new"), "tmp 2, longer\n");
            Files.move(replacement, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Workshop.Result two = warm("vm", "--module", module.toString(), "--", "sh", "-c", command);

            assertThat(one.exitCode()).as(one.toString()).isZero();
            assertThat(one.stdout()).as(one.toString()).contains("jar version 1\n")
                    .contains("warm_probe: module version 1\n").contains("data 1\ntmp 1\n");
            assertThat(two.exitCode()).as(two.toString()).isZero();
            assertThat(two.stdout()).as(two.toString()).contains("jar version 2\n")
                    .contains("warm_probe: module version 2\n").doesNotContain("version 1")
                    .contains("data 2, longer\ntmp 2, longer\n");
            assertThat(bootId(two)).as("the same guest:\n" + one + two).isEqualTo(bootId(one));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Test
    @Order(3)
    void aModuleLeftLoadedIsNoticedAndRunTenGetsAFreshKernel() throws Exception {
        Workshop.Result left = warm("vm", "--", "sh", "-c",
                "insmod " + Workshop.kernelDir(10).resolve("nlws.ko") + " && " + BOOT_ID);
        assertThat(left.exitCode()).as(left.toString()).isZero();

        Workshop.Result run = warm("run", "10");

        assertThat(run.stderr()).as(run.toString())
                .contains("the warm VM is not clean (module nlws is still loaded)");
        assertStageTen(run);
        Workshop.Result after = warm("vm", "--", "sh", "-c", BOOT_ID);
        assertThat(after.stderr()).as(after.toString()).doesNotContain("booting");
        assertThat(bootId(after)).as("a fresh guest ran stage 10").isNotEqualTo(bootId(left));
    }

    @Test
    @Order(4)
    void aWarningInTheKernelLogIsNoticedByTheNextCommand() throws Exception {
        Workshop.Result warned = warm("vm", "--", "sh", "-c", "echo 'WARNING: CPU: 0 PID: 1 at warm-it' >/dev/kmsg; "
                + BOOT_ID);
        Workshop.Result next = warm("vm", "--", "sh", "-c", BOOT_ID);

        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(next.stderr()).as(next.toString())
                .contains("the warm VM is not clean (the kernel log shows: WARNING: CPU: 0 PID: 1 at warm-it)");
        assertThat(bootId(next)).isNotEqualTo(bootId(warned));
    }

    @Test
    @Order(5)
    void aCrashIsNoticedAndRunTenThenPrintsItsExpectedOutput() throws Exception {
        String hello = Guest.program(Workshop.root().resolve("robustness"), "hello");
        Workshop.Result crash = warm("vm", "--module", "kernel/pitfalls/seed-forged-pid", "--param", "crash_demo=1",
                "--", "sh", "-c", hello + "; " + hello + " --pid 0; echo 'still alive'");

        assertThat(crash.exitCode()).as(crash.toString()).isNotZero();
        assertThat(crash.stderr()).as(crash.toString())
                .contains("the guest kernel crashed before the command finished");
        assertThat(crash.stdout()).doesNotContain("still alive");
        Workshop.Result status = warm("vm", "status");
        assertThat(status.stderr()).as(status.toString()).contains("no warm VM is up");

        Workshop.Result run = warm("run", "10");

        assertThat(run.stderr()).as(run.toString()).contains("the warm VM's kernel had crashed");
        assertStageTen(run);
    }

    @Test
    @Order(6)
    void aSecondCommandWaitsItsTurnWithOneLine() throws Exception {
        // The release comes through the warm guest's share (/tmp/ws in the guest), which 9p reads
        // afresh: a file the host makes under /tmp (a clone there) is behind the guest's /tmp
        // overlay, which keeps a lookup's "not there" until the command ends.
        String cache = System.getenv("WORKSHOP_CACHE");
        Path go = (cache != null ? Path.of(cache) : Workshop.root().resolve("target/workshop"))
                .resolve("vm/warm/share/go");
        Workshop.Result before = warm("vm", "--", "sh", "-c", BOOT_ID);
        Files.deleteIfExists(go);
        Background first = Background.start("vm", "--", "sh", "-c",
                "echo holding; until [ -e /tmp/ws/go ]; do sleep 0.1; done; echo released");
        Background second = null;
        try {
            first.awaitStdout("holding");
            second = Background.start("vm", "--", "sh", "-c", "echo second; " + BOOT_ID);
            second.awaitStderr("==> vm: waiting for the warm VM: another command runs in it (pid "
                    + first.process.pid() + ")");
            Files.writeString(go, "");
            Workshop.Result held = first.result();
            Workshop.Result waited = second.result();

            assertThat(held.exitCode()).as(held.toString()).isZero();
            assertThat(held.stdout()).isEqualTo("holding\nreleased\n");
            assertThat(waited.exitCode()).as(waited.toString()).isZero();
            assertThat(waited.stderr().lines().filter(l -> l.contains("waiting for the warm VM"))).hasSize(1);
            assertThat(waited.stdout()).startsWith("second\n");
            assertThat(bootId(waited)).as("both ran in the warm VM").isEqualTo(bootId(before));
        } finally {
            first.process.destroyForcibly();
            if (second != null) {
                second.process.destroyForcibly();
            }
            Files.deleteIfExists(go);
        }
    }

    @Test
    @Order(7)
    void withAPoolOfTwoASecondCommandTakesTheSecondGuestAndStopEndsBoth() throws Exception {
        Map<String, String> pool = Map.of("WORKSHOP_VM_WARM", "1", "WORKSHOP_VM_POOL", "2");
        String cache = System.getenv("WORKSHOP_CACHE");
        Path go = (cache != null ? Path.of(cache) : Workshop.root().resolve("target/workshop"))
                .resolve("vm/warm/share/go");
        Workshop.Result before = warm("vm", "--", "sh", "-c", BOOT_ID);
        Files.deleteIfExists(go);
        Background first = Background.start(pool, "vm", "--", "sh", "-c",
                "echo holding; " + BOOT_ID + "; until [ -e /tmp/ws/go ]; do sleep 0.1; done; echo released");
        try {
            first.awaitStdout("holding");
            Workshop.Result second = Workshop.launcher(Workshop.root(), 900, pool, "vm", "--", "sh", "-c", BOOT_ID);
            Workshop.Result status = Workshop.launcher(Workshop.root(), 900, pool, "vm", "status");
            Files.writeString(go, "");
            Workshop.Result held = first.result();

            assertThat(second.exitCode()).as(second.toString()).isZero();
            assertThat(second.stderr()).as(second.toString()).doesNotContain("waiting for the warm VM")
                    .contains("==> vm: booting ");
            assertThat(bootId(second)).as("the second command's guest").isNotEqualTo(bootId(before));
            assertThat(held.exitCode()).as(held.toString()).isZero();
            assertThat(bootId(held)).as("the first command ran in the first guest").isEqualTo(bootId(before));
            assertThat(status.stderr()).as(status.toString()).contains("vm: a warm VM is up: pid ")
                    .contains("vm: warm VM 2 is up: pid ");
        } finally {
            first.process.destroyForcibly();
            Files.deleteIfExists(go);
        }
        Workshop.Result stop = warm("vm", "stop");
        assertThat(stop.stderr()).as(stop.toString()).contains("vm: the warm VM (pid ")
                .contains("vm: warm VM 2 (pid ");
        assertThat(warm("vm", "status").stderr()).contains("no warm VM is up");
    }

    @Test
    @Order(8)
    void unusedForItsIdleTimeTheGuestPowersItselfOff() throws Exception {
        Workshop.Result used = Workshop.launcher(Workshop.root(), 900,
                Map.of("WORKSHOP_VM_WARM", "1", "WORKSHOP_VM_IDLE", "5"), "vm", "--", "true");
        assertThat(used.exitCode()).as(used.toString()).isZero();
        Matcher up = Pattern.compile("pid (\\d+)").matcher(warm("vm", "status").stderr());
        assertThat(up.find()).isTrue();
        ProcessHandle qemu = ProcessHandle.of(Long.parseLong(up.group(1))).orElseThrow();

        assertThat(qemu.onExit().completeOnTimeout(null, BOUND_MS, TimeUnit.MILLISECONDS).get())
                .as("the guest was still up after " + BOUND_MS / 1000 + " s").isNotNull();
        assertThat(warm("vm", "status").stderr()).contains("no warm VM is up");
        Workshop.Result next = warm("vm", "--", "true");
        assertThat(next.stderr()).as(next.toString()).contains("the warm VM had powered off, unused for 5 s");
    }

    @Test
    @Order(9)
    void stopPowersItOff() throws Exception {
        warm("vm", "--", "true");
        Matcher up = Pattern.compile("pid (\\d+)").matcher(warm("vm", "status").stderr());
        assertThat(up.find()).isTrue();

        Workshop.Result stop = warm("vm", "stop");

        assertThat(stop.stderr()).as(stop.toString()).contains("the warm VM (pid " + up.group(1) + ") is off");
        // Ended; its new parent may take a moment to collect its exit status.
        Optional<ProcessHandle> qemu = ProcessHandle.of(Long.parseLong(up.group(1)));
        if (qemu.isPresent()) {
            assertThat(qemu.get().onExit().completeOnTimeout(null, BOUND_MS, TimeUnit.MILLISECONDS).get())
                    .as("qemu " + up.group(1) + " still runs").isNotNull();
        }
        assertThat(warm("vm", "status").stderr()).contains("no warm VM is up");
    }

    /** Runs {@code ./workshop ARGS} from the repository root with the warm VM on. */
    private static Workshop.Result warm(String... args) throws IOException, InterruptedException {
        return Workshop.launcher(Workshop.root(), 900, WARM, args);
    }

    private static void assertStageTen(Workshop.Result run) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(10).resolve("expected-output.txt"), run.stdout());
    }

    private static String bootId(Workshop.Result result) {
        Matcher m = UUID.matcher(result.stdout());
        assertThat(m.find()).as("a boot id in:\n" + result).isTrue();
        return m.group();
    }

    private static String afterBootId(Workshop.Result result) {
        Matcher m = UUID.matcher(result.stdout());
        assertThat(m.find()).as("a boot id in:\n" + result).isTrue();
        return result.stdout().substring(m.end() + 1);
    }

    /** Writes version {@code v} of the probe module's source and of the probe jar. */
    private static void writeVersion(int v, Path module, Path jar) throws IOException {
        Files.createDirectories(module);
        Files.writeString(module.resolve("Kbuild"), "obj-m := warm_probe.o\n");
        Files.writeString(module.resolve("Makefile"), "include " + Workshop.root().resolve("kernel/module.mk") + "\n");
        Files.writeString(module.resolve("warm_probe.c"), String.join("\n",
                "// SPDX-License-Identifier: GPL-2.0",
                "/* warm_probe.c - says its version when loaded (WarmVmIT rebuilds it). */",
                "#include <linux/module.h>",
                "",
                "static int __init warm_probe_init(void)",
                "{",
                "\tpr_info(\"warm_probe: module version " + v + "\\n\");",
                "\treturn 0;",
                "}",
                "",
                "static void __exit warm_probe_exit(void)",
                "{",
                "}",
                "",
                "module_init(warm_probe_init);",
                "module_exit(warm_probe_exit);",
                "MODULE_LICENSE(\"GPL\");",
                "MODULE_DESCRIPTION(\"WarmVmIT's probe: its version, when loaded\");",
                ""));
        Path source = WORK.resolve("src/WarmProbe.java");
        Path classes = WORK.resolve("classes");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(source, "public class WarmProbe { public static void main(String[] a) {"
                + " System.out.println(\"jar version " + v + "\"); } }\n");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-d",
                classes.toString(), source.toString());
        assertThat(rc).as("javac WarmProbe.java").isZero();
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            jarOut.putNextEntry(new JarEntry("WarmProbe.class"));
            jarOut.write(Files.readAllBytes(classes.resolve("WarmProbe.class")));
            jarOut.closeEntry();
        }
    }

    /** A launcher command running while the test goes on, its streams in files. */
    private record Background(Process process, Path out, Path err) {
        static Background start(String... args) throws IOException {
            return start(WARM, args);
        }

        static Background start(Map<String, String> env, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Workshop.root().resolve("workshop").toString()));
            command.addAll(List.of(args));
            Path out = Files.createTempFile("warm-out", ".txt");
            Path err = Files.createTempFile("warm-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(Workshop.root().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("WORKSHOP_NO_SETUP", "1");
            builder.environment().put("WORKSHOP_NO_BUILD", "1");
            builder.environment().putAll(env);
            return new Background(builder.start(), out, err);
        }

        void awaitStdout(String text) throws IOException, InterruptedException {
            await(out, text);
        }

        void awaitStderr(String text) throws IOException, InterruptedException {
            await(err, text);
        }

        /** Polls FILE until it holds TEXT, within the bound, or the command ended. */
        private void await(Path file, String text) throws IOException, InterruptedException {
            long end = System.currentTimeMillis() + BOUND_MS;
            while (!Files.readString(file, StandardCharsets.UTF_8).contains(text)) {
                if (!process.isAlive()) {
                    fail("ended before it showed '" + text + "':\n" + result());
                }
                if (System.currentTimeMillis() > end) {
                    fail("never showed '" + text + "' in " + BOUND_MS / 1000 + " s:\n"
                            + Files.readString(out) + Files.readString(err));
                }
                Thread.sleep(100);
            }
        }

        Workshop.Result result() throws IOException, InterruptedException {
            assertThat(process.waitFor(BOUND_MS, TimeUnit.MILLISECONDS)).as("still running").isTrue();
            Workshop.Result result = new Workshop.Result(process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        }
    }
}
