package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.FuzzSeed;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chapter 12 in the VM, in one boot with slub_debug: the lesson's program,
 * the genl tool, an independent C client (as root and as nobody), malformed
 * genl requests, and unloading and reloading the family.
 */
@Tag("vm") // boots the embedded VM: ./workshop test --fast leaves it out
class Chapter12IT {
    private static final long SEED = FuzzSeed.get();
    private static final String MAIN = "netlink.workshop.part2.ch12.GenlHello";

    private static Guest.Boot vm;

    @BeforeAll
    static void bootOnceAndRunEveryScenario() throws Exception {
        Guest guest = Guest.chapter(12).context("fuzz seed " + SEED);
        String client = Guest.program(12, "nlws_client");
        String fuzz = Guest.program(11, "attrfuzz");
        // The module loaded at boot: under ./workshop check, the learner's.
        String ko = Workshop.moduleDir(12).resolve("nlws.ko").toString();
        vm = guest.step("run", guest.java(12, MAIN, ""))
                .step("stats", guest.java(12, MAIN, "--no-refusal --stats"))
                .step("genl-ctrl", "genl ctrl get name nlws")
                .step("genl-policy", "genl ctrl policy name nlws; genl ctrl policy name nlctrl")
                .step("client-root", client + " hello")
                .step("refuse-root", client + " refuse")
                .step("client-nobody", Guest.AS_NOBODY + client + " hello")
                .step("other-netns", "unshare -n " + client + " hello")
                .step("refuse-nobody", Guest.AS_NOBODY + client + " refuse")
                .step("fuzz", fuzz + " genl 100 " + SEED)
                .step("fuzz-nobody", Guest.AS_NOBODY + fuzz + " genl 30 " + SEED)
                .step("rmmod", "rmmod nlws")
                .step("gone", client + " hello")
                .step("gone-java", guest.java(12, MAIN, "--no-refusal"))
                .step("reload", "insmod " + ko + " && " + client + " hello again")
                .step("rmmod-again", "rmmod nlws")
                .logSteps()
                .boot();
    }

    /** The exercise's TODO that a failing output points at, for the assertions' messages. */
    private static final Guest.Todos TODOS = new Guest.Todos(12)
            // The Java program names the errno (EMSGSIZE); the C client prints its number and strerror().
            .when(o -> o.contains("(EMSGSIZE)") || o.contains("-90 (Message too long)"), 1, "the hello was answered"
                    + " with EMSGSIZE: genlmsg_put_reply() returned nothing to put the attributes after: put the"
                    + " reply's genl header with genlmsg_put_reply(out, info, &nlws_family, 0, NLWS_CMD_HELLO)")
            .when("no request was sent to it", 2, "GenericNetlink.resolve sent nothing to the controller: build"
                    + " CTRL_CMD_GETFAMILY with CTRL_ATTR_FAMILY_NAME and send it with"
                    + " connection.request(Genl.ID_CTRL, ...)")
            // The fuzzer's well-formed hellos got no reply.
            .when(o -> Pattern.compile("shape valid: (\\d+) requests, \\1 answered, \\1 refused").matcher(o).find(), 1,
                    "every well-formed hello was refused: the reply needs its genl header, put with"
                    + " genlmsg_put_reply(out, info, &nlws_family, 0, NLWS_CMD_HELLO)");

    @Test
    @Tag("todo1")
    @Tag("todo2")
    void theLessonsProgramPrintsWhatThePageShows() throws Exception {
        String output = TODOS.assertRan(vm, "run");
        assertThat(output).as(TODOS.diagnose(output)).contains("the kernel says: Hello Userspace (hello number 1)");
        ExpectedOutput.assertMatches(Workshop.stepDir(12).resolve("expected-output.txt"), output);
        // The family id is the reply's nlmsg_type, and the genl tool sees the same family.
        Matcher id = Pattern.compile("family id (\\d+)").matcher(output);
        assertThat(id.find()).isTrue();
        assertThat(output).contains(String.format("type 0x%02x, flags 0", Integer.parseInt(id.group(1))));
        assertThat(vm.step("genl-ctrl").output()).contains("Name: nlws")
                .contains(String.format("ID: 0x%x  Version: 0x1", Integer.parseInt(id.group(1))))
                .contains("max attribs: 4");
    }

    @Test
    @Tag("todo1")
    void theStatsReplyCarriesItsCountersInOneNest() {
        String output = vm.step("stats").output();
        assertThat(vm.step("stats").exitCode()).as(TODOS.diagnose(output) + "\n" + output).isZero();
        Matcher port = Pattern.compile("bound to port (\\d+)").matcher(output);
        assertThat(port.find()).as(output).isTrue();
        // The second program's hello is the family's second: the first program said the first.
        assertThat(output).as("the page's NLWS_CMD_STATS lines:\n" + output)
                .containsPattern("sending NLWS_CMD_STATS to family \\d+: 20 bytes\n"
                        + "received: len 40, type 0x\\p{XDigit}+, flags 0, seq 3, pid " + port.group(1)
                        + "; genl cmd NLWS_CMD_STATS, version 1\n")
                .contains("  NLWS_ATTR_STATS (type 4, NLA_F_NESTED, nla_len 20, at offset 20), inside it:\n"
                        + "    NLWS_STATS_HELLOS (type 1, nla_len 8, at offset 24): 2\n"
                        + "    NLWS_STATS_LAST_PORT (type 2, nla_len 8, at offset 32): " + port.group(1) + "\n");
    }

