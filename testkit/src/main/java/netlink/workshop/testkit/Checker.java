package netlink.workshop.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Checker is {@code ./workshop check N}'s last part: it runs stage N's real
 * tests (unit tests and VM tests, the same the kit passes) against the
 * learner's files, and prints one line per TODO.
 *
 * <p>A test says which TODO it checks with a JUnit tag, {@code @Tag("todo2")};
 * its assertion's description names what went wrong ("TODO 2: ..."). TODO k
 * passes when every test tagged with it passed. The launcher sets
 * WORKSHOP_SOURCE=work, so the tests' {@code ./workshop run N} builds and runs
 * the learner's module and program.
 */
public final class Checker {
    private static final Pattern TAG = Pattern.compile("todo(\\d+)");

    private Checker() {
    }

    /** What one test found. */
    private record Outcome(String test, List<Integer> todos, Optional<Throwable> failure) {
    }

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Path root = Workshop.root();
        Path work = Path.of(System.getProperty("workshop.work", root + "/work"));
        Exercises exercises = new Exercises(root, work);
        List<Map.Entry<String, Markers.Todo>> todos = exercises.todos(n);
        // What the tests print (a guest's whole output, say) goes to a log, so that
        // the verdict is not lost among it; check's own lines stay on the terminal.
        Path log = work.resolve(".exercise/stage" + n + "/check.log");
        Files.createDirectories(log.getParent());
        PrintStream terminal = System.out;
        PrintStream err = System.err;
        List<Outcome> outcomes;
        try (PrintStream tests = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            System.setOut(tests);
            System.setErr(tests);
            outcomes = run(Stages.stepDir(n).resolve("target/test-classes"), terminal);
        } finally {
            System.setOut(terminal);
            System.setErr(err);
        }
        Path shown = log.toAbsolutePath().normalize();
        System.out.println("==> check: what the tests printed is in "
                + (shown.startsWith(root) ? root.relativize(shown) : shown));

