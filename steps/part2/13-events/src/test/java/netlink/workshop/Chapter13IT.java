package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chapter 13 in the VM, in one boot with slub_debug: the lesson's
 * subscriber, an independent C subscriber as root and as nobody, a
 * subscriber that never reads (ENOBUFS for it, nobody else notices), the
 * Java client's resync, and unloading the module while a subscriber is joined.
 */
@Tag("vm") // boots the embedded VM: ./workshop test --fast leaves it out
class Chapter13IT {
    private static final String MAIN = "netlink.workshop.part2.ch13.EventWatch";

    private static Guest.Boot vm;

    @BeforeAll
    static void bootOnceAndRunEveryScenario() throws Exception {
        Guest guest = Guest.chapter(13);
        String client = Guest.program(12, "nlws_client");
        vm = guest.step("run", guest.java(13, MAIN, ""))
                .step("echo", guest.java(13, MAIN, "--echo"))
                .step("client-root", client + " events 1 'from C as root'")
                .step("client-nobody", Guest.AS_NOBODY + client + " events 1 'from C as nobody'")
                // A subscriber that never reads, joined for the rest of the boot.
                .line("rm -f /tmp/stop; " + Guest.AS_NOBODY + client + " sleepy /tmp/stop >/tmp/sleepy.out 2>&1 &")
                .line("SLEEPY=$!")
                .step("sleepy-joined", "i=0; until grep -q joined /tmp/sleepy.out; do i=$((i+1));"
                        + " [ $i -gt 600 ] && exit 1; sleep 0.1; done; cat /tmp/sleepy.out")
                .step("overrun", guest.java(13, MAIN, "--overrun 1500"))
                .step("bystander", client + " events 1 'while one sleeps'")
                .step("rmmod-while-joined", "rmmod nlws")
                .step("sleepy", "touch /tmp/stop; wait $SLEEPY; cat /tmp/sleepy.out")
                .logSteps()
                .boot();
    }

    /** The exercise's TODO that a failing output points at, for the assertions' messages. */
    private static final Guest.Todos TODOS = new Guest.Todos(13)
            // The program reads its memberships back (NETLINK_LIST_MEMBERSHIPS) and says so.
            .when("has NOT joined", 2, "the subscriber has not joined the group: the kernel does not list it"
                    + " (NETLINK_LIST_MEMBERSHIPS); join with SocketOptions.set(socket,"
                    + " SocketOptions.NETLINK_ADD_MEMBERSHIP, group, \"NETLINK_ADD_MEMBERSHIP\")")
            // The Java subscriber got nothing: the C one, which joins by itself, tells the two TODOs apart.
            .when(o -> o.contains("no event within the timeout") && !cSubscriberGotItsEvent(), 1, "no subscriber"
                    + " got an event, not even the C one: send it with genlmsg_multicast(&nlws_family, event, 0,"
                    + " NLWS_GROUP_EVENTS, GFP_KERNEL)")
            .when("no event within the timeout", 2, "the C subscriber got its event but the Java one did not: join"
                    + " the group with SocketOptions.set(socket, NETLINK_ADD_MEMBERSHIP, group, ...)")
            // The C subscriber joined and got nothing.
            .when(o -> o.contains("joined \"events\"") && (o.contains("\n0 of ") || o.contains("sleepy: 0 events")), 1,
                    "the C subscriber joined \"events\" but no event came: send it with"
                    + " genlmsg_multicast(&nlws_family, event, 0, NLWS_GROUP_EVENTS, GFP_KERNEL)");

    private static boolean cSubscriberGotItsEvent() {
        return vm.steps().containsKey("client-root") && vm.step("client-root").output().contains("1 of 1 events");
    }

    @Test
    @Tag("todo1")
    @Tag("todo2")
    void theLessonsSubscriberPrintsOneEventPerHelloWithTheSendersPort() throws Exception {
        String output = TODOS.assertRan(vm, "run");
        ExpectedOutput.assertMatches(Workshop.stepDir(13).resolve("expected-output.txt"), output);
        Matcher sender = Pattern.compile("sender: port (\\d+) said").matcher(output);
        assertThat(sender.find()).isTrue();
        assertThat(output).contains("NLWS_ATTR_PORT " + sender.group(1) + ", NLWS_ATTR_MSG \"Hello Kernel #1\"");
    }

