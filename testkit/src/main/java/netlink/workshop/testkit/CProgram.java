package netlink.workshop.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CProgram compiles a small C program with gcc (-Wall -Werror) and runs it:
 * the tests compare the Java side with what C's real headers and macros say.
 */
public final class CProgram {
    private CProgram() {
    }

    /** Compiles {@code source} with kernel/include on the include path, runs it, and returns its stdout. */
    public static String run(String source) throws IOException, InterruptedException {
        return run(source, List.of());
    }

    /** Like {@link #run(String)}, passing {@code args} to the program. */
    public static String run(String source, List<String> args) throws IOException, InterruptedException {
        Path binary = compile(source);
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString()));
            command.addAll(args);
            Workshop.Result result = Workshop.run(new ProcessBuilder(command), 60);
            if (result.exitCode() != 0) {
                throw new IOException("the C program failed: " + result);
            }
            return result.stdout();
        } finally {
            Files.deleteIfExists(binary);
        }
    }

    /**
     * Compiles the C file {@code source} into {@code binary}, with kernel/include
     * and the source's own folder on the include path. Put the binary under the
     * repository's target/ when the VM must run it: the guest has its own /tmp.
     */
    public static Path compile(Path source, Path binary) throws IOException, InterruptedException {
        Files.createDirectories(binary.toAbsolutePath().getParent());
        Workshop.Result result = Workshop.run(new ProcessBuilder("gcc", "-Wall", "-Wextra", "-Werror", "-O1",
                "-I" + Workshop.root().resolve("kernel/include"), "-I" + source.toAbsolutePath().getParent(),
                "-o", binary.toString(), source.toString()), 120);
        if (result.exitCode() != 0) {
            throw new IOException("gcc failed on " + source + ": " + result.stderr());
        }
        return binary;
    }

    /** Compiles {@code source} and returns the binary's path; the caller deletes it. */
    public static Path compile(String source) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cprogram");
        Path file = dir.resolve("probe.c");
        Path binary = Files.createTempFile("cprogram", ".bin");
        Files.writeString(file, source);
        Workshop.Result result = Workshop.run(new ProcessBuilder("gcc", "-Wall", "-Wextra", "-Werror", "-O1",
                "-I" + Workshop.root().resolve("kernel/include"), "-o", binary.toString(), file.toString()), 120);
        Files.delete(file);
        Files.delete(dir);
        if (result.exitCode() != 0) {
            throw new IOException("gcc failed: " + result.stderr());
        }
        return binary;
    }
}
