package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.KitsOwn;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stage 7's C twin, bind_socket.c, in the VM: it binds with nl_pid 0, and the
 * port getsockname() reports is the one the kernel tries first, the process id.
 */
@Tag("vm")
@KitsOwn
class Stage07CTwinIT {
    @Test
    void theCTwinBindsToPortZeroAndGetsocknameGivesTheProcessId() throws Exception {
        String twin = Guest.compile(7, "src/main/c/bind_socket.c");
        // $! is the C program's process id, printed by the shell, not by the program.
        Guest.Boot vm = Guest.stage(7).step("twin", twin + " & pid=$!; wait $pid;"
                + " echo \"exit $?\"; echo \"process id $pid\"").boot();

        List<String> lines = vm.step("twin").lines();
        assertThat(lines).as(vm.toString()).hasSize(4);
        List<String> java = Files.readAllLines(Workshop.stepDir(6).resolve("expected-output.txt"));
        assertThat(lines.get(0)).matches(ExpectedOutput.toPattern(java.get(0)));
        // Java's second socket prints this line, after "socket 2: ".
        String picked = Files.readAllLines(Workshop.stepDir(7).resolve("expected-output.txt")).get(2);
        assertThat(picked).startsWith("socket 2: ");
        assertThat(lines.get(1)).matches(ExpectedOutput.toPattern(picked.substring("socket 2: ".length())));
        assertThat(lines.get(2)).isEqualTo("exit 0");
        ExpectedOutput.assertMatches(Workshop.stepDir(7).resolve("src/main/c/expected-output.txt"),
                String.join("\n", lines));
        Matcher port = Pattern.compile("the kernel picked port (\\d+)$").matcher(lines.get(1));
        assertThat(port.find()).isTrue();
        assertThat(lines.get(3)).as("netlink_autobind() tries the process id first: the page says so")
                .isEqualTo("process id " + port.group(1));
    }
}
