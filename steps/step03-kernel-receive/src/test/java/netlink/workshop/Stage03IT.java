package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 3 in the VM: the module logs the payload and the client's real port, and sends no reply. */
@Tag("vm")
class Stage03IT {
    @Test
    void runThreeLogsThePayloadAndTheRealPortAndGetsNoReply() throws Exception {
        Workshop.Result result = Workshop.runStage(3);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(3).resolve("expected-output.txt"), result.stdout());
        Matcher client = Pattern.compile("socket on protocol 31, port (\\d+)\n").matcher(result.stdout());
        assertThat(client.find()).as(result.toString()).isTrue();
        assertThat(client.group(1)).isNotEqualTo("0");
        assertThat(result.stdout()).contains("no reply within 1000 ms")
                .contains("nlws: received \"Hello Kernel\" from port " + client.group(1) + "\n")
                .doesNotContain("Hello Userspace");
    }
}
