package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.CProgram;
import netlink.workshop.testkit.Workshop;

/**
 * GuestScript builds one shell script of named steps for a single VM boot,
 * and splits the VM's output back into those steps, so that a test class can
 * boot once and assert each scenario in its own test method.
 */
final class GuestScript {
    /** Kernel log lines that mean something went wrong in the kernel. */
    static final Pattern KERNEL_TROUBLE = Pattern.compile(
            "\\bBUG\\b|WARNING|Oops|general protection|Call Trace|stack guard|kernel stack overflow"
            + "|Redzone|Poison overwritten|Padding overwritten|Freepointer|slab_out_of_bounds|use-after-free");

    /**
     * The guest's kernel command line for the robustness tests: SLUB's debug
     * checks (sanity, red zones, poisoning, user tracking), so that an overflow
     * or a use after free in the module shows in the log even when it does not crash.
     */
    static final java.util.Map<String, String> SLUB_DEBUG = java.util.Map.of("WORKSHOP_VM_APPEND", "slub_debug=FZPU");
    /** Where the C programs are built: under the repository, which the guest sees (its /tmp is its own). */
    static final Path BIN = Workshop.root().resolve("target/robust");
    /** The uid and gid of "nobody", for running a program unprivileged in the guest. */
    static final String AS_NOBODY = "setpriv --reuid=65534 --regid=65534 --clear-groups ";

    private static final Pattern STEP = Pattern.compile("(?m)^=== (\\S+)$\\n(.*?)^=== \\1 rc=(\\d+)$", Pattern.DOTALL);

    private final List<String> lines = new ArrayList<>();
    private boolean classPathCopied;

    /** The outcome of one step: its output and exit status. */
    record Step(String output, int exitCode) {
    }

    /** Compiles src/test/c/NAME.c of stage 10 into target/robust/NAME and returns the path the guest runs. */
    static String program(String name) throws IOException, InterruptedException {
        Path binary = BIN.resolve(name);
        CProgram.compile(Workshop.root().resolve("robustness/src/test/c/" + name + ".c"), binary);
        return binary.toString();
    }

    /**
     * Returns the command that runs {@code RobustnessProbe ARGS} in the guest.
     * The first call adds a step that copies the class path to the guest's /tmp,
     * where an unprivileged user can read it (~/.m2 is root's).
     */
    String java(String args) throws IOException {
        if (!classPathCopied) {
            classPathCopied = true;
            Path step = Workshop.stepDir(10);
            List<String> entries = new ArrayList<>();
            entries.add(step.resolve("target/" + step.getFileName() + "-1.0.jar").toString());
            entries.addAll(List.of(Files.readString(step.resolve("target/classpath.txt")).trim().split(":")));
            lines.add("mkdir -p /tmp/cp && cp " + String.join(" ", entries) + " /tmp/cp/ && cp -r "
                    + Workshop.root().resolve("robustness/target/test-classes")
                    + " /tmp/cp/classes && chmod -R a+rX /tmp/cp || exit 1");
        }
        // The lesson programs' flags, but C1 instead of -Xint: the probe runs
        // thousands of round trips, where compiling pays for itself.
        String flags = String.join(" ", Workshop.javaFlags()).replace("-Xint", "-XX:TieredStopAtLevel=1");
        return "java " + flags + " -cp '/tmp/cp/*:/tmp/cp/classes' netlink.workshop.RobustnessProbe " + args;
    }

    /** Adds a shell line that is not a step (set-up). */
    GuestScript line(String line) {
        lines.add(line);
        return this;
    }

    /** Adds a named step: its output and exit status are reported separately. */
    GuestScript step(String name, String command) {
        lines.add("echo '=== " + name + "'");
        lines.add("{ " + command + "; } 2>&1");
        lines.add("echo \"=== " + name + " rc=$?\"");
        return this;
    }

    /** Returns the script. */
    String script() {
        return String.join("\n", lines) + "\n";
    }

    /** Splits the VM's output into its steps, by name. */
    static Map<String, Step> steps(String output) {
        Map<String, Step> steps = new LinkedHashMap<>();
        Matcher matcher = STEP.matcher(output);
        while (matcher.find()) {
            steps.put(matcher.group(1), new Step(matcher.group(2), Integer.parseInt(matcher.group(3))));
        }
        return steps;
    }

    /** Returns the VM's output for the test log, without the dmesg step's body (it is long). */
    static String withoutDmesg(String output) {
        return output.replaceAll("(?s)=== dmesg\n.*=== dmesg rc", "=== dmesg\n(not shown)\n=== dmesg rc");
    }

    /** Returns the named step, failing with the whole output when it did not run. */
    static Step step(Map<String, Step> steps, String name, Workshop.Result result) {
        assertThat(steps).as("step " + name + " in the VM's output:\n" + result).containsKey(name);
        return steps.get(name);
    }
}
