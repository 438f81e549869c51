package netlink.workshop.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markers reads the exercise markers in the kit's solution sources, as
 * linux-kernel-labs' generate_skels.py does: the source is the only truth,
 * and a learner's skeleton is cut from it.
 *
 * <pre>
 *     /* TODO 2: reply to the sender's real port *&#47;      // Java: // TODO 2: ...
 *     /* HINT 2: NETLINK_CB(skb).portid is set by the kernel *&#47;
 *     ...the solution lines...
 *     /* END TODO 2 *&#47;
 * </pre>
 *
 * The skeleton keeps the TODO line and drops the hints, the solution and the
 * END line; the solution keeps only the solution lines. The lesson pages hide
 * every marker line (docs/.hooks/workshop.py).
 */
public final class Markers {
    private static final String OPEN = "^\\s*(?:/\\*|//)\\s*";
    private static final String CLOSE = "\\s*(?:\\*/)?\\s*$";
    static final Pattern TODO = Pattern.compile(OPEN + "TODO (\\d+): (.*?)" + CLOSE);
    static final Pattern HINT = Pattern.compile(OPEN + "HINT (\\d+): (.*?)" + CLOSE);
    static final Pattern END = Pattern.compile(OPEN + "END TODO (\\d+)" + CLOSE);

    private Markers() {
    }

    /**
     * One exercise step in a file.
     *
     * @param number   its number within the stage (TODO 1, TODO 2, ...)
     * @param text     what to write
     * @param hints    the hints, from the first to the most detailed
     * @param line     the TODO line's number in the skeleton (1-based)
     * @param solution the lines the learner writes, as the kit has them
     */
    public record Todo(int number, String text, List<String> hints, int line, List<String> solution) {
    }

    /** A file cut into its skeleton, its solution and its TODOs. */
    public record Cut(String skeleton, String solution, List<Todo> todos) {
    }

    /** Returns true when {@code source} has at least one TODO marker. */
    public static boolean hasTodos(String source) {
        return source.lines().anyMatch(l -> TODO.matcher(l).matches());
    }

    /** Returns true when {@code line} is a marker line (TODO, HINT or END TODO). */
    public static boolean isMarker(String line) {
        return TODO.matcher(line).matches() || HINT.matcher(line).matches() || END.matcher(line).matches();
    }

    /**
     * Cuts {@code source}. A marker out of place (a HINT or END outside its
     * TODO, a TODO inside another, a TODO never ended) fails with its line.
     */
    public static Cut cut(String name, String source) {
        StringBuilder skeleton = new StringBuilder();
        StringBuilder solution = new StringBuilder();
        List<Todo> todos = new ArrayList<>();
        Integer open = null;
        String openText = null;
        int openLine = 0;
        List<String> hints = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int skeletonLine = 0;
        int n = 0;
        for (String line : source.split("\n", -1)) {
            n++;
            Matcher todo = TODO.matcher(line);
            Matcher hint = HINT.matcher(line);
            Matcher end = END.matcher(line);
            if (todo.matches()) {
                if (open != null) {
                    throw new IllegalArgumentException(name + ":" + n + ": TODO " + todo.group(1)
                            + " starts inside TODO " + open + ": end that one first");
                }
                open = Integer.valueOf(todo.group(1));
                openText = todo.group(2);
                hints = new ArrayList<>();
                lines = new ArrayList<>();
                skeleton.append(line).append('\n');
                skeletonLine++;
                openLine = skeletonLine;
            } else if (hint.matches()) {
                if (open == null || open != Integer.parseInt(hint.group(1))) {
                    throw new IllegalArgumentException(name + ":" + n + ": HINT " + hint.group(1)
                            + " outside its TODO");
                }
                hints.add(hint.group(2));
            } else if (end.matches()) {
                if (open == null || open != Integer.parseInt(end.group(1))) {
                    throw new IllegalArgumentException(name + ":" + n + ": END TODO " + end.group(1)
                            + " without its TODO");
                }
                todos.add(new Todo(open, openText, List.copyOf(hints), openLine, List.copyOf(lines)));
                open = null;
            } else if (open != null) {
                lines.add(line);
                solution.append(line).append('\n');
            } else {
                skeleton.append(line).append('\n');
                solution.append(line).append('\n');
                skeletonLine++;
            }
        }
        if (open != null) {
            throw new IllegalArgumentException(name + ": TODO " + open + " has no END TODO " + open);
        }
        // split("\n", -1) saw one more (empty) line after the last newline.
        return new Cut(trimLast(skeleton), trimLast(solution), todos);
    }

    /**
     * Returns {@code source} as a learner who wrote every TODO but {@code k}
     * would have it: every TODO line stays, TODO k's solution lines are cut
     * (as in the skeleton), the other TODOs keep theirs (as in the solution),
     * and the HINT and END lines go. It is the mutant that proves TODO k is
     * needed: the stage's check must fail on it, naming TODO k.
     */
    public static String mutant(String name, String source, int k) {
        cut(name, source); // the markers are in place, or this fails with the line
        StringBuilder out = new StringBuilder();
        Integer open = null;
        for (String line : source.split("\n", -1)) {
            Matcher todo = TODO.matcher(line);
            if (todo.matches()) {
                open = Integer.valueOf(todo.group(1));
                out.append(line).append('\n');
            } else if (END.matcher(line).matches()) {
                open = null;
            } else if (HINT.matcher(line).matches()) {
                continue;
            } else if (open == null || open != k) {
                out.append(line).append('\n');
            }
        }
        return trimLast(out);
    }

    private static String trimLast(StringBuilder text) {
        return text.length() > 0 ? text.substring(0, text.length() - 1) : "";
    }

    /**
     * Returns the TODO that a compiler message at {@code line} of the
     * learner's file belongs to: the last TODO line at or above it, else the
     * file's first TODO; null when the file has none.
     */
    public static Integer todoAt(String learnerSource, int line) {
        Integer first = null;
        Integer above = null;
        int n = 0;
        for (String l : learnerSource.split("\n", -1)) {
            n++;
            Matcher todo = TODO.matcher(l);
            if (todo.matches()) {
                if (first == null) {
                    first = Integer.valueOf(todo.group(1));
                }
                if (n <= line) {
                    above = Integer.valueOf(todo.group(1));
                }
            }
        }
        return above != null ? above : first;
    }
}
