package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.KitsOwn;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stage 6's C twin, open_socket.c, in the VM: built with gcc -Wall -Wextra -Werror,
 * it prints the Java program's first line, and after rmmod it fails with perror.
 */
@Tag("vm")
@KitsOwn
class Stage06CTwinIT {
    @Test
    void theCTwinOpensTheSocketAndAfterRmmodReportsTheErrnoWithPerror() throws Exception {
        String twin = Guest.compile(6, "src/main/c/open_socket.c");
        Guest.Boot vm = Guest.stage(6).step("loaded", twin + "; echo \"exit $?\"; rmmod nlws")
                .step("unloaded", twin + "; echo \"exit $?\"").boot();

        String javaLine = Files.readAllLines(Workshop.stepDir(6).resolve("expected-output.txt")).get(0);
        assertThat(vm.step("loaded").lines()).as(vm.toString()).hasSize(2);
        assertThat(vm.step("loaded").lines().get(0)).as("the Java program's first line, from C")
                .matches(ExpectedOutput.toPattern(javaLine));
        assertThat(vm.step("loaded").lines().get(1)).isEqualTo("exit 0");
        ExpectedOutput.assertMatches(Workshop.stepDir(6).resolve("src/main/c/expected-output.txt"),
                String.join("\n", vm.step("loaded").lines()));
        assertThat(vm.step("unloaded").lines()).as(vm.toString())
                .containsExactly("socket: Protocol not supported", "exit 1");
    }
}
