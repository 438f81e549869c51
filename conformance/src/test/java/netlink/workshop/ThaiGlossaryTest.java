package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;

/**
 * The Thai pages use the glossary's Thai terms: one term, one word.
 *
 * <p>docs/th/glossary.md has the terms' table (first column: the word the
 * Thai pages use) and, under "คำที่ไม่ใช้" ({@code #not-used}), a table of
 * variants the pages do not use, each with the glossary word to write
 * instead. This test reads both: every replacement must be a term of the
 * glossary, and no Thai page (nor a Thai title in mkdocs.yml's nav) may
 * use a variant in its prose. Code (fenced blocks, inline code, include
 * lines) and link targets are not prose: they quote the kit's sources and
 * outputs, which are in English.
 */
class ThaiGlossaryTest {
    private static final Path GLOSSARY = Path.of("docs/th/glossary.md");

    /** A table row: | cell | cell | ... | */
    private static final Pattern ROW = Pattern.compile("^\\|(.+)\\|\\s*$");
    /** A table's separator row: |----|----| */
    private static final Pattern SEPARATOR = Pattern.compile("^\\|[\\s:|-]+\\|\\s*$");

    @Test
    void everyVariantNamesAGlossaryTermToUseInstead() throws IOException {
        Glossary glossary = Glossary.read(Workshop.root().resolve(GLOSSARY));

        assertThat(glossary.terms()).as("the terms' table of %s", GLOSSARY).hasSizeGreaterThan(20);
        assertThat(glossary.variants()).as("the not-used table (#not-used) of %s", GLOSSARY).isNotEmpty();
        glossary.variants().forEach((variant, word) -> {
            assertThat(glossary.terms())
                    .as("%s: the not-used row '%s' says to write '%s', which is not a Thai term of the glossary's"
                            + " first table: add it there or fix the row", GLOSSARY, variant, word)
                    .contains(word);
            assertThat(glossary.terms())
                    .as("%s: '%s' is both a glossary term and a variant not to use: drop one", GLOSSARY, variant)
                    .doesNotContain(variant);
        });
    }

    @Test
    void noThaiPageUsesAVariantTheGlossaryRulesOut() throws IOException {
        Path root = Workshop.root();
        Glossary glossary = Glossary.read(root.resolve(GLOSSARY));
        List<String> violations = new ArrayList<>();
        List<Path> pages;
        try (Stream<Path> walk = Files.walk(root.resolve("docs/th"))) {
            pages = walk.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        assertThat(pages).as("the Thai pages under docs/th").hasSizeGreaterThan(20);
        for (Path page : pages) {
            if (page.equals(root.resolve(GLOSSARY))) {
                continue; // the glossary names the variants on purpose
            }
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            List<String> prose = Prose.of(lines);
            for (int i = 0; i < prose.size(); i++) {
                check(root.relativize(page) + ":" + (i + 1), prose.get(i), glossary, violations);
            }
        }
        List<String> nav = Files.readAllLines(root.resolve("mkdocs.yml"), StandardCharsets.UTF_8);
        boolean thai = false;
        for (int i = 0; i < nav.size(); i++) {
            String line = nav.get(i);
            if (line.matches("^\\s*- ไทย:\\s*$")) {
                thai = true;
            } else if (thai) {
                check("mkdocs.yml:" + (i + 1) + " (the Thai nav)", line.replaceAll(":\\s*th/\\S+$", ""), glossary,
                        violations);
            }
        }
        assertThat(violations)
                .as("Thai text that uses a word docs/th/glossary.md#not-used rules out (write the glossary's word)")
                .isEmpty();
    }

    private static void check(String where, String text, Glossary glossary, List<String> violations) {
        glossary.variants().forEach((variant, word) -> {
            if (text.contains(variant)) {
                violations.add(where + ": '" + variant + "': write '" + word + "'");
            }
        });
    }

    /** The glossary's two tables: the Thai terms, and the variants not used with their replacement. */
    record Glossary(List<String> terms, Map<String, String> variants) {
        static Glossary read(Path file) throws IOException {
            List<String> terms = new ArrayList<>();
            Map<String, String> variants = new LinkedHashMap<>();
            boolean notUsed = false;
            boolean header = true;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("#")) {
                    notUsed = line.contains("{ #not-used }");
                    header = true;
                    continue;
                }
                Matcher row = ROW.matcher(line);
                if (!row.matches()) {
                    header = true;
                    continue;
                }
                if (SEPARATOR.matcher(line).matches()) {
                    header = false;
                    continue;
                }
                if (header) {
                    continue; // a table's first row names its columns
                }
                String[] cells = row.group(1).split("\\|", -1);
                String first = cells[0].strip().replace("`", "");
                if (notUsed) {
                    variants.put(first, cells[1].strip().replace("`", ""));
                } else if (!first.isEmpty()) {
                    terms.add(first);
                }
            }
            return new Glossary(terms, variants);
        }
    }

    /** A page's prose, line by line (so that line numbers stay right): code and link targets blanked. */
    static final class Prose {
        private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");
        private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
        private static final Pattern LINK_TARGET = Pattern.compile("\\]\\([^)]*\\)");
        private static final Pattern ATTRIBUTES = Pattern.compile("\\{[^}]*\\}");

        private Prose() {
        }

        static List<String> of(List<String> lines) {
            List<String> prose = new ArrayList<>(lines.size());
            boolean inFence = false;
            for (String line : lines) {
                if (FENCE.matcher(line).find()) {
                    inFence = !inFence;
                    prose.add("");
                } else if (inFence || line.strip().startsWith("--8<--")) {
                    prose.add("");
                } else {
                    String text = INLINE_CODE.matcher(line).replaceAll("");
                    text = LINK_TARGET.matcher(text).replaceAll("]");
                    prose.add(ATTRIBUTES.matcher(text).replaceAll(""));
                }
            }
            return prose;
        }
    }
}