    @Test
    void withoutNetnsokTheFamilyExistsOnlyInTheInitialNetworkNamespace() {
        Guest.Step other = vm.step("other-netns");
        assertThat(other.output()).as(other.output())
                .contains("family \"nlws\": error: -2 (No such file or directory)").doesNotContain("reply:");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(vm.step("client-root").output()).contains("reply: cmd 1");
    }

    @Test
    void theControllerDumpsTheFamilysPolicyForEachCommand() {
        String output = vm.step("genl-policy").output();
        assertThat(vm.step("genl-policy").exitCode()).as(output).isZero();
        Matcher id = Pattern.compile("family id (\\d+)").matcher(vm.step("run").output());
        assertThat(id.find()).as(vm.step("run").output()).isTrue();
        String prefix = String.format("ID: 0x%x  ", Integer.parseInt(id.group(1)));
        // One policy (.policy, the family's) for every command: index 0.
        assertThat(output).as("genl ctrl policy name nlws:\n" + output)
                .contains(prefix + "op 1 policies: do=0\n")
                .contains(prefix + "op 4 policies: do=0\n")
                .contains(prefix + "policy[0]:attr[1]: type=NUL_STRING max len:255\n")
                .contains(prefix + "policy[0]:attr[2]: type=U32 range:[0,4294967295]\n")
                .contains(prefix + "policy[0]:attr[3]: type=U32 range:[0,4294967295]\n")
                .doesNotContain(prefix + "policy[1]")
                .doesNotContain(prefix + "policy[0]:attr[4]");
        // nlctrl's CTRL_CMD_GETPOLICY (op 10) has a policy of its own, index 1.
        assertThat(output).contains("ID: 0x10  op 10 policies: dump=1\n")
                .contains("ID: 0x10  policy[1]:attr[1]: type=U16 range:[0,65535]\n");
    }

    @Test
    @Tag("todo1")
    void anIndependentClientGetsItsReplyAndTheRefusalAsRootAndAsNobody() {
        for (String who : List.of("root", "nobody")) {
            Guest.Step hello = vm.step("client-" + who);
            Guest.Step refuse = vm.step("refuse-" + who);
            assertThat(hello.exitCode()).as(TODOS.diagnose(hello.output()) + "\n" + hello.output()).isZero();
            assertThat(hello.output()).contains(who.equals("root") ? "uid 0," : "uid 65534,")
                    .containsPattern("reply: cmd 1, NLWS_ATTR_MSG \"Hello Userspace\", NLWS_ATTR_COUNT \\d+\n")
                    .contains("ack: 0");
            assertThat(refuse.exitCode()).as(refuse.output()).isZero();
            assertThat(refuse.output()).contains("error: -22 (Invalid argument), message \"nlws: a hello needs"
                    + " NLWS_ATTR_MSG\", missing attribute 1\n").doesNotContain("reply:");
        }
    }

    @Test
    @Tag("todo1")
    void malformedGenlRequestsAreEachRefusedOnce() {
        for (String who : List.of("fuzz", "fuzz-nobody")) {
            Guest.Step fuzz = vm.step(who);
            int rounds = who.equals("fuzz") ? 100 : 30;
            assertThat(fuzz.exitCode()).as(TODOS.diagnose(fuzz.output()) + " (fuzz seed " + SEED + "):\n"
                    + fuzz.output()).isZero();
            for (String shape : List.of("nla_len-below-header", "nla_len-beyond-message", "unknown-type",
                    "u32-wrong-length", "string-without-nul", "string-too-long", "empty-string", "bad-nesting",
                    "missing-msg", "trailing-bytes", "genl-short-header", "genl-unknown-cmd", "genl-reserved-set")) {
                assertThat(fuzz.output()).contains("shape " + shape + ": " + rounds + " requests, " + rounds
                        + " answered, " + rounds + " refused, 0 replies, 0 mismatches");
            }
            assertThat(fuzz.output()).contains("fuzz: " + rounds * 15 + " requests, 0 mismatches");
        }
    }

    @Test
    @Tag("todo1")
    @Tag("todo2")
    void anUnregisteredFamilyIsEnoentAndComesBackOnReload() {
        assertThat(vm.step("rmmod").exitCode()).as(vm.step("rmmod").output()).isZero();
        assertThat(vm.step("gone").output()).contains("family \"nlws\": error: -2 (No such file or directory)");
        assertThat(vm.step("gone-java").exitCode()).isEqualTo(1);
        assertThat(vm.step("gone-java").output()).as(TODOS.diagnose(vm.step("gone-java").output()))
                .contains("CTRL_CMD_GETFAMILY \"nlws\": No such file or directory (ENOENT): no Generic Netlink"
                        + " family is called \"nlws\" on this kernel: load the module");
        assertThat(vm.step("reload").exitCode()).as(TODOS.diagnose(vm.step("reload").output()) + "\n"
                + vm.step("reload").output()).isZero();
        assertThat(vm.step("reload").output()).contains("reply: cmd 1, NLWS_ATTR_MSG \"Hello Userspace\"")
                .doesNotContain("error");
        assertThat(vm.step("rmmod-again").exitCode()).isZero();
    }

    @Test
    void theKernelLogStaysClean() {
        vm.assertKernelLogClean();
        assertThat(vm.step("kernel").output()).contains("slub_debug=FZPU");
    }
}
