package netlink.workshop.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Stages is the stage table, tools/stages.tsv: the one list of stages that
 * ./workshop and the tests both read.
 */
public final class Stages {
    private Stages() {
    }

    /**
     * One row of the table.
     *
     * @param number    the stage number, as in {@code ./workshop run N}
     * @param kernelDir the kernel folder, relative to the repository root
     * @param stepDir   the Maven module folder, relative to the repository root
     * @param mainClass the program's class, such as netlink.workshop.step10.HelloClient
     * @param unloads   whether the module has an exit function, so rmmod works
     */
    public record Stage(int number, String kernelDir, String stepDir, String mainClass, boolean unloads) {
    }

    /** Returns every stage, in order. */
    public static List<Stage> all() {
        try {
            return Files.readAllLines(Workshop.root().resolve("tools/stages.tsv")).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .map(f -> new Stage(Integer.parseInt(f[0]), f[1], f[2], "netlink.workshop." + f[3],
                            f[4].equals("yes")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tools/stages.tsv", e);
        }
    }

    /** Returns stage {@code n}, if the table has it. */
    public static Optional<Stage> find(int n) {
        return all().stream().filter(s -> s.number() == n).findFirst();
    }

    /** Returns stage {@code n}, or fails naming the stages there are. */
    public static Stage get(int n) {
        return find(n).orElseThrow(() -> new IllegalArgumentException(
                "no stage " + n + " in tools/stages.tsv"));
    }

    /** Returns stage {@code n}'s kernel folder. */
    public static Path kernelDir(int n) {
        return Workshop.root().resolve(get(n).kernelDir());
    }

    /** Returns stage {@code n}'s Maven module folder. */
    public static Path stepDir(int n) {
        return Workshop.root().resolve(get(n).stepDir());
    }
}
