package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;

/** The launcher: a short dispatcher whose help names every setting the code reads. */
class LauncherTest {
    @Test
    void helpNamesEveryWorkshopVariableTheLauncherAndTheVagrantfileRead() throws Exception {
        List<Path> files = new ArrayList<>(List.of(Workshop.root().resolve("workshop"),
                Workshop.root().resolve("Vagrantfile")));
        try (Stream<Path> tools = Files.list(Workshop.root().resolve("tools"))) {
            tools.filter(p -> p.toString().endsWith(".sh")).forEach(files::add);
        }
        TreeSet<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("WORKSHOP_[A-Z_]+").matcher("");
        for (Path file : files) {
            m.reset(Files.readString(file));
            while (m.find()) {
                read.add(m.group());
            }
        }
        Workshop.Result help = Workshop.launcher(Workshop.root(), 60, "help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(read).as("the settings the code reads").hasSizeGreaterThan(15);
        for (String variable : read) {
            assertThat(help.stdout()).as(variable + " is read but './workshop help' does not name it")
                    .contains(variable);
        }
    }

    @Test
    void theTestKitPicksTheVmKernelTheLauncherPicks() throws Exception {
        Workshop.Result setup = Workshop.run(new ProcessBuilder(Workshop.root().resolve("workshop").toString(),
                "setup"), 600);

        assertThat(setup.exitCode()).as(setup.toString()).isZero();
        assertThat(setup.stderr()).as(setup.toString()).contains("setup: done (" + Workshop.vmKernel() + " for the VM");
    }

    /**
     * A variable that one file of the launcher sets and another reads (or
     * that two set) is declared in tools/globals.sh, with a comment above it.
     * Not counted: the learner's settings (WORKSHOP_*, which help names), the
     * environment's own variables, ROOT (./workshop sets it to find tools/),
     * and guest-init.sh, which runs in the guest.
     */
    @Test
    void everyVariableTheLaunchersFilesShareIsDeclaredInGlobals() throws Exception {
        Path globals = Workshop.root().resolve("tools/globals.sh");
        List<Path> files = new ArrayList<>(List.of(Workshop.root().resolve("workshop")));
        try (Stream<Path> tools = Files.list(Workshop.root().resolve("tools"))) {
            tools.filter(p -> p.toString().endsWith(".sh") && !p.endsWith("guest-init.sh")).sorted()
                    .forEach(files::add);
        }
        Set<String> environment = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TERM", "USER", "LOGNAME", "SHELL",
                "JAVA_HOME", "DEBIAN_FRONTEND", "INITRD", "PS1", "SUDO_USER", "TMPDIR", "IFS", "SECONDS", "KDIR",
                "ROOT");
        Pattern read = Pattern.compile("\\$\\{?!?([A-Z][A-Z0-9_]*)");
        Pattern set = Pattern.compile("(?<![\\w${])([A-Z][A-Z0-9_]*)(\\[[^\\]]*\\])?\\+?="
                + "|(?:mapfile -t|read -r -a)\\s+([A-Z][A-Z0-9_]*)");
        Map<String, Set<Path>> users = new TreeMap<>();
        Set<String> reads = new TreeSet<>();
        Set<String> sets = new TreeSet<>();
        for (Path file : files) {
            String code = Files.readAllLines(file).stream().filter(l -> !l.strip().startsWith("#"))
                    .collect(Collectors.joining("\n"));
            for (Matcher m = read.matcher(code); m.find();) {
                reads.add(m.group(1));
                users.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(file);
            }
            for (Matcher m = set.matcher(code); m.find();) {
                String name = m.group(1) != null ? m.group(1) : m.group(3);
                sets.add(name);
                users.computeIfAbsent(name, k -> new TreeSet<>()).add(file);
            }
        }
        List<String> declared = Files.readAllLines(globals);
        TreeSet<String> shared = new TreeSet<>();
        for (String name : sets) {
            Set<Path> where = new TreeSet<>(users.get(name));
            where.remove(globals);
            if (reads.contains(name) && !name.startsWith("WORKSHOP_") && !environment.contains(name)
                    && where.size() >= 2) {
                shared.add(name);
                assertThat(declaredWithComment(declared, name))
                        .as(name + " is shared by " + where + ": declare it in tools/globals.sh under a comment")
                        .isTrue();
            }
        }
        assertThat(shared).as("the shared variables found").contains("CACHE", "WS_TMP", "JAVA_CDS", "VM_RUN",
                "BUILD_LOG", "JAVAC_LOG", "WORK");
    }

    /** Whether a line of globals.sh assigns {@code name} and the line above it is a comment. */
    private static boolean declaredWithComment(List<String> lines, String name) {
        Pattern assignment = Pattern.compile("(^|\\s)" + name + "=");
        for (int i = 1; i < lines.size(); i++) {
            if (assignment.matcher(lines.get(i)).find() && !lines.get(i).startsWith("#")
                    && lines.get(i - 1).startsWith("# ")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theLauncherIsADispatcherOfAtMostTwoHundredLines() throws Exception {
        assertThat(Files.readAllLines(Workshop.root().resolve("workshop"))).hasSizeLessThanOrEqualTo(200);
    }
}
