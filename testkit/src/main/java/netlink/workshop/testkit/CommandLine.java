package netlink.workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CommandLine runs a lesson program's main class with arguments, in a JVM of
 * its own on this machine (no VM: a program reads its command line before it
 * opens any socket), and checks how it answers a command line it does not
 * take: one line on stderr that names the argument and the valid ones, nothing
 * on stdout, exit status 2; and {@code --help}: the usage on stdout, exit 0.
 */
public final class CommandLine {
    /** The exit status of a command line a program does not take. */
    public static final int USAGE = 2;

    private CommandLine() {
    }

    /** Runs {@code main} with {@code args}, with this JVM's class path and the lesson programs' flags. */
    public static Workshop.Result run(Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Workshop.javaFlags());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return Workshop.run(new ProcessBuilder(command), 60);
    }

    /** Asserts that {@code main} answers {@code args} with exactly {@code line} on stderr, and exit status 2. */
    public static void assertRejected(Class<?> main, String line, String... args)
            throws IOException, InterruptedException {
        Workshop.Result result = run(main, args);
        String described = main.getSimpleName() + " " + String.join(" ", args) + ": " + result;
        assertThat(result.exitCode()).as(described).isEqualTo(USAGE);
        assertThat(result.stdout()).as("nothing on stdout, no socket opened: " + described).isEmpty();
        assertThat(result.stderr()).as(described).isEqualTo(line + "\n");
    }

    /**
     * Asserts that {@code main --help} prints the usage, which names each of
     * {@code valid}, on stdout and nothing else, and exits 0.
     */
    public static void assertHelp(Class<?> main, String... valid) throws IOException, InterruptedException {
        Workshop.Result result = run(main, "--help");
        String described = main.getSimpleName() + " --help: " + result;
        assertThat(result.exitCode()).as(described).isZero();
        assertThat(result.stderr()).as(described).isEmpty();
        assertThat(result.stdout()).as(described).startsWith("usage: " + main.getSimpleName()).contains("--help");
        for (String option : valid) {
            assertThat(result.stdout()).as(described).contains(option);
        }
    }
}
