package netlink.workshop.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * ExpectedOutput checks a program's output against a stage's
 * {@code expected-output.txt}, the file the lesson page includes as "what you
 * will see". Each expected line must appear, in order, as a whole line of the
 * output; {@code <name>} stands for any text, such as a port number.
 */
public final class ExpectedOutput {
    private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z][a-z -]*>");

    private ExpectedOutput() {
    }

    /** Returns the regular expression for one expected line. */
    public static Pattern toPattern(String expectedLine) {
        StringBuilder regex = new StringBuilder();
        var matcher = PLACEHOLDER.matcher(expectedLine);
        int last = 0;
        while (matcher.find()) {
            regex.append(Pattern.quote(expectedLine.substring(last, matcher.start()))).append(".+?");
            last = matcher.end();
        }
        regex.append(Pattern.quote(expectedLine.substring(last)));
        return Pattern.compile(regex.toString());
    }

    /** Fails unless every line of {@code expectedFile} matches a line of {@code output}, in order. */
    public static void assertMatches(Path expectedFile, String output) throws IOException {
        List<String> expected = Files.readAllLines(expectedFile).stream()
                .map(String::stripTrailing).filter(line -> !line.isEmpty()).toList();
        List<String> actual = output.lines().map(String::stripTrailing).toList();
        int at = 0;
        for (String line : expected) {
            Pattern pattern = toPattern(line);
            while (at < actual.size() && !pattern.matcher(actual.get(at)).matches()) {
                at++;
            }
            if (at == actual.size()) {
                fail("expected line not found (in order) in the output:%n  %s%nfrom %s%n--- output ---%n%s",
                        line, expectedFile, output);
            }
            at++;
        }
    }
}
