package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 8 in the VM: the labelled hexdump of "Hello Kernel" (BuildMessageTest checks the bytes against C). */
@Tag("todo1")
@Tag("todo2")
@Tag("vm")
class Stage08IT {
    @Test
    void runEightPrintsTheLabelledHexdump() throws Exception {
        Workshop.Result result = Workshop.runStage(8);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(8).resolve("expected-output.txt"), result.stdout());
        for (String label : new String[] {"len", "type", "flags", "seq", "pid", "payload", "padding"}) {
            assertThat(result.lines()).as(label).anyMatch(line -> line.matches("  [0-9a-f]{2}-[0-9a-f]{2}  " + label
                    + " +([0-9a-f]{2} )+ *.*"));
        }
        assertThat(result.stdout()).contains("hex: 1d 00 00 00 10 00 01 00 01 00 00 00 00 00 00 00"
                + " 48 65 6c 6c 6f 20 4b 65 72 6e 65 6c 00 00 00 00 ");
    }
}
