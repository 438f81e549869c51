package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Stage 5's module is the complete one. kernel/step06..10 keep copies of it so
 * that each stage folder builds on its own; a copy may differ only in the
 * file's first comment paragraph and in MODULE_DESCRIPTION, both naming the stage.
 */
class KernelStagesTest {
    /** The file's first block comment: the paragraph that says which stage this is. */
    private static final Pattern FIRST_COMMENT = Pattern.compile("(?s)/\\*.*?\\*/\n");
    private static final Pattern DESCRIPTION = Pattern.compile("MODULE_DESCRIPTION\\(\"(.*)\"\\);");

    @ParameterizedTest(name = "kernel/step{0} = step05 but for the stage's comment and description")
    @ValueSource(ints = {6, 7, 8, 9, 10})
    void laterStagesCopyStageFiveExactly(int stage) throws Exception {
        String complete = source(5);
        String copy = source(stage);

        assertThat(withoutStageLabels(copy)).as("kernel/step%02d/nlws.c outside its first comment and"
                + " MODULE_DESCRIPTION; copy kernel/step05-kernel-release/nlws.c again", stage)
                .isEqualTo(withoutStageLabels(complete));
        assertThat(firstComment(copy)).contains("stage " + stage + ":");
        assertThat(description(copy)).isEqualTo("Netlink workshop stage " + stage + ": the complete module");
    }

    @Test
    void theComparisonCatchesAChangedLineOfCode() throws Exception {
        String complete = source(5);
        String changed = complete.replace("return -ENOMEM;", "return -10;");

        assertThat(changed).isNotEqualTo(complete);
        assertThat(withoutStageLabels(changed)).isNotEqualTo(withoutStageLabels(complete));
    }

    /**
     * The seed returns -10 when netlink_kernel_create() fails, which insmod
     * reports as "No child processes" (ECHILD). Every stage with a socket returns
     * -ENOMEM there instead, and no stage returns a bare number.
     */
    @ParameterizedTest(name = "kernel/step{0}: a failed netlink_kernel_create() returns -ENOMEM")
    @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8, 9, 10})
    void initReturnsANegativeErrnoNotMinusTen(int stage) throws Exception {
        String c = source(stage);
        Matcher failure = Pattern.compile("(?s)nlws_sock = netlink_kernel_create\\(.*?\\);\\s*if \\(!nlws_sock\\) \\{"
                + "(.*?)\\n\\t}").matcher(c);

        assertThat(failure.find()).as("kernel/step%02d checks netlink_kernel_create()'s result", stage).isTrue();
        assertThat(failure.group(1)).contains("return -ENOMEM;");
        assertThat(c).as("a bare errno number").doesNotContainPattern("return\\s+-?[1-9][0-9]*\\s*;");
    }

    @Test
    void minusTenIsEchildNoChildProcessesAndEnomemIsNot() {
        assertThat(Errno.name(10)).isEqualTo("ECHILD");
        assertThat(LibC.strerror(10)).isEqualTo("No child processes");
        assertThat(LibC.strerror(Errno.ENOMEM)).isEqualTo("Cannot allocate memory");
    }

    private static String source(int stage) throws IOException {
        return Files.readString(Workshop.kernelDir(stage).resolve("nlws.c"));
    }

    private static String withoutStageLabels(String c) {
        String rest = FIRST_COMMENT.matcher(c).replaceFirst("/* (the stage's own comment) */\n");
        return DESCRIPTION.matcher(rest).replaceFirst("MODULE_DESCRIPTION(\"(the stage's own)\");");
    }

    private static String firstComment(String c) {
        Matcher m = FIRST_COMMENT.matcher(c);
        assertThat(m.find()).as("a first block comment").isTrue();
        return m.group();
    }

    private static String description(String c) {
        Matcher m = DESCRIPTION.matcher(c);
        assertThat(m.find()).as("a MODULE_DESCRIPTION").isTrue();
        return m.group(1);
    }
}
