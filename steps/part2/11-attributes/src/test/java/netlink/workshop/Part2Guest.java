package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.CProgram;
import netlink.workshop.testkit.Workshop;

/**
 * Part2Guest builds one shell script of named steps for a single VM boot
 * with a Part 2 chapter's module loaded, and splits the VM's output back into
 * those steps (as stage 10's GuestScript does), so that a test class boots once
 * and asserts each scenario in its own test method.
 */
public final class Part2Guest {
    /** Kernel log lines that mean something went wrong in the kernel (slub_debug reports say "BUG kmalloc-..."). */
    public static final Pattern KERNEL_TROUBLE = Pattern.compile(
            "\\bBUG\\b|WARNING|Oops|general protection|Call Trace|stack guard|kernel stack overflow|slab");
    /** Where the C programs are built: under the repository, which the guest sees (its /tmp is its own). */
    public static final Path BIN = Workshop.root().resolve("target/part2");
    /** Runs a command as "nobody" in the guest. */
    public static final String AS_NOBODY = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    /** Prints the module's kernel log lines without timestamps, as ./workshop run does. */
    public static final String MODULE_LOG = "dmesg | sed -n 's/^\\[ *[0-9.]*\\] //; /^nlws: /p'";

    private static final Pattern STEP = Pattern.compile("(?m)^=== (\\S+)$\\n(.*?)^=== \\1 rc=(\\d+)$", Pattern.DOTALL);

    private final List<String> lines = new ArrayList<>();
    private boolean classPathCopied;

    /** The outcome of one step: its output and exit status. */
    public record Step(String output, int exitCode) {
    }

