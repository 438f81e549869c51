package netlink.workshop.testkit;

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

/**
 * Guest is the VM test harness: what to boot (a stage's or a chapter's
 * module, launcher options, SLUB's debug checks), one shell script of named
 * steps for that single boot, and the boot itself, whose output splits back
 * into those steps. A test class boots once in {@code @BeforeAll} and asserts
 * each scenario in a test method of its own:
 *
 * <pre>{@code
 * Guest guest = Guest.chapter(12);
 * guest.step("run", guest.java(12, MAIN, "")).step("rmmod", "rmmod nlws").step("dmesg", "dmesg");
 * vm = guest.boot();
 * assertThat(vm.step("rmmod").exitCode()).isZero();
 * }</pre>
 *
 * <p>The guest's console.log and dmesg are kept in a folder of their own
 * under the repository's target/vm/, which every failure message names.
 */
public final class Guest {
    /**
     * Kernel log lines that mean something went wrong in the kernel; SLUB's
     * debug checks report as "BUG kmalloc-...", with the slab's name.
     */
    public static final Pattern KERNEL_TROUBLE = Pattern.compile(
            "\\bBUG\\b|WARNING|Oops|general protection|Call Trace|stack guard|kernel stack overflow"
            + "|Redzone|Poison overwritten|Padding overwritten|Freepointer|slab|use-after-free");
    /** Runs a command as "nobody" (uid and gid 65534) in the guest. */
    public static final String AS_NOBODY = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    /** Prints the module's kernel log lines without timestamps, as ./workshop run does. */
    public static final String MODULE_LOG = "dmesg | sed -n 's/^\\[ *[0-9.]*\\] //; /^nlws: /p'";
    /** SLUB's consistency checks, red zones, poisoning and owner tracking: a use-after-free or overflow is reported. */
    public static final String SLUB_DEBUG = "slub_debug=FZPU";
    /** Shows printk levels 0-4 on the console (WARNING is level 4), so that console.log has every warning. */
    private static final String CONSOLE_WARNINGS = "echo 5 >/proc/sys/kernel/printk";

    private static final Pattern STEP = Pattern.compile("(?m)^=== (\\S+)$\\n(.*?)^=== \\1 rc=(\\d+)$", Pattern.DOTALL);
    private static final Pattern DMESG_STEP = Pattern.compile("(?s)=== dmesg\n.*=== dmesg rc=\\d+\n?");
    private static final long BOOT_SECONDS = 900;

    private final List<String> options = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private Path testClasses;
    private String context = "";
    private boolean classPathCopied;

    private Guest(List<String> options) {
        this.options.addAll(options);
    }

    /** Boots with stage {@code n}'s module loaded (the launcher's --step). */
    public static Guest stage(int n) {
        return new Guest(List.of("--step", Integer.toString(n)));
    }

    /**
     * Boots with chapter {@code n}'s module loaded (under ./workshop check, the
     * learner's) and the kernel's checks on ({@link #kernelChecks()}).
     */
    public static Guest chapter(int n) throws IOException {
        return new Guest(List.of("--module", Workshop.moduleDir(n).toString())).kernelChecks();
    }

    /** Boots with the module built in {@code dir} (relative to the repository root, or absolute) loaded. */
    public static Guest module(String dir) {
        return new Guest(List.of("--module", dir));
    }

    /** Boots with no module loaded. */
    public static Guest withoutModule() {
        return new Guest(List.of());
    }

    /** Loads the module with {@code nameValue} (such as "admin_only=1"), the launcher's --param. */
    public Guest param(String nameValue) {
        options.addAll(List.of("--param", nameValue));
        return this;
    }

    /**
     * Turns the kernel's checks on: SLUB's debug checks, on the guest kernel's
     * command line (the launcher's WORKSHOP_VM_APPEND), and every warning on
     * the console, where {@link Boot#assertKernelLogClean()} looks for them.
     */
    public Guest kernelChecks() {
        env.put("WORKSHOP_VM_APPEND", SLUB_DEBUG);
        if (!lines.contains(CONSOLE_WARNINGS)) {
            lines.add(0, CONSOLE_WARNINGS);
        }
        return this;
    }

