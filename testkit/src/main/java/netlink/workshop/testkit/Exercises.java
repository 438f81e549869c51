package netlink.workshop.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Exercises turns a stage's solution sources into the learner's exercise, in
 * a workspace ({@code work/}) that mirrors the repository's paths:
 * {@code ./workshop exercise N}, {@code hint N} and {@code solution N} call it.
 *
 * <p>The learner's files of stage N are the stage's kernel folder (nlws.c,
 * Kbuild, Makefile) when its source has TODO markers, and the stage's Java
 * sources (src/main/java) when one of them has; a linked source (stages
 * 6-10's nlws.c is stage 5's) belongs to the stage it links to. The kernel's shared
 * kernel/module.mk and kernel/include come along, unchanged.
 */
public final class Exercises {
    private final Path root;
    private final Path work;

    /** An exercise over the kit in {@code root}, written into {@code work}. */
    public Exercises(Path root, Path work) {
        this.root = root;
        this.work = work;
    }

    /** The learner's files of stage {@code n}, by path relative to the root, with their kit source. */
    public Map<String, Path> files(int n) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        Stages.Stage stage = Stages.get(n);
        Path kernel = root.resolve(stage.kernelDir());
        if (marked(kernel)) {
            try (Stream<Path> s = Files.list(kernel)) {
                s.filter(p -> isKernelSource(p.getFileName().toString()) && Files.isRegularFile(p)
                        && !Files.isSymbolicLink(p))
                        .forEach(p -> files.put(root.relativize(p).toString(), p));
            }
        }
        Path java = root.resolve(stage.stepDir()).resolve("src/main/java");
        if (marked(java)) {
            try (Stream<Path> s = Files.walk(java)) {
                s.filter(p -> p.toString().endsWith(".java"))
                        .forEach(p -> files.put(root.relativize(p).toString(), p));
            }
        }
        return files;
    }

    /** The shared files a learner's kernel folder builds with: copied, not exercises. */
    public Map<String, Path> supportFiles(int n) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        if (files(n).keySet().stream().noneMatch(f -> f.startsWith("kernel/"))) {
            return files;
        }
        files.put("kernel/module.mk", root.resolve("kernel/module.mk"));
        try (Stream<Path> s = Files.list(root.resolve("kernel/include"))) {
            s.forEach(p -> files.put(root.relativize(p).toString(), p));
        }
        return files;
    }

    private static boolean isKernelSource(String name) {
        return name.endsWith(".c") || name.endsWith(".h") || name.equals("Kbuild") || name.equals("Makefile");
    }

    private static boolean marked(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            // A link (stages 6-10's nlws.c) is another stage's exercise, not this one's.
            for (Path p : (Iterable<Path>) s.filter(f -> Files.isRegularFile(f) && !Files.isSymbolicLink(f))::iterator) {
                String name = p.getFileName().toString();
                if ((name.endsWith(".c") || name.endsWith(".java"))
                        && Markers.hasTodos(Files.readString(p, StandardCharsets.UTF_8))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The stage's TODOs in order, each with the file it is in. A TODO may
     * stand in several places (an exit function and its module_exit()); the
     * first place gives its text and hints.
     */
    public List<Map.Entry<String, Markers.Todo>> todos(int n) throws IOException {
        List<Map.Entry<String, Markers.Todo>> todos = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        for (Map.Entry<String, Path> f : files(n).entrySet()) {
            for (Markers.Todo t : cut(f.getKey(), f.getValue()).todos()) {
                if (!seen.contains(t.number())) {
                    seen.add(t.number());
                    todos.add(Map.entry(f.getKey(), t));
                }
            }
        }
        todos.sort((a, b) -> Integer.compare(a.getValue().number(), b.getValue().number()));
        return todos;
    }

    private static Markers.Cut cut(String name, Path file) throws IOException {
        return Markers.cut(name, Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The state folder of stage n's exercise (sums of the generated files, hints given, last check). */
    private Path state(int n) {
        return work.resolve(".exercise/stage" + n);
    }

    /**
     * Writes stage {@code n}'s skeleton into the workspace. Files the learner
     * has edited since they were written stay, unless {@code reset}; the
     * returned list names them (empty: all written or unchanged).
     */
    public List<String> generate(int n, boolean reset) throws IOException {
        Map<String, String> sums = readSums(n);
        Map<String, String> content = new LinkedHashMap<>();
        for (Map.Entry<String, Path> f : files(n).entrySet()) {
            content.put(f.getKey(), cut(f.getKey(), f.getValue()).skeleton());
        }
        List<String> edited = new ArrayList<>();
        for (String rel : content.keySet()) {
            Path target = work.resolve(rel);
            if (Files.exists(target) && !reset) {
                String now = sha256(Files.readString(target, StandardCharsets.UTF_8));
                if (!now.equals(sums.get(rel))) {
                    edited.add(rel);
                }
            }
        }
        if (!edited.isEmpty()) {
            return edited;
        }
        Map<String, String> newSums = new TreeMap<>();
        for (Map.Entry<String, String> f : content.entrySet()) {
            write(work.resolve(f.getKey()), f.getValue());
            newSums.put(f.getKey(), sha256(f.getValue()));
        }
        for (Map.Entry<String, Path> f : supportFiles(n).entrySet()) {
            write(work.resolve(f.getKey()), Files.readString(f.getValue(), StandardCharsets.UTF_8));
        }
        Files.createDirectories(state(n));
        StringBuilder text = new StringBuilder();
        newSums.forEach((k, v) -> text.append(v).append("  ").append(k).append('\n'));
        Files.writeString(state(n).resolve("sums"), text);
        Files.deleteIfExists(state(n).resolve("hints"));
        Files.deleteIfExists(state(n).resolve("failed"));
        return List.of();
    }

    /** Writes the kit's solution of stage n's learner files under {@code dir}, marker lines removed. */
    public void writeSolution(int n, Path dir) throws IOException {
        for (Map.Entry<String, Path> f : files(n).entrySet()) {
            write(dir.resolve(f.getKey()), cut(f.getKey(), f.getValue()).solution());
        }
    }

    /**
     * Writes into the workspace stage {@code n}'s files as the kit has them,
     * with only TODO {@code k} cut back to its skeleton (Markers.mutant).
     *
     * @return the files that hold TODO k
     */
    public List<String> writeMutant(int n, int k) throws IOException {
        List<String> holding = new ArrayList<>();
        for (Map.Entry<String, Path> f : files(n).entrySet()) {
            String source = Files.readString(f.getValue(), StandardCharsets.UTF_8);
            if (Markers.cut(f.getKey(), source).todos().stream().anyMatch(t -> t.number() == k)) {
                holding.add(f.getKey());
            }
            write(work.resolve(f.getKey()), Markers.mutant(f.getKey(), source, k));
        }
        return holding;
    }

    /**
     * Returns the next hint for stage {@code n}: for the first TODO the last
     * check found unfinished (or TODO 1 before any check), each call one hint
     * further, up to its last; then the solution is the way on.
     */
    public String nextHint(int n) throws IOException {
        List<Map.Entry<String, Markers.Todo>> todos = todos(n);
        if (todos.isEmpty()) {
            return "stage " + n + " has no exercise";
        }
        List<Integer> failed = failed(n);
        Map.Entry<String, Markers.Todo> pick = todos.stream()
                .filter(t -> failed.isEmpty() || failed.contains(t.getValue().number()))
                .findFirst().orElse(todos.get(0));
        Markers.Todo todo = pick.getValue();
        Map<Integer, Integer> given = readHints(n);
        int index = given.getOrDefault(todo.number(), 0);
        if (index >= todo.hints().size()) {
            return "TODO " + todo.number() + " (" + pick.getKey() + "): no more hints: './workshop solution "
                    + n + "' shows the kit's answer";
        }
        given.put(todo.number(), index + 1);
        StringBuilder text = new StringBuilder();
        given.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
        Files.createDirectories(state(n));
        Files.writeString(state(n).resolve("hints"), text);
        return "TODO " + todo.number() + " (" + pick.getKey() + "), hint " + (index + 1) + " of "
                + todo.hints().size() + ": " + todo.hints().get(index);
    }

    /** The TODO numbers the last check of stage n found unfinished. */
    public List<Integer> failed(int n) throws IOException {
        Path file = state(n).resolve("failed");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(Integer::valueOf).toList();
    }

    /** Records the TODOs the check found unfinished, for the hints. */
    public void recordFailed(int n, List<Integer> todos) throws IOException {
        Files.createDirectories(state(n));
        StringBuilder text = new StringBuilder();
        todos.forEach(t -> text.append(t).append('\n'));
        Files.writeString(state(n).resolve("failed"), text);
    }

    private Map<String, String> readSums(int n) throws IOException {
        Map<String, String> sums = new TreeMap<>();
        Path file = state(n).resolve("sums");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                int sep = line.indexOf("  ");
                if (sep > 0) {
                    sums.put(line.substring(sep + 2), line.substring(0, sep));
                }
            }
        }
        return sums;
    }

    private Map<Integer, Integer> readHints(int n) throws IOException {
        Map<Integer, Integer> given = new TreeMap<>();
        Path file = state(n).resolve("hints");
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(" ");
                if (f.length == 2) {
                    given.put(Integer.valueOf(f[0]), Integer.valueOf(f[1]));
                }
            }
        }
        return given;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Whether {@code todo}'s solution lines name {@code word}: it defines or uses it. */
    private static boolean names(Markers.Todo todo, String word) {
        return java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(word) + "\\b")
                .matcher(String.join("\n", todo.solution())).find();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The command line of ./workshop's exercise commands:
     * {@code generate N [--reset]}, {@code hint N}, {@code solution N DIR}, {@code mutant N K}
     * (the solution with only TODO K cut back, into the workspace: ExercisesIT's proof by hand),
     * {@code todos N}, {@code locate N FILE:LINE... [-- NAME... [-- FILE:LINE=FUNCTION...]]} (which
     * TODO each compiler message belongs to; a function found unused belongs to the TODO that calls it).
     * The workspace is the system property workshop.work.
     */
    public static void main(String[] args) throws IOException {
        Path root = Workshop.root();
        Exercises ex = new Exercises(root, Path.of(System.getProperty("workshop.work", root + "/work")));
        switch (args[0]) {
            case "generate" -> {
                int n = Integer.parseInt(args[1]);
                List<String> edited = ex.generate(n, args.length > 2 && args[2].equals("--reset"));
                if (!edited.isEmpty()) {
                    for (String f : edited) {
                        System.out.println("exercise: " + root.relativize(ex.work.resolve(f))
                                + ": you have edited it since it was written; your edits stay");
                    }
                    System.out.println("exercise: to start stage " + n + " again from the skeleton: ./workshop exercise "
                            + n + " --reset (it overwrites your edits)");
                    System.exit(3);
                }
                for (String f : ex.files(n).keySet()) {
                    System.out.println("file\t" + root.relativize(ex.work.resolve(f)));
                }
                for (Map.Entry<String, Markers.Todo> t : ex.todos(n)) {
                    System.out.println("todo\t" + t.getValue().number() + "\t" + t.getKey() + "\t"
                            + t.getValue().text());
                }
            }
            case "hint" -> System.out.println(ex.nextHint(Integer.parseInt(args[1])));
            case "solution" -> ex.writeSolution(Integer.parseInt(args[1]), Path.of(args[2]));
            case "mutant" -> ex.writeMutant(Integer.parseInt(args[1]), Integer.parseInt(args[2]))
                    .forEach(f -> System.out.println("mutant: " + f + " has TODO " + args[2] + " cut back"));
            case "todos" -> {
                for (Map.Entry<String, Markers.Todo> t : ex.todos(Integer.parseInt(args[1]))) {
                    System.out.println(t.getValue().number() + "\t" + t.getKey() + "\t" + t.getValue().text()
                            + "\t" + (t.getValue().hints().isEmpty() ? "" : t.getValue().hints().get(0)));
                }
            }
            case "locate" -> {
                // locate N FILE:LINE... [-- NAME...]: for each compiler message, the TODO it is
                // in, or, in a file without TODOs, the first TODO whose solution defines one of
                // the names the compiler did not know (else the first TODO).
                int n = Integer.parseInt(args[1]);
                List<String> rest = List.of(args).subList(2, args.length);
                int dash = rest.indexOf("--");
                List<String> places = dash < 0 ? rest : rest.subList(0, dash);
                List<String> named = dash < 0 ? List.of() : rest.subList(dash + 1, rest.size());
                // -- FILE:LINE=NAME...: a function the compiler found unused at FILE:LINE.
                int second = named.indexOf("--");
                Map<String, String> unused = new java.util.HashMap<>();
                for (String u : second < 0 ? List.<String>of() : named.subList(second + 1, named.size())) {
                    int eq = u.lastIndexOf('=');
                    unused.put(u.substring(0, eq), u.substring(eq + 1));
                }
                List<String> names = second < 0 ? named : named.subList(0, second);
                List<Map.Entry<String, Markers.Todo>> todos = ex.todos(n);
                // The same for every place in a file without TODOs: found once.
                java.util.Optional<Integer> definer = todos.stream().map(Map.Entry::getValue)
                        .filter(t -> names.stream().anyMatch(name -> names(t, name)))
                        .map(Markers.Todo::number).findFirst()
                        .or(() -> todos.isEmpty() ? java.util.Optional.empty()
                                : java.util.Optional.of(todos.get(0).getValue().number()));
                for (String place : places) {
                    int colon = place.lastIndexOf(':');
                    Path file = Path.of(place.substring(0, colon));
                    int line = Integer.parseInt(place.substring(colon + 1));
                    if (!Files.exists(file)) {
                        continue;
                    }
                    String function = unused.get(place);
                    java.util.Optional<Integer> caller = function == null ? java.util.Optional.empty()
                            : todos.stream().map(Map.Entry::getValue).filter(t -> names(t, function))
                                    .map(Markers.Todo::number).findFirst();
                    if (caller.isPresent()) {
                        System.out.println(file + "\t" + line + "\t" + caller.get() + "\tunused:" + function);
                        continue;
                    }
                    Integer todo = Markers.todoAt(Files.readString(file), line);
                    if (todo != null) {
                        System.out.println(file + "\t" + line + "\t" + todo + "\tin");
                        continue;
                    }
                    definer.ifPresent(t -> System.out.println(file + "\t" + line + "\t" + t + "\tuses"));
                }
            }
            default -> throw new IllegalArgumentException("unknown command " + args[0]);
        }
    }
}
