package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ./workshop setup} when dpkg was interrupted. This machine's dpkg must
 * never be broken for a test, so dpkg, dpkg-query, apt-get, sudo and id are
 * stand-ins on PATH that log their calls: dpkg --audit lists a half-configured
 * package until dpkg --configure -a runs, and every package reads as missing,
 * so that setup wants to install. The rest (java, the kernel in /boot) is this
 * machine's.
 */
class SetupRepairTest {
    private static final String AUDIT = "The following packages are only half configured, probably due to problems\n"
            + "configuring them the first time.  The configuration should be retried using\n"
            + "dpkg --configure <package> or the configure menu option in dselect:\n"
            + " qemu-system-x86      QEMU full system emulation binaries (x86)\n";

    private Path dir;
    private Path bin;
    private Path calls;

    @BeforeEach
    void standIns() throws IOException {
        dir = Files.createTempDirectory("setup-repair");
        bin = Files.createDirectories(dir.resolve("bin"));
        calls = dir.resolve("calls");
        Files.writeString(dir.resolve("audit"), AUDIT);
        script("dpkg", "echo \"dpkg $*\" >>" + calls + "\n"
                + "case $1 in\n"
                + "--audit) cat " + dir.resolve("audit") + " 2>/dev/null; exit 0 ;;\n"
                + "--configure) [ -e " + dir.resolve("configure-fails") + " ] && { echo 'dpkg: error processing"
                + " package qemu-system-x86 (--configure)'; exit 1; }; rm -f " + dir.resolve("audit") + "; exit 0 ;;\n"
                + "esac\n"
                + "exec /usr/bin/dpkg \"$@\"\n");
        script("dpkg-query", "exit 1\n");
        script("apt-get", "echo \"apt-get $*\" >>" + calls + "\n");
        script("sudo", "echo \"sudo $*\" >>" + calls + "\nexit 1\n");
    }

    @AfterEach
    void removeStandIns() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void script(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void asUser() throws IOException {
        script("id", "[ \"$1\" = -u ] && { echo 1000; exit 0; }\nexec /usr/bin/id \"$@\"\n");
    }

    private void asRoot() throws IOException {
        script("id", "[ \"$1\" = -u ] && { echo 0; exit 0; }\nexec /usr/bin/id \"$@\"\n");
    }

    private Workshop.Result setup() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Workshop.root().resolve("workshop").toString(), "setup")
                .directory(Workshop.root().toFile());
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("WORKSHOP_CACHE", dir.resolve("cache").toString());
        return Workshop.run(builder, 120);
    }

    private List<String> calls() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    @Test
    void asRootSetupSaysSoInOneLineAndFinishesDpkgsWorkBeforeInstalling() throws Exception {
        asRoot();
        Workshop.Result result = setup();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr().lines().filter(l -> l.contains("dpkg was interrupted")))
                .as(result.toString()).containsExactly("==> setup: dpkg was interrupted (dpkg --audit lists"
                        + " unfinished packages): finishing with dpkg --configure -a first");
        List<String> calls = calls();
        assertThat(calls).as("the calls, in order").contains("dpkg --configure -a");
        int configure = calls.indexOf("dpkg --configure -a");
        assertThat(calls.subList(0, configure)).noneMatch(c -> c.startsWith("apt-get install"));
        assertThat(calls.subList(configure, calls.size())).anyMatch(c -> c.startsWith("apt-get")
                && c.contains("install") && c.contains("qemu-system-x86"));
        assertThat(calls).as("dpkg is finished once, not before each group of packages")
                .containsOnlyOnce("dpkg --configure -a");
    }

    @Test
    void withDpkgCleanSetupInstallsWithoutRepairing() throws Exception {
        asRoot();
        Files.delete(dir.resolve("audit"));
        Workshop.Result result = setup();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).as(result.toString()).doesNotContain("dpkg was interrupted");
        assertThat(calls()).doesNotContain("dpkg --configure -a")
                .anyMatch(c -> c.startsWith("apt-get") && c.contains("install"));
    }

    @Test
    void asAUserSetupNamesTheCommandToRunWithSudoAndInstallsNothing() throws Exception {
        asUser();
        Workshop.Result result = setup();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr().strip().lines().toList()).as(result.toString()).containsExactly(
                "workshop: dpkg was interrupted (dpkg --audit lists unfinished packages), so apt-get cannot install:"
                        + " run 'sudo dpkg --configure -a', then './workshop setup' again");
        assertThat(calls()).containsExactly("dpkg --audit");
    }

    @Test
    void whenDpkgCannotFinishSetupStopsAndNamesTheLog() throws Exception {
        asRoot();
        Files.writeString(dir.resolve("configure-fails"), "");
        Workshop.Result result = setup();

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.stderr()).as(result.toString()).contains("workshop: dpkg --configure -a failed, so apt-get"
                + " cannot install: see " + dir.resolve("cache/dpkg-configure.log"));
        assertThat(Files.readString(dir.resolve("cache/dpkg-configure.log"))).contains("error processing package");
        assertThat(calls()).noneMatch(c -> c.startsWith("apt-get") && c.contains("install"));
    }
}