    /**
     * Puts {@code dir} on the class path of {@link #java(int, String, String)}
     * in place of the stage's or chapter's own test classes.
     */
    public Guest testClasses(Path dir) {
        testClasses = dir;
        return this;
    }

    /** Says what failure messages start with, such as the fuzz seed the run used. */
    public Guest context(String text) {
        context = text + ": ";
        return this;
    }

    /** Adds a shell line that is not a step (set-up). */
    public Guest line(String line) {
        lines.add(line);
        return this;
    }

    /** Adds a named step: its output (stdout and stderr) and exit status are reported separately. */
    public Guest step(String name, String command) {
        if (!name.matches("\\S+")) {
            throw new IllegalArgumentException("a step's name is one word: \"" + name + "\"");
        }
        lines.add("echo '=== " + name + "'");
        lines.add("{ " + command + "; } 2>&1");
        lines.add("echo \"=== " + name + " rc=$?\"");
        return this;
    }

    /**
     * Adds the steps a script ends with: "log", the module's kernel log lines
     * ({@link #MODULE_LOG}); "kernel", /proc/version and /proc/cmdline (what
     * the guest booted, which a warm VM's dmesg may no longer hold: its ring
     * buffer keeps the latest lines); and "dmesg", the kernel log, which
     * {@link Boot#assertKernelLogClean()} reads.
     */
    public Guest logSteps() {
        return step("log", MODULE_LOG).step("kernel", "cat /proc/version /proc/cmdline").step("dmesg", "dmesg");
    }

    /** Returns the script. */
    public String script() {
        return String.join("\n", lines) + "\n";
    }

    /**
     * Returns the command that runs {@code mainClass ARGS} from stage or
     * chapter {@code n}'s jar, with its test classes (or those of
     * {@link #testClasses}), for any user in the guest: the first call adds a
     * line that copies the class path to the guest's /tmp (~/.m2 is root's).
     * The flags are the lesson programs' (tools/java-flags), but C1 instead of
     * -Xint: a test program runs thousands of round trips, where compiling pays.
     */
    public String java(int n, String mainClass, String args) throws IOException {
        if (!classPathCopied) {
            classPathCopied = true;
            Path module = Workshop.stepDir(n);
            List<String> entries = new ArrayList<>();
            // ./workshop check: the learner's classes of this stage or chapter, in place of its jar.
            Path learner = Workshop.learnerClasses(n);
            if (learner == null) {
                entries.add(jar(module).toString());
            }
            entries.addAll(classPath(module));
            Path tests = testClasses != null ? testClasses : module.resolve("target/test-classes");
            lines.add("mkdir -p /tmp/cp && cp " + String.join(" ", entries) + " /tmp/cp/ && cp -r " + tests
                    + " /tmp/cp/classes" + (learner == null ? "" : " && cp -r " + learner + " /tmp/cp/learner")
                    + " && chmod -R a+rX /tmp/cp || exit 1");
        }
        String flags = String.join(" ", Workshop.javaFlags()).replace("-Xint", "-XX:TieredStopAtLevel=1");
        return "java " + flags + " -cp '/tmp/cp/learner:/tmp/cp/*:/tmp/cp/classes' " + mainClass
                + (args.isEmpty() ? "" : " " + args);
    }

    /**
     * Returns the command line that runs {@code mainClass} from stage or
     * chapter {@code n}'s jar (under ./workshop check, the learner's classes)
     * in the guest as root, with the lesson programs' flags.
     */
    public static String java(int n, String mainClass) throws IOException {
        Path module = Workshop.stepDir(n);
        Path learner = Workshop.learnerClasses(n);
        String classes = learner != null ? learner.toString() : jar(module).toString();
        return "java " + String.join(" ", Workshop.javaFlags()) + " -cp " + classes + ":"
                + String.join(":", classPath(module)) + " " + mainClass;
    }

    /**
     * Like {@link #java(int, String)}, with stage {@code n}'s test classes on
     * the class path too, for test programs that send what the lesson's programs never would.
     */
    public static String javaWithTests(int n, String mainClass) throws IOException {
        String command = java(n, mainClass);
        int cp = command.indexOf(" -cp ") + " -cp ".length();
        return command.substring(0, cp) + Workshop.stepDir(n).resolve("target/test-classes") + ":"
                + command.substring(cp);
    }

