package netlink.workshop;

import static netlink.workshop.testkit.Guest.AS_NOBODY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.FuzzSeed;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stage 10's module under abuse, in one VM boot: malformed input, forged
 * senders (as root and as nobody), 16 concurrent clients, a flood, and then
 * a plain request, which must still be answered. The kernel log must stay
 * clean throughout.
 */
@Tag("vm")
class ModuleAbuseIT {
    private static final long SEED = FuzzSeed.get();
    /** This module's folder: the C programs the guest runs, and RobustnessProbe's classes. */
    private static final Path LAB = Workshop.root().resolve("robustness");
    private static final String PROBE = "netlink.workshop.RobustnessProbe";

    private static Guest.Boot vm;

    @BeforeAll
    static void bootOnceAndRunEveryScenario() throws Exception {
        Guest script = Guest.stage(10).kernelChecks().context("fuzz seed " + SEED)
                .testClasses(LAB.resolve("target/test-classes"))
                .step("fuzz", Guest.program(LAB, "fuzz") + " 1200 " + SEED)
                .step("forged-root", Guest.program(LAB, "forged"))
                .step("forged-nobody", AS_NOBODY + Guest.program(LAB, "forged"))
                .step("seed-message", Guest.program(LAB, "hello") + " --pid 0")
                .step("concurrent", Guest.program(LAB, "concurrent") + " 16 300")
                .step("flood", Guest.program(LAB, "flood") + " 5000 2");
        script.step("java-flood", script.java(10, PROBE, "flood 3000"))
                .step("afterwards", Guest.program(LAB, "hello"))
                .step("cmdline", "cat /proc/cmdline")
                .logSteps();
        vm = script.boot();
    }

    @Test
    void tenThousandMalformedDatagramsGetExactlyTheAnswersNetlinkRcvSkbGives() {
        Guest.Step fuzz = vm.step("fuzz");

        assertThat(fuzz.exitCode()).as("fuzz seed " + SEED + ":\n" + fuzz.output()).isZero();
        for (String shape : List.of("shorter-than-header", "nlmsg_len-beyond-datagram", "nlmsg_len-below-header",
                "empty-payload", "payload-without-nul", "payload-32KiB-or-more", "several-messages-last-lying",
                "random-flags-and-types", "random-bytes")) {
            assertThat(fuzz.output()).contains("shape " + shape + ": 1200 datagrams");
        }
        // Bad payloads are answered with NLMSG_ERROR -EINVAL, never with a reply.
        assertThat(fuzz.output()).contains("shape empty-payload: 1200 datagrams, 0 replies, 0 acks, 1200 errors")
                .contains("shape payload-without-nul: 1200 datagrams, 0 replies, 0 acks, 1200 errors")
                .contains("shape payload-32KiB-or-more: 1200 datagrams, 0 replies, 0 acks, 1200 errors")
                .contains("shape nlmsg_len-beyond-datagram: 1200 datagrams, 0 replies, 0 acks, 0 errors")
                .contains("fuzz: 10800 datagrams, 0 mismatches");
    }

    @Test
    void forgedSendersAreAnsweredAtTheirRealPortAsRootAndAsNobody() {
        for (String who : List.of("forged-root", "forged-nobody")) {
            Guest.Step forged = vm.step(who);
            assertThat(forged.exitCode()).as(forged.output()).isZero();
            assertThat(forged.output()).contains(who.equals("forged-root") ? "uid 0," : "uid 65534,")
                    .contains("5 of 5 claims answered at the real sender only");
            assertThat(forged.output().lines().filter(l -> l.startsWith("claimed nlmsg_pid"))).hasSize(5)
                    .allMatch(l -> l.contains("got 1 reply, 1 ack, 0 other") && l.endsWith("got 0"));
        }
    }

    @Test
    void theMessageThatCrashesTheSeedsModuleIsHarmlessHere() {
        Guest.Step seed = vm.step("seed-message");

        assertThat(seed.exitCode()).as(seed.output()).isZero();
        Matcher port = Pattern.compile("from port (\\d+) with nlmsg_pid 0").matcher(seed.output());
        assertThat(port.find()).as(seed.output()).isTrue();
        assertThat(seed.output()).contains("reply: Hello Userspace (to port " + port.group(1) + ")")
                .contains("ack: 0");
    }

    @Test
    void sixteenConcurrentClientsEachGetAllTheirOwnReplies() {
        Guest.Step concurrent = vm.step("concurrent");

        assertThat(concurrent.exitCode()).as(concurrent.output()).isZero();
        assertThat(concurrent.output().lines().filter(l -> l.startsWith("client "))).hasSize(16)
                .allMatch(l -> l.endsWith(": 300 of 300 replies were its own, 0 lost, 0 crossed"));
        assertThat(concurrent.output()).contains("16 clients x 300 round trips, 0 clients with a lost or crossed");
    }

    @Test
    void aFlooderGetsEnobufsAndTheOtherClientsDoNotNotice() {
        Guest.Step flood = vm.step("flood");

        assertThat(flood.exitCode()).as(flood.output()).isZero();
        assertThat(flood.output()).containsPattern("sent 5000 requests without reading \\(0 send errors\\);"
                + " first receive: ENOBUFS; then \\d+ queued replies, \\d+ dropped")
                .contains("flooder after the overrun: round trip ok");
        assertThat(flood.output().lines().filter(l -> l.startsWith("bystander "))).hasSize(2)
                .allMatch(l -> l.endsWith(" 0 failed"));
    }

    @Test
    void theJavaClientReportsTheFloodAsEnobufsInOneClearLine() {
        Guest.Step flood = vm.step("java-flood");

        assertThat(flood.exitCode()).as(flood.output()).isZero();
        assertThat(flood.output()).containsPattern("java flood: sent 3000 requests without reading, then:"
                + " recvmsg\\(fd \\d+\\): No buffer space available \\(ENOBUFS\\): the socket's receive queue"
                + " overflowed and the kernel dropped messages, and drops new ones until the queue is read empty:"
                + " read replies as fast as you send them \\(discardQueued\\(\\) to go on\\), or raise SO_RCVBUF\n")
                .containsPattern("java flood: discarded \\d+ queued replies\n")
                .contains("java flood: afterwards the kernel says: Hello Userspace");
    }

    @Test
    void afterAllThatAPlainRequestIsStillAnswered() {
        Guest.Step afterwards = vm.step("afterwards");

        assertThat(afterwards.exitCode()).as(afterwards.output()).isZero();
        assertThat(afterwards.output()).containsPattern("reply: Hello Userspace \\(to port \\d+\\)\nack: 0");
    }

    @Test
    void theKernelLogStaysCleanAndKeepsItsBootLines() {
        String dmesg = vm.step("dmesg").output();

        assertThat(vm.step("cmdline").output()).as("the guest ran with SLUB's debug checks")
                .contains("slub_debug=FZPU");
        vm.assertKernelLogClean();
        // Tens of thousands of requests must not flush the log: the module rate-limits its lines.
        assertThat(dmesg).contains("Linux version").contains("nlws: netlink socket ready on protocol 31");
        assertThat(dmesg.lines().filter(l -> l.contains("nlws: received"))).hasSizeLessThan(1000);
    }
}