    @Test
    @Tag("todo1")
    @Tag("todo2")
    void aHelloWithNlmFEchoGetsItsEventBackOnTheSendersSocket() {
        String output = vm.step("echo").output();
        assertThat(vm.step("echo").exitCode()).as(TODOS.diagnose(output) + "\n" + output).isZero();
        Matcher sent = Pattern.compile("sender: port (\\d+) sent \"Hello Kernel #1\" \\(seq 2\\), then \"Hello Kernel"
                + " #2\" with NLM_F_ECHO \\(seq 3\\)\n").matcher(output);
        assertThat(sent.find()).as(output).isTrue();
        String port = sent.group(1);
        Matcher replies = Pattern.compile("sender got: NLWS_CMD_HELLO \\(nlmsg_pid " + port + ", seq 2\\): hello number"
                + " (\\d+)\nsender got: NLWS_CMD_HELLO \\(nlmsg_pid " + port + ", seq 3\\): hello number (\\d+)\n"
                + "sender got: NLWS_CMD_EVENT \\(nlmsg_pid " + port + ", seq 3\\): NLWS_ATTR_PORT " + port
                + ", NLWS_ATTR_MSG \"Hello Kernel #2\"\n").matcher(output);
        // The plain hello's event never reaches the sender: its next message is the second reply.
        assertThat(replies.find()).as(TODOS.diagnose(output) + "; the page's sender lines:\n" + output).isTrue();
        assertThat(Integer.parseInt(replies.group(2))).isEqualTo(Integer.parseInt(replies.group(1)) + 1);
        assertThat(output).as(TODOS.diagnose(output))
                .contains("subscriber: NLWS_CMD_EVENT (nlmsg_pid 0, seq 0): NLWS_ATTR_PORT " + port
                        + ", NLWS_ATTR_MSG \"Hello Kernel #1\"\n"
                        + "subscriber: NLWS_CMD_EVENT (nlmsg_pid " + port + ", seq 3): NLWS_ATTR_PORT " + port
                        + ", NLWS_ATTR_MSG \"Hello Kernel #2\"\n")
                .doesNotContain("no echo");
    }

    @Test
    @Tag("todo1")
    void anIndependentSubscriberGetsItsEventAsRootAndAsNobody() {
        for (String who : List.of("root", "nobody")) {
            Guest.Step client = vm.step("client-" + who);
            assertThat(client.exitCode()).as(TODOS.diagnose(client.output()) + "\n" + client.output()).isZero();
            Matcher port = Pattern.compile("saying hello from port (\\d+)").matcher(client.output());
            assertThat(port.find()).as(client.output()).isTrue();
            assertThat(client.output()).contains("joined \"events\"")
                    .contains("event: cmd 2, NLWS_ATTR_PORT " + port.group(1) + ", NLWS_ATTR_MSG \"from C as " + who)
                    .contains("1 of 1 events");
        }
    }

    @Test
    @Tag("todo1")
    @Tag("todo2")
    void aSubscriberThatNeverReadsGetsEnobufsAndNobodyElseNotices() {
        assertThat(vm.step("sleepy-joined").exitCode()).as(vm.step("sleepy-joined").output()).isZero();
        Guest.Step overrun = vm.step("overrun");
        assertThat(overrun.exitCode()).as(TODOS.diagnose(overrun.output()) + "\n" + overrun.output()).isZero();
        assertThat(overrun.output()).as(TODOS.diagnose(overrun.output())).containsPattern("subscriber: \\d+ events, then: recvmsg\\(events subscriber\\):"
                + " No buffer space available \\(ENOBUFS\\): the subscriber read too slowly")
                .containsPattern("subscriber: resync dropped \\d+ queued datagrams")
                .contains("NLWS_ATTR_MSG \"after the resync\"");
        assertThat(vm.step("bystander").output()).as(TODOS.diagnose(vm.step("bystander").output()))
                .contains("1 of 1 events");
        assertThat(vm.step("sleepy").output()).as(TODOS.diagnose(vm.step("sleepy").output()))
                .containsPattern("sleepy: \\d+ events queued, ENOBUFS seen");
    }

    @Test
    void theModuleUnloadsWhileASubscriberIsJoined() {
        assertThat(vm.step("rmmod-while-joined").exitCode()).as(vm.step("rmmod-while-joined").output()).isZero();
        assertThat(vm.step("log").output()).endsWith("nlws: genl family unregistered, module unloaded\n");
    }

    @Test
    void theKernelLogStaysClean() {
        vm.assertKernelLogClean();
        assertThat(vm.step("kernel").output()).contains("slub_debug=FZPU");
    }
}