    private static Path jar(Path module) throws IOException {
        try (var files = Files.list(module.resolve("target"))) {
            return files.filter(f -> f.toString().endsWith(".jar") && !f.toString().endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IOException(module + " has no jar: run mvn package"));
        }
    }

    private static List<String> classPath(Path module) throws IOException {
        return List.of(Files.readString(module.resolve("target/classpath.txt")).trim().split(":"));
    }

    /**
     * Compiles {@code module}'s src/test/c/NAME.c into its target/c/NAME,
     * under the repository, which the guest sees (its /tmp is its own), and
     * returns the path the guest runs.
     */
    public static String program(Path module, String name) throws IOException, InterruptedException {
        return compile(module, "src/test/c/" + name + ".c");
    }

    /**
     * Compiles stage or chapter {@code n}'s C file {@code source} (relative to
     * its module, such as src/main/c/open_socket.c) into its target/c/, and
     * returns the path the guest runs.
     */
    public static String compile(int n, String source) throws IOException, InterruptedException {
        return compile(Workshop.stepDir(n), source);
    }

    private static String compile(Path module, String source) throws IOException, InterruptedException {
        String name = Path.of(source).getFileName().toString().replaceFirst("\\.c$", "");
        return CProgram.compile(module.resolve(source), module.resolve("target/c/" + name)).toString();
    }

    /** Compiles stage or chapter {@code n}'s src/test/c/NAME.c: {@link #program(Path, String)}. */
    public static String program(int n, String name) throws IOException, InterruptedException {
        return program(Workshop.stepDir(n), name);
    }

    /**
     * Boots the VM once, runs the script and returns the boot, named after the
     * calling test class; fails when the VM did not boot or the script did not
     * end with status 0. Prints the output, without the dmesg step's body (it is long).
     */
    public Boot boot() throws IOException, InterruptedException {
        Boot boot = start(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass());
        System.out.println(withoutDmesg(boot.result().stdout()));
        // No console log: the VM never booted, e.g. the module did not build (W=1 makes warnings errors).
        assertThat(boot.logs().resolve("console.log")).as(context + "the VM did not boot; the launcher said:\n"
                + boot.result()).exists();
        assertThat(boot.result().exitCode()).as(context + boot).isZero();
        return boot;
    }

    /**
     * Boots the VM once, runs the script and returns the boot, whatever its
     * status: for a test that expects a crash, or asserts the status itself.
     */
    public Boot run() throws IOException, InterruptedException {
        return start(StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass());
    }

    private Boot start(Class<?> caller) throws IOException, InterruptedException {
        Path parent = Workshop.root().resolve("target/vm");
        Files.createDirectories(parent);
        Path logs = Files.createTempDirectory(parent, caller.getSimpleName() + "-");
        Files.writeString(logs.resolve("script.sh"), script());
        Map<String, String> launcherEnv = new LinkedHashMap<>(env);
        launcherEnv.put("WORKSHOP_VM_KEEP", logs.toAbsolutePath().toString());
        Workshop.Result result = Workshop.launcher(Workshop.root(), BOOT_SECONDS, launcherEnv,
                launcherArgs().toArray(String[]::new));
        Files.writeString(logs.resolve("output.txt"), result.toString());
        // In the test's report, beside any failure of this class: where to look further.
        System.out.println("the guest's console.log and dmesg, the script and the launcher's output are kept in "
                + logs);
        return new Boot(result, logs, context);
    }

    /** Returns the launcher's arguments: {@code vm}, the options, and the script for sh. */
    List<String> launcherArgs() {
        List<String> args = new ArrayList<>(List.of("vm"));
        args.addAll(options);
        args.addAll(List.of("--", "sh", "-c", script()));
        return args;
    }

    /** Returns the environment the launcher gets beyond the test run's own (the log folder aside). */
    Map<String, String> launcherEnv() {
        return Map.copyOf(env);
    }