    /** Returns a chapter's folder, such as steps/part2/11-attributes for ("steps", 11). */
    public static Path chapterDir(String tree, int chapter) throws IOException {
        String prefix = chapter + "-";
        try (var dirs = Files.list(Workshop.root().resolve(tree).resolve("part2"))) {
            return dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IOException("no " + tree + "/part2/" + prefix + "*"));
        }
    }

    /** Compiles {@code source} (a chapter's src/test/c/NAME.c) into target/part2/NAME and returns the binary. */
    public static String program(int chapter, String name) throws IOException, InterruptedException {
        Path binary = BIN.resolve(name);
        CProgram.compile(chapterDir("steps", chapter).resolve("src/test/c/" + name + ".c"), binary);
        return binary.toString();
    }

    /**
     * Returns the command that runs {@code mainClass ARGS} from chapter
     * {@code chapter}'s jar (and its test classes) in the guest. The first call
     * adds a line that copies the class path to the guest's /tmp, where an
     * unprivileged user can read it (~/.m2 is root's).
     */
    public String java(int chapter, String mainClass, String args) throws IOException {
        if (!classPathCopied) {
            classPathCopied = true;
            Path module = chapterDir("steps", chapter);
            List<String> entries = new ArrayList<>();
            entries.add(module.resolve("target/part2-" + module.getFileName() + "-1.0.jar").toString());
            entries.addAll(List.of(Files.readString(module.resolve("target/classpath.txt")).trim().split(":")));
            // ./workshop check: the learner's classes of this chapter, in place of its jar.
            Path learner = Workshop.learnerClasses(chapter);
            if (learner != null) {
                entries.remove(0);
            }
            lines.add("mkdir -p /tmp/cp && cp " + String.join(" ", entries) + " /tmp/cp/ && cp -r "
                    + module.resolve("target/test-classes") + " /tmp/cp/classes"
                    + (learner == null ? "" : " && cp -r " + learner + " /tmp/cp/learner")
                    + " && chmod -R a+rX /tmp/cp || exit 1");
        }
        return "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Djna.tmpdir=/tmp -cp '/tmp/cp/learner:/tmp/cp/*:/tmp/cp/classes' "
                + mainClass + (args.isEmpty() ? "" : " " + args);
    }

    /** Adds a shell line that is not a step (set-up). */
    public Part2Guest line(String line) {
        lines.add(line);
        return this;
    }

    /** Adds a named step: its output and exit status are reported separately. */
    public Part2Guest step(String name, String command) {
        lines.add("echo '=== " + name + "'");
        lines.add("{ " + command + "; } 2>&1");
        lines.add("echo \"=== " + name + " rc=$?\"");
        return this;
    }

    /** Returns the script. */
    public String script() {
        return String.join("\n", lines) + "\n";
    }

    /**
     * Boots the VM once with chapter {@code chapter}'s module loaded and slub_debug
     * checks on, runs the script, and returns the outcome; the guest's console log
     * is kept in {@code keep}.
     */
    public Workshop.Result run(int chapter, Path keep) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Workshop.root().resolve("workshop").toString(), "vm",
                "--module", Workshop.moduleDir(chapter).toString(), "--", "sh", "-c", script()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Workshop.root().toFile());
        builder.environment().put("WORKSHOP_NO_SETUP", "1");
        builder.environment().put("WORKSHOP_NO_BUILD", "1");
        // The launcher appends this to the guest kernel's command line: SLUB's consistency checks,
        // red zones, poisoning and owner tracking, so that a use-after-free or overflow is reported.
        builder.environment().put("WORKSHOP_VM_APPEND", "slub_debug=FZPU");
        builder.environment().put("WORKSHOP_VM_KEEP", keep.toAbsolutePath().toString());
        Workshop.Result result = Workshop.run(builder, 900);
        // No console log: the VM never booted, e.g. the module did not build (W=1 makes warnings errors).
        assertThat(keep.resolve("console.log")).as("the VM did not boot; the launcher said:\n" + result).exists();
        return result;
    }

    /** Splits the VM's output into its steps, by name. */
    public static Map<String, Step> steps(String output) {
        Map<String, Step> steps = new LinkedHashMap<>();
        Matcher matcher = STEP.matcher(output);
        while (matcher.find()) {
            steps.put(matcher.group(1), new Step(matcher.group(2), Integer.parseInt(matcher.group(3))));
        }
        return steps;
    }

    /** Returns the named step, failing with the whole output when it did not run. */
    public static Step step(Map<String, Step> steps, String name, Workshop.Result result) {
        assertThat(steps).as("step " + name + " in the VM's output:\n" + result).containsKey(name);
        return steps.get(name);
    }

    /**
     * Which TODO of a chapter's exercise a failing output points at, for an
     * assertion's description: {@code ./workshop check} (testkit Checker)
     * counts a failure against the TODO its message names ("TODO 2: ...").
     * Each clue is a text the output contains, or a test of the output, with
     * the TODO and what to do; the first clue that matches names the TODO.
     */
    public static final class Todos {
        private record Clue(Predicate<String> matches, int todo, String message) {
        }

        private final int chapter;
        private final List<Clue> clues = new ArrayList<>();

        /** The clues of chapter {@code chapter}'s exercise, none yet. */
        public Todos(int chapter) {
            this.chapter = chapter;
        }

        /** Adds a clue: an output that contains {@code text} points at TODO {@code todo}. */
        public Todos when(String text, int todo, String message) {
            return when(output -> output.contains(text), todo, message);
        }

        /** Adds a clue: an output that {@code test} accepts points at TODO {@code todo}. */
        public Todos when(Predicate<String> test, int todo, String message) {
            clues.add(new Clue(test, todo, message));
            return this;
        }

        /** Returns "TODO n: what to do" for the first clue {@code output} matches, else says it is unexpected. */
        public String diagnose(String output) {
            for (Clue clue : clues) {
                if (clue.matches().test(output)) {
                    return "TODO " + clue.todo() + ": " + clue.message();
                }
            }
            return "the output is not what chapter " + chapter + " prints";
        }
    }

    /** Returns the lines of {@code log} that mean kernel trouble. */
    public static List<String> trouble(String log) {
        return log.lines().filter(l -> KERNEL_TROUBLE.matcher(l).find()).toList();
    }
}
