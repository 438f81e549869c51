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
 * that the VM tests see exactly what a learner sees ({@link Guest} boots the VM
 * for a script of named steps).
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
