package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chapter 15 in the VM, in one boot: the tools the page shows, each
 * asserted. /proc/net/netlink and ss list our sockets; strace decodes the
 * netlink headers; genl lists the family; and nlmon captures the genl
 * conversation but nothing of protocol 31 (chapter 11's module, loaded after
 * this chapter's is removed), while NETLINK_ROUTE traffic at the same time
 * shows that the capture was running.
 */
@Tag("vm") // boots the embedded VM: ./workshop test --fast leaves it out
class Chapter15IT {
    private static final String MAIN = "netlink.workshop.part2.ch15.NetlinkInspect";
    /** The exercise's TODO that a failing output points at, for the assertions' messages. */
    private static final Guest.Todos TODOS = new Guest.Todos(15)
            .when("no row for port", 1, "ProcNetNetlink.find must return the row whose Eth is the protocol and"
                    + " whose Pid is the port");
    private static Guest.Boot vm;

    @BeforeAll
    static void bootOnceAndRunEveryScenario() throws Exception {
        Path protocol31 = buildChapter11ForTheGuest();
        Guest guest = Guest.chapter(15);
        String client = Guest.program(12, "nlws_client");
        String fuzz = Guest.program(11, "attrfuzz");
        // Waits until tcpdump listens; a tcpdump that ended (or is not installed) ends the wait at once.
        String capture = "tcpdump -i nlmon0 -U -w %s >/tmp/td.err 2>&1 & TD=$!; i=0;"
                + " until grep -q listening /tmp/td.err; do i=$((i+1)); [ $i -gt 600 ] && exit 1;"
                + " kill -0 $TD 2>/dev/null || { cat /tmp/td.err; exit 1; }; sleep 0.1; done; ";
        // tcpdump writes a packet some time after the kernel hands it over: until a NETLINK_ROUTE packet
        // (from ip link show, sent after the traffic under test) is in the file, everything before it may
        // still be on its way. Then stop tcpdump, with SIGKILL when SIGINT has not ended it in 10 s (with
        // -U every packet it got is in the file already). Both waits are bounded by the clock, not by a
        // count of rounds (each round runs tcpdump: seconds under TCG), and each says when it gave up.
        String stop = "end=$(($(date +%s) + 60)); until tcpdump -r $PCAP -nn -x 2>/dev/null"
                + " | grep -q '0x0000:  .... 0338 0000 0000 0000 0000 0000 0000'; do [ $(date +%s) -ge $end ]"
                + " && { echo 'no NETLINK_ROUTE packet in the capture after 60 s'; break; };"
                + " ip link show >/dev/null; sleep 0.1; done;"
                + " kill -INT $TD; end=$(($(date +%s) + 10)); while kill -0 $TD 2>/dev/null"
                + " && [ $(date +%s) -lt $end ]; do sleep 0.1; done;"
                + " kill -0 $TD 2>/dev/null && { echo 'tcpdump ignored SIGINT for 10 s: killed'; kill -KILL $TD; };"
                + " wait $TD; cat /tmp/td.err; ";
        vm = guest.line("K=/lib/modules/$(uname -r)/kernel")
                .step("run", guest.java(15, MAIN, ""))
                .line("rm -f /tmp/stop; " + client + " sleepy /tmp/stop >/tmp/sleepy.out 2>&1 &")
                .line("SLEEPY=$!")
                .step("sleepy-joined", "i=0; until grep -q joined /tmp/sleepy.out; do i=$((i+1));"
                        + " [ $i -gt 600 ] && exit 1; sleep 0.1; done")
                .step("proc", "cat /proc/net/netlink")
                // A warm VM may have them from an earlier check: load each once, and remove them at the end.
                .step("ss", "{ grep -q '^netlink_diag ' /proc/modules || insmod $K/net/netlink/netlink_diag.ko; }"
                        + " && ss -f netlink -a -p")
                .step("stop-sleepy", "touch /tmp/stop; wait $SLEEPY")
                .step("strace", "strace -f -e trace=sendto,recvfrom " + client + " hello 'under strace'")
                .step("genl-ctrl", "genl ctrl list")
                .step("nlmon", "{ grep -q '^nlmon ' /proc/modules || insmod $K/drivers/net/nlmon.ko; }"
                        + " && { ip link show nlmon0 >/dev/null 2>&1 || ip link add nlmon0 type nlmon; }"
                        + " && ip link set nlmon0 up")
                .step("capture-genl", String.format(capture, "/tmp/genl.pcap") + "PCAP=/tmp/genl.pcap; " + client + " hello 'captured';"
                        + stop + "tcpdump -r /tmp/genl.pcap -nn -x;"
                        + " echo \"hello-text $(grep -ac 'Hello Userspace' /tmp/genl.pcap) nlws-text $(grep -ac nlws /tmp/genl.pcap)\"")
                .step("swap-modules", "rmmod nlws && insmod " + protocol31)
                .step("capture-31", String.format(capture, "/tmp/p31.pcap") + "PCAP=/tmp/p31.pcap; " + fuzz + " 31 20 1;"
                        + stop + "tcpdump -r /tmp/p31.pcap -nn -x")
                .step("rmmod", "rmmod nlws")
                .line("ip link del nlmon0 2>/dev/null; rmmod nlmon netlink_diag 2>/dev/null")
                .logSteps()
                .boot();
    }

    /**
     * Builds chapter 11's protocol-31 module for the VM's kernel (the one
     * the launcher builds against), to load after this chapter's module is gone.
     */
    private static Path buildChapter11ForTheGuest() throws IOException, InterruptedException {
        Path dir = Workshop.kernelDir(11);
        Path build = Path.of("/lib/modules", Workshop.vmKernel(), "build");
        Workshop.Result make = Workshop.run(new ProcessBuilder("make", "-C", dir.toString(), "KDIR=" + build), 600);
        assertThat(make.exitCode()).as(make.toString()).isZero();
        return dir.resolve("nlws.ko");
    }

    @Test
    @Tag("todo1")
    void theLessonsProgramShowsItsSocketsInProcNetNetlink() throws Exception {
        String output = TODOS.assertRan(vm, "run");
        assertThat(output).as(TODOS.diagnose(output)).doesNotContain("no row for port");
        ExpectedOutput.assertMatches(Workshop.stepDir(15).resolve("expected-output.txt"), output);
        Matcher subscriber = Pattern.compile("the subscriber: .*Drops (\\d+),").matcher(output);
        assertThat(subscriber.find()).isTrue();
        assertThat(Long.parseLong(subscriber.group(1))).as("the subscriber that read nothing dropped events")
                .isPositive();
        Matcher inode = Pattern.compile("Inode (\\d+)\n  its descriptor \\d+ is socket:\\[(\\d+)\\]").matcher(output);
        assertThat(inode.find()).isTrue();
        assertThat(inode.group(2)).isEqualTo(inode.group(1));
    }

    @Test
    void procNetNetlinkAndSsListTheSubscriber() {
        assertThat(vm.step("sleepy-joined").exitCode()).isZero();
        assertThat(vm.step("proc").output()).startsWith("sk               Eth Pid        Groups   Rmem     Wmem"
                + "     Dump  Locks    Drops    Inode\n").containsPattern("(?m)^\\S+ 16  0 ")
                // The sleeping subscriber: a NETLINK_GENERIC socket of a process, with a group bit set.
                .containsPattern("(?m)^\\S+ 16\\s+[1-9]\\d*\\s+(?!00000000)[0-9a-f]{8} ");
        assertThat(vm.step("ss").exitCode()).as(vm.step("ss").output()).isZero();
        assertThat(vm.step("ss").output()).contains("genl:kernel").contains("rtnl:kernel")
                .containsPattern("genl:nlws_client/\\d+");
    }

    @Test
    void straceDecodesTheNetlinkHeaders() {
        Guest.Step strace = vm.step("strace");

        assertThat(strace.exitCode()).as(strace.output()).isZero();
        assertThat(strace.output()).contains("sendto(3, [{nlmsg_len=")
                .contains("nlmsg_flags=NLM_F_REQUEST|NLM_F_ACK")
                .containsPattern("recvfrom\\(3, \\[\\{nlmsg_len=36, nlmsg_type=NLMSG_ERROR, nlmsg_flags=NLM_F_CAPPED,"
                        + " .*\\{error=0, msg=")
                .contains("sa_family=AF_NETLINK, nl_pid=0");
    }

    @Test
    void genlListsTheFamilyWithItsGroup() {
        assertThat(vm.step("genl-ctrl").output()).contains("Name: nlctrl").contains("Name: nlws")
                .containsPattern("name: events");
    }

    @Test
    void nlmonCapturesTheGenlConversationButNothingOfProtocol31() {
        assertThat(vm.step("nlmon").exitCode()).as(vm.step("nlmon").output()).isZero();
        String genl = vm.step("capture-genl").output();
        assertThat(genl).as(genl).containsPattern("hello-text [1-9]\\d* nlws-text [1-9]");
        assertThat(genl.lines().filter(l -> l.matches("\\s*0x0000:\\s+\\S{4} 0338 0000 0000 0000 0000 0000 0010\\s*")))
                .as("packets of protocol 16 (NETLINK_GENERIC)").hasSizeGreaterThanOrEqualTo(5);

        assertThat(vm.step("swap-modules").exitCode()).as(vm.step("swap-modules").output()).isZero();
        String p31 = vm.step("capture-31").output();
        assertThat(p31).as(p31).contains("fuzz: 240 requests, 0 mismatches");
        assertThat(p31.lines().filter(l -> l.matches("\\s*0x0000:\\s+\\S{4} 0338 0000 0000 0000 0000 0000 0000\\s*")))
                .as("NETLINK_ROUTE packets (ip link show), so the capture was running").isNotEmpty();
        assertThat(p31).as("no packet of protocol 31 (0x001f) may be captured")
                .doesNotContainPattern(Pattern.quote("0x0000:") + "\\s+\\S{4} 0338 0000 0000 0000 0000 0000 001f");
        assertThat(p31).doesNotContain("Hello Userspace");
    }

    @Test
    void theKernelLogStaysClean() {
        assertThat(vm.step("rmmod").exitCode()).as(vm.step("rmmod").output()).isZero();
        vm.assertKernelLogClean();
    }
}
