package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 7 in the VM: binding to getpid() twice fails with EADDRINUSE; nl_pid 0 lets the kernel pick. */
@Tag("todo2")
@Tag("vm")
class Stage07IT {
    @Test
    void runSevenShowsTheGetpidPitfallAndTheKernelPickedPort() throws Exception {
        Workshop.Result result = Workshop.runStage(7);

        assertThat(result.stdout()).as("TODO 2: no 'getsockname says the kernel picked port N' line: after"
                + " bind(), read the port back with getsockname()")
                .containsPattern("getsockname says the kernel picked port [1-9]\\d*\n");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(7).resolve("expected-output.txt"), result.stdout());
        String out = result.stdout();
        Matcher first = Pattern.compile("socket 1: bound to port (\\d+) = getpid\\(\\)").matcher(out);
        assertThat(first.find()).as(result.toString()).isTrue();
        String pid = first.group(1);
        assertThat(out).contains("socket 2: bind(fd ").contains(", nl_pid " + pid + "): Address already in use"
                + " (EADDRINUSE): port " + pid + " is in use by another socket on protocol 31: bind to port 0 and"
                + " let the kernel pick a free one\n");
        Matcher picked = Pattern.compile("getsockname says the kernel picked port (\\d+)\n").matcher(out);
        assertThat(picked.find()).as(result.toString()).isTrue();
        assertThat(picked.group(1)).isNotEqualTo(pid).isNotEqualTo("0");
    }
}