        Map<Integer, List<Outcome>> byTodo = new TreeMap<>();
        for (Map.Entry<String, Markers.Todo> t : todos) {
            byTodo.put(t.getValue().number(), new ArrayList<>());
        }
        List<Outcome> untagged = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.todos().isEmpty()) {
                untagged.add(o);
            }
            for (Integer t : o.todos()) {
                byTodo.computeIfAbsent(t, k -> new ArrayList<>()).add(o);
            }
        }
        List<Integer> failed = new ArrayList<>();
        for (Map.Entry<String, Markers.Todo> entry : todos) {
            Markers.Todo todo = entry.getValue();
            int k = todo.number();
            List<Outcome> checks = byTodo.get(k);
            // A failure that names its TODO counts against that one. A test checks its
            // TODOs in order, so the lower ones it tags have passed, the higher not yet run.
            Optional<Outcome> bad = checks.stream().filter(o -> o.failure().isPresent())
                    .filter(o -> named(o).map(t -> t == k).orElse(true)).findFirst();
            Optional<Outcome> blocked = checks.stream().filter(o -> o.failure().isPresent())
                    .filter(o -> named(o).map(t -> t < k).orElse(false)).findFirst();
            String name = "TODO " + k + " (" + todo.text() + ")";
            if (checks.isEmpty()) {
                // No test is tagged with it: the tests that name it in their failures check it.
                Optional<Outcome> naming = outcomes.stream().filter(o -> o.failure().isPresent())
                        .filter(o -> named(o).map(t -> t == k).orElse(false)).findFirst();
                if (naming.isPresent()) {
                    bad = naming;
                } else if (outcomes.stream().anyMatch(o -> o.failure().isPresent())) {
                    failed.add(k);
                    System.out.println("==> check: " + name + ": not checked yet: another check fails first");
                    if (!todo.hints().isEmpty()) {
                        System.out.println("    hint: " + todo.hints().get(0) + " (more: ./workshop hint " + n + ")");
                    }
                    continue;
                } else {
                    System.out.println("==> check: " + name + ": passed");
                    continue;
                }
            }
            if (bad.isPresent()) {
                failed.add(k);
                System.out.println("==> check: " + name + ": not yet: " + why(bad.get()));
                if (!todo.hints().isEmpty()) {
                    System.out.println("    hint: " + todo.hints().get(0) + " (more: ./workshop hint " + n + ")");
                }
            } else if (bad.isEmpty() && blocked.isPresent()) {
                failed.add(k);
                System.out.println("==> check: " + name + ": not checked yet: TODO " + named(blocked.get()).orElseThrow()
                        + " fails first");
            } else if (bad.isEmpty()) {
                System.out.println("==> check: " + name + ": passed");
                // What "passed" rests on: the tests that check this TODO, in words.
                System.out.println("    checked: " + String.join("; ", checks.stream().map(o -> words(o.test()))
                        .distinct().toList()));
            } else {
                failed.add(todo.number());
                System.out.println("==> check: " + name + ": not yet: " + why(bad.get()));
                if (!todo.hints().isEmpty()) {
                    System.out.println("    hint: " + todo.hints().get(0) + " (more: ./workshop hint " + n + ")");
                }
            }
        }
        for (Outcome o : untagged) {
            if (o.failure().isPresent()) {
                failed.add(0);
                System.out.println("==> check: " + o.test() + " failed: " + why(o));
            }
        }
        exercises.recordFailed(n, failed.stream().filter(t -> t > 0).toList());
        if (outcomes.isEmpty()) {
            System.out.println("==> check: no tests ran for stage " + n + ": run ./workshop test once to build them");
            System.exit(1);
        }
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    /** A test's method name in words: "aReplyCutToFitIsReported()" is "a reply cut to fit is reported". */
    static String words(String test) {
        String name = test.replaceAll("\\(.*", "");
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replaceAll("([A-Z])([A-Z][a-z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** The TODO a failure's message names ("TODO 2: ..."), if it names one. */
    static Optional<Integer> named(Outcome o) {
        Matcher m = Pattern.compile("TODO (\\d+)\\b").matcher(String.valueOf(o.failure().orElseThrow().getMessage()));
        return m.find() ? Optional.of(Integer.valueOf(m.group(1))) : Optional.empty();
    }

    /** One line: the assertion's description when it has one, else its first line. */
    static String why(Outcome o) {
        Throwable t = o.failure().orElseThrow();
        String message = String.valueOf(t.getMessage()).strip();
        Matcher described = Pattern.compile("^\\[(.*?)\\]\\s*$", Pattern.MULTILINE | Pattern.DOTALL)
                .matcher(message.lines().findFirst().orElse(""));
        String first = described.matches() ? described.group(1) : plain(message);
        if (first.length() > 400) {
            first = first.substring(0, 400) + "...";
        }
        return first + " [" + o.test() + "]";
    }

    private static final Pattern EXPECTED = Pattern.compile("(?s)\\s*expected: ?(.*?)\\s+but was: ?(.*)");
    private static final Pattern CONTAIN = Pattern.compile(
            "(?s)\\s*Expecting actual:\\s*(.*?)\\s*(to contain|not to contain|to match pattern|to be equal to)[^:]*:\\s*(.*?)\\s*(\\(.*)?$");

    /** An assertion without a description, in words: what was expected and what came. */
    static String plain(String message) {
        Matcher expected = EXPECTED.matcher(message);
        if (expected.matches()) {
            return "expected " + shorten(expected.group(1)) + ", got " + shorten(expected.group(2));
        }
        Matcher contain = CONTAIN.matcher(message);
        if (contain.matches()) {
            return "the output was expected " + contain.group(2) + " " + shorten(contain.group(3)) + "; it was "
                    + shorten(contain.group(1));
        }
        return String.join(" ", message.lines().filter(l -> !l.isBlank()).limit(2).map(String::strip).toList());
    }

    private static String shorten(String text) {
        String one = text.strip().replaceAll("\\s+", " ");
        return one.length() > 120 ? one.substring(0, 120) + "..." : one;
    }

    /** Runs every *Test and *IT class in {@code classes}, printing a line as each class starts. */
    static List<Outcome> run(Path classes, PrintStream terminal) throws IOException {
        List<ClassSelector> selectors = new ArrayList<>();
        if (Files.isDirectory(classes)) {
            try (Stream<Path> s = Files.walk(classes)) {
                s.map(p -> classes.relativize(p).toString())
                        .filter(p -> p.matches(".*(Test|IT)\\.class") && !p.contains("$"))
                        .sorted()
                        .forEach(p -> selectors.add(selectClass(p.replace('/', '.').replace(".class", ""))));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, List<Integer>> classTags = new LinkedHashMap<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionStarted(TestIdentifier id) {
                        if (id.isContainer() && id.getParentId().isPresent() && id.getLegacyReportingName()
                                .matches("[\\w.]+")) {
                            String name = id.getDisplayName();
                            terminal.println("==> check: running " + name
                                    + (name.endsWith("IT") ? " (it may boot the VM)" : ""));
                            classTags.put(id.getUniqueId(), todosOf(id));
                        }
                    }

                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        List<Integer> todos = new ArrayList<>(todosOf(id));
                        id.getParentId().map(classTags::get).ifPresent(todos::addAll);
                        if (id.isTest() || (id.isContainer() && result.getThrowable().isPresent())) {
                            outcomes.add(new Outcome(id.getDisplayName(), todos.stream().distinct().toList(),
                                    result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                                            ? Optional.empty()
                                            : Optional.of(result.getThrowable().orElse(
                                                    new AssertionError(result.getStatus().toString())))));
                        }
                    }
                });
        return outcomes;
    }

    private static List<Integer> todosOf(TestIdentifier id) {
        List<Integer> todos = new ArrayList<>();
        for (TestTag tag : id.getTags()) {
            Matcher m = TAG.matcher(tag.getName());
            if (m.matches()) {
                todos.add(Integer.valueOf(m.group(1)));
            }
        }
        return todos;
    }
}
