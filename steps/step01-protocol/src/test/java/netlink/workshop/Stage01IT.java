package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 1 in the VM: the module only names the protocol, so no socket can be opened on it yet. */
@Tag("vm")
class Stage01IT {
    @Tag("todo1")
    @Tag("todo2")
    @Test
    void runOneShowsWhatTheLessonSays() throws Exception {
        Workshop.Result result = Workshop.runStage(1);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(1).resolve("expected-output.txt"), result.stdout());
    }
}
