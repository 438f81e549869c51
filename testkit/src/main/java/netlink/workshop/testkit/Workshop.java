package netlink.workshop.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Workshop runs the repository's launcher ({@code ./workshop}) from tests, so
 * that the VM tests see exactly what a learner sees.
 */
public final class Workshop {
    private Workshop() {
    }

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** Returns stdout as lines. */
        public List<String> lines() {
            return stdout.lines().toList();
        }

        /**
         * Returns the lines between the line {@code "@@ name"} and the next
         * {@code "@@ "} line: a VM script that runs several programs in one
         * boot echoes such a line before each (empty if there is none).
         */
        public List<String> section(String name) {
            List<String> all = lines();
            int start = all.indexOf("@@ " + name);
            if (start < 0) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (String line : all.subList(start + 1, all.size())) {
                if (line.startsWith("@@ ")) {
                    break;
                }
                out.add(line);
            }
            return out;
        }

        /** Returns both streams, for failure messages. */
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    /** Returns the repository root: the system property workshop.root, else the first parent holding ./workshop. */
    public static Path root() {
        String property = System.getProperty("workshop.root");
        if (property != null && Files.isExecutable(Paths.get(property, "workshop"))) {
            return Paths.get(property).toAbsolutePath();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("workshop")) && Files.isDirectory(dir.resolve("kernel"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (the folder with ./workshop)");
    }

    /** Returns the folder of stage {@code n}'s Maven module, such as steps/step10-user-receive. */
    public static Path stepDir(int n) throws IOException {
        return Stages.stepDir(n);
    }

    /** Returns the folder of stage {@code n}'s kernel module, such as kernel/step10-user-receive. */
    public static Path kernelDir(int n) throws IOException {
        return Stages.kernelDir(n);
    }

    /**
     * Returns the folder stage {@code n}'s nlws.ko is built in: the learner's
     * work/ copy when {@code ./workshop check} runs the tests against it, else the kit's.
     */
    public static Path moduleDir(int n) throws IOException {
        if ("work".equals(System.getenv("WORKSHOP_SOURCE"))) {
            Path learner = Path.of(System.getProperty("workshop.work", root() + "/work"))
                    .resolve(Stages.get(n).kernelDir());
            if (Files.exists(learner.resolve("Kbuild"))) {
                return learner;
            }
        }
        return kernelDir(n);
    }

    /**
     * Returns the kernel version the embedded VM boots, by the launcher's own
     * rule (vm_kernel in tools/setup.sh; LauncherTest holds them equal): the
     * newest /boot/vmlinuz-VERSION whose /lib/modules/VERSION/build exists.
     */
    public static String vmKernel() throws IOException {
        try (var images = Files.list(Path.of("/boot"))) {
            return images.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("vmlinuz-"))
                    .map(f -> f.substring("vmlinuz-".length()))
                    .filter(v -> Files.isDirectory(Path.of("/lib/modules", v, "build")))
                    .max(Workshop::compareVersions)
                    .orElseThrow(() -> new IOException("no kernel with matching headers in /boot: run ./workshop setup"));
        }
    }

    /** Compares two version strings as sort -V does: runs of digits by value, the rest as text. */
    static int compareVersions(String a, String b) {
        java.util.regex.Matcher x = java.util.regex.Pattern.compile("\\d+|\\D+").matcher(a);
        java.util.regex.Matcher y = java.util.regex.Pattern.compile("\\d+|\\D+").matcher(b);
        while (true) {
            boolean hasX = x.find();
            boolean hasY = y.find();
            if (!hasX || !hasY) {
                return Boolean.compare(hasX, hasY);
            }
            String p = x.group();
            String q = y.group();
            int c = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0))
                    ? new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q)) : p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
    }

    /** Returns the JVM flags of the lesson programs, from tools/java-flags (./workshop uses the same). */
    public static List<String> javaFlags() throws IOException {
        return List.of(Files.readString(root().resolve("tools/java-flags")).trim().split("\\s+"));
    }

    /**
     * Runs {@code ./workshop ARGS...} without set-up or Maven (the test run has
     * built everything), in {@code dir}, and waits at most {@code timeoutSeconds}.
     */
    public static Result launcher(Path dir, long timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return launcher(dir, timeoutSeconds, java.util.Map.of(), args);
    }

    /** Like {@link #launcher(Path, long, String...)}, with more environment (such as WORKSHOP_WORK). */
    public static Result launcher(Path dir, long timeoutSeconds, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("workshop").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("WORKSHOP_NO_SETUP", "1");
        builder.environment().put("WORKSHOP_NO_BUILD", "1");
        builder.environment().putAll(env);
        return run(builder, timeoutSeconds);
    }

    /** Runs {@code ./workshop run N} from the repository root: the learner's command. */
    public static Result runStage(int n) throws IOException, InterruptedException {
        return launcher(root(), 600, "run", Integer.toString(n));
    }

    /**
     * Boots the VM with stage {@code n}'s module loaded (no module when n is 0)
     * and runs {@code script} with sh in the repository root.
     */
    public static Result vm(int n, String script) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("vm"));
        if (n > 0) {
            args.addAll(List.of("--step", Integer.toString(n)));
        }
        args.addAll(List.of("--", "sh", "-c", script));
        return launcher(root(), 900, args.toArray(String[]::new));
    }

    /**
     * Boots the VM with the launcher's {@code options} (such as "--step", "10",
     * "--param", "admin_only=1") and runs {@code script} with sh in the
     * repository root. With {@code keep} set, the guest's console.log and dmesg
     * are kept there (WORKSHOP_VM_KEEP), also when the guest kernel crashes.
     */
    public static Result vm(List<String> options, String script, Path keep)
            throws IOException, InterruptedException {
        return vm(options, script, keep, java.util.Map.of());
    }

    /**
     * Like {@link #vm(List, String, Path)}, with more environment for the
     * launcher, such as WORKSHOP_VM_APPEND=slub_debug=FZPU.
     */
    public static Result vm(List<String> options, String script, Path keep, java.util.Map<String, String> env)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root().resolve("workshop").toString());
        command.add("vm");
        command.addAll(options);
        command.addAll(List.of("--", "sh", "-c", script));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
        builder.environment().put("WORKSHOP_NO_SETUP", "1");
        builder.environment().put("WORKSHOP_NO_BUILD", "1");
        if (keep != null) {
            builder.environment().put("WORKSHOP_VM_KEEP", keep.toAbsolutePath().toString());
        }
        builder.environment().putAll(env);
        return run(builder, 900);
    }

    /**
     * Returns the command line that runs {@code mainClass} from stage {@code n}'s
     * jar in the VM, for use inside a {@link #vm} script.
     */
    public static String java(int n, String mainClass) throws IOException {
        Path step = stepDir(n);
        Path learner = learnerClasses(n);
        if (learner != null) {
            return "java " + String.join(" ", javaFlags()) + " -cp " + learner + ":"
                    + Files.readString(step.resolve("target/classpath.txt")).trim() + " " + mainClass;
        }
        Path jar;
        try (var files = Files.list(step.resolve("target"))) {
            jar = files.filter(f -> f.toString().endsWith(".jar") && !f.toString().endsWith("-tests.jar"))
                    .findFirst().orElseThrow(() -> new IOException(step + " has no jar: run mvn package"));
        }
        String classpath = jar + ":" + Files.readString(step.resolve("target/classpath.txt")).trim();
        return "java " + String.join(" ", javaFlags()) + " -cp " + classpath + " " + mainClass;
    }

    /**
     * Returns the learner's compiled classes of stage {@code n} when
     * {@code ./workshop check} runs the tests against them (WORKSHOP_SOURCE=work), else null.
     */
    public static Path learnerClasses(int n) {
        if (!"work".equals(System.getenv("WORKSHOP_SOURCE"))) {
            return null;
        }
        Path classes = Path.of(System.getProperty("workshop.work", root() + "/work"))
                .resolve(Stages.get(n).stepDir()).resolve("target/classes");
        return Files.isDirectory(classes) ? classes : null;
    }

    /**
     * Like {@link #java}, with stage {@code n}'s test classes on the class path
     * too, for test programs that send what the lesson's programs never would.
     */
    public static String javaWithTests(int n, String mainClass) throws IOException {
        String command = java(n, mainClass);
        int cp = command.indexOf(" -cp ") + " -cp ".length();
        return command.substring(0, cp) + stepDir(n).resolve("target/test-classes") + ":" + command.substring(cp);
    }

    /** Runs a process to completion, with both streams captured. */
    public static Result run(ProcessBuilder builder, long timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("workshop-out", ".txt");
        Path err = Files.createTempFile("workshop-err", ".txt");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + " s: " + builder.command()
                        + "\n" + Files.readString(out, StandardCharsets.UTF_8)
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
