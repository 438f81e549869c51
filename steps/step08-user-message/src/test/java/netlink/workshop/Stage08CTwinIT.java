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
 * Stage 8's C twin, build_message.c, in the VM: the request it builds with the
 * NLMSG_* macros is, byte for byte, the one Java's BuildMessage prints, except
 * nlmsg_pid, which holds the port getsockname() gave.
 */
@Tag("vm")
@KitsOwn
class Stage08CTwinIT {
    @Test
    void theCTwinBuildsTheJavaStagesBytesWithItsPortInNlmsgPid() throws Exception {
        String twin = Guest.compile(8, "src/main/c/build_message.c");
        Guest.Boot vm = Guest.stage(8).step("twin", twin + "; echo \"exit $?\"").boot();

        List<String> lines = vm.step("twin").lines();
        assertThat(lines).as(vm.toString()).hasSize(5);
        assertThat(lines.get(4)).isEqualTo("exit 0");
        Matcher port = Pattern.compile("the kernel picked port (\\d+)$").matcher(lines.get(1));
        assertThat(port.find()).as(vm.toString()).isTrue();

        List<String> java = Files.readAllLines(Workshop.stepDir(8).resolve("expected-output.txt"));
        assertThat(lines.get(2)).isEqualTo(java.get(0));
        String javaHex = java.stream().filter(l -> l.startsWith("hex: ")).findFirst().orElseThrow();
        // Bytes 12-15 are nlmsg_pid: Java writes 0, the C twin its port, in host (little-endian) order.
        long p = Long.parseLong(port.group(1));
        String pid = String.format("%02x %02x %02x %02x", p & 0xff, (p >> 8) & 0xff, (p >> 16) & 0xff, p >> 24);
        String[] bytes = javaHex.substring("hex: ".length()).split(" ", 33);
        assertThat(String.join(" ", bytes[12], bytes[13], bytes[14], bytes[15])).isEqualTo("00 00 00 00");
        String expected = "hex: " + String.join(" ", List.of(bytes).subList(0, 12)) + " " + pid + " "
                + String.join(" ", List.of(bytes).subList(16, 33));
        assertThat(lines.get(3)).isEqualTo(expected);
        ExpectedOutput.assertMatches(Workshop.stepDir(8).resolve("src/main/c/expected-output.txt"),
                String.join("\n", lines));
    }
}
