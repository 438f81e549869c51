package netlink.workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;

/** How check words an assertion that has no description of its own. */
class CheckerTest {
    @Test
    void aTestsNameReadsAsWords() {
        assertThat(Checker.words("aReplyCutToTheSeedsTwentyEightBytesIsReportedWithEmsgsizeAndBothSizes()"))
                .isEqualTo("a reply cut to the seeds twenty eight bytes is reported with emsgsize and both sizes");
        assertThat(Checker.words("runTenPrintsTheWholeReplyAndTheKernelLog()"))
                .isEqualTo("run ten prints the whole reply and the kernel log");
    }

    @Test
    void anEqualityFailureSaysWhatWasExpectedAndWhatCame() {
        Throwable t = catchThrowable(() -> assertThat(105).isEqualTo(90));

        assertThat(Checker.plain(t.getMessage())).isEqualTo("expected 90, got 105");
    }

    @Test
    void aContainsFailureSaysWhatWasMissingWithoutTheDump() {
        Throwable t = catchThrowable(() -> assertThat("socket open on protocol 31\nsent 29 bytes\n")
                .contains("received 32 bytes"));

        assertThat(Checker.plain(t.getMessage())).startsWith("the output was expected to contain \"received 32 bytes\"")
                .contains("it was \"socket open on protocol 31 sent 29 bytes");
    }
}
