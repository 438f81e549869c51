package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stage 6 in the VM: the descriptor, and a clear one-line message for each way opening fails. */
@Tag("todo1")
@Tag("vm")
class Stage06IT {
    private static final String OPEN_SOCKET = "netlink.workshop.step06.OpenSocket";

    @Test
    void runSixPrintsTheDescriptor() throws Exception {
        Workshop.Result result = Workshop.runStage(6);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(6).resolve("expected-output.txt"), result.stdout());
        assertThat(result.stdout()).containsPattern("socket\\(AF_NETLINK, SOCK_RAW, 31\\) = fd \\d+: the socket is open\n");
    }

    @Test
    void withoutTheModuleAndPastMaxLinksOpeningFailsWithTheCauseAndTheFix() throws Exception {
        String java = Guest.java(6, OPEN_SOCKET);
        Workshop.Result result = Guest.withoutModule()
                .line(java + " 31; echo \"exit $?\"; " + java + " 32; echo \"exit $?\"").run().result();

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.lines()).as(result.toString()).containsSubsequence(
                "socket(AF_NETLINK, SOCK_RAW, 31): Protocol not supported (EPROTONOSUPPORT): no kernel socket"
                        + " listens on protocol 31: load a workshop module that creates one (stage 2 or later),"
                        + " e.g. ./workshop run 10",
                "exit 1",
                "socket(AF_NETLINK, SOCK_RAW, 32): Protocol not supported (EPROTONOSUPPORT): protocol 32 is out"
                        + " of range: netlink has MAX_LINKS = 32 protocols, numbered 0 to 31",
                "exit 1");
    }
}