    /** Splits a guest's output into its steps, by name, in the order they ran. */
    public static Map<String, Step> steps(String output) {
        Map<String, Step> steps = new LinkedHashMap<>();
        Matcher matcher = STEP.matcher(output);
        while (matcher.find()) {
            steps.put(matcher.group(1), new Step(matcher.group(1), matcher.group(2),
                    Integer.parseInt(matcher.group(3))));
        }
        return steps;
    }

    /** Returns a guest's output without the dmesg step's body, for the test log. */
    public static String withoutDmesg(String output) {
        return DMESG_STEP.matcher(output).replaceAll("=== dmesg (not shown)\n");
    }

    /** Returns the lines of {@code log} (dmesg, console.log) that mean kernel trouble. */
    public static List<String> trouble(String log) {
        return log.lines().filter(l -> KERNEL_TROUBLE.matcher(l).find()).toList();
    }

    /** The outcome of one step: its output and exit status. */
    public record Step(String name, String output, int exitCode) {
        /** Returns the output's lines. */
        public List<String> lines() {
            return output.lines().toList();
        }

        @Override
        public String toString() {
            return "step " + name + ", exit " + exitCode + ":\n" + output;
        }
    }

    /** One boot: what the launcher printed, the steps, and the folder that keeps the guest's logs. */
    public static final class Boot {
        private final Workshop.Result result;
        private final Path logs;
        private final String context;
        private final Map<String, Step> steps;
        private final String console;

        Boot(Workshop.Result result, Path logs, String context) throws IOException {
            this.result = result;
            this.logs = logs;
            this.context = context;
            this.steps = Guest.steps(result.stdout());
            Path file = logs.resolve("console.log");
            this.console = Files.exists(file) ? Files.readString(file) : null;
        }

        /** Returns what the launcher printed and its exit status. */
        public Workshop.Result result() {
            return result;
        }

        /** Returns the folder that keeps console.log, dmesg, the script and the launcher's output. */
        public Path logs() {
            return logs;
        }

        /** Returns the steps that ran, by name. */
        public Map<String, Step> steps() {
            return steps;
        }

        /**
         * Returns step {@code name}'s output, then the module's kernel log lines
         * (the "log" step of {@link Guest#logSteps()}) under the line that
         * ./workshop run prints before them: what a learner sees.
         */
        public String withModuleLog(String name) {
            return step(name).output() + "----- kernel log: what nlws printed during this run -----\n"
                    + step("log").output();
        }

        /** Returns the named step, failing with the whole output when it did not run. */
        public Step step(String name) {
            assertThat(steps).as(context + "step " + name + " in the VM's output:\n" + this).containsKey(name);
            return steps.get(name);
        }

        /** Returns the guest's console (its serial port's log), failing when the VM did not boot. */
        public String console() {
            assertThat(console).as(context + "the VM did not boot (no console.log); the launcher said:\n" + this)
                    .isNotNull();
            return console;
        }

        /**
         * Asserts that neither the dmesg step's output (see {@link Guest#logSteps()})
         * nor the console has a line of kernel trouble ({@link #KERNEL_TROUBLE}).
         */
        public void assertKernelLogClean() {
            assertThat(trouble(step("dmesg").output())).as(context + "kernel trouble in dmesg; the guest's logs are"
                    + " kept in " + logs).isEmpty();
            assertThat(trouble(console())).as(context + "kernel trouble on the console; the guest's logs are kept in "
                    + logs).isEmpty();
        }

        /** Returns the launcher's output, and where the guest's logs are kept. */
        @Override
        public String toString() {
            return result + "--- the guest's console.log and dmesg are kept in " + logs + " ---\n";
        }
    }

    /**
     * Which TODO of an exercise a failing output points at, for an
     * assertion's description: {@code ./workshop check} ({@link Checker})
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

        /**
         * Asserts that step {@code name} of {@code boot} ended with status 0, a
         * failure naming the TODO its output points at, and returns the output
         * as a learner sees it ({@link Boot#withModuleLog}).
         */
        public String assertRan(Boot boot, String name) {
            String output = boot.withModuleLog(name);
            assertThat(boot.step(name).exitCode()).as(diagnose(output) + "\n" + output).isZero();
            return output;
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
}
