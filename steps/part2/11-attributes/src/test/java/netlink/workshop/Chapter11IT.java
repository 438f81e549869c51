package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.FuzzSeed;
import netlink.workshop.testkit.Guest;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Chapter 11 in the VM, in one boot with slub_debug: the lesson's program,
 * every kind of policy violation with its extended ACK, thousands of
 * malformed attribute lists (as root and as nobody), and the module still
 * answering and unloading with a clean kernel log.
 */
@Tag("vm") // boots the embedded VM: ./workshop test --fast leaves it out
class Chapter11IT {
    private static final long SEED = FuzzSeed.get();
    private static final String MAIN = "netlink.workshop.part2.ch11.AttributeHello";

    private static Guest.Boot vm;

    @BeforeAll
    static void bootOnceAndRunEveryScenario() throws Exception {
        Guest guest = Guest.chapter(11).context("fuzz seed " + SEED);
        vm = guest.step("run", guest.java(11, MAIN, ""))
                .step("violations", guest.java(11, MAIN, "--violate all"))
                .step("fuzz", Guest.program(11, "attrfuzz") + " 31 150 " + SEED)
                .step("fuzz-nobody", Guest.AS_NOBODY + Guest.program(11, "attrfuzz") + " 31 40 " + SEED)
                .step("afterwards", guest.java(11, MAIN, "--violate none --msg afterwards"))
                .step("rmmod", "rmmod nlws")
                .logSteps()
                .boot();
    }

    /** The exercise's TODO that a failing output points at, for the assertions' messages. */
    private static final Guest.Todos TODOS = new Guest.Todos(11)
            .when("\"Unsupported attribute\"", 1, "the kernel refused NLWS_ATTR_MSG as \"Unsupported attribute\":"
                    + " the policy has no entry for it: add [NLWS_ATTR_MSG] = { .type = NLA_NUL_STRING,"
                    + " .len = NLWS_MSG_MAX - 1 }")
            .when(o -> o.contains("the message carries no NLWS_ATTR_MSG") || o.contains("carries no NLWS_ATTR_COUNT"),
                    2, "the reply carries no attributes: put NLWS_ATTR_MSG with nla_put_string() and"
                    + " NLWS_ATTR_COUNT with nla_put_u32() before nlmsg_end()")
            .when(o -> o.contains("a hello needs NLWS_ATTR_MSG") && !o.contains("36 bytes") || o.contains("leftover"),
                    3, "the hello's attribute is not encoded: AttributeWriter.putBytes must write nla_len,"
                    + " nla_type, the value and the padding")
            .when(o -> o.contains("no extended ACK") || o.contains("NETLINK_EXT_ACK 0"), 4, "the socket has"
                    + " NETLINK_EXT_ACK off (getsockopt reads 0), so refusals carry no extended ACK: set it to 1 in"
                    + " SocketOptions.enableExtendedAck");

    @Test
    void theLessonsProgramPrintsWhatThePageShows() throws Exception {
        String output = TODOS.assertRan(vm, "run");
        assertThat(output).as(TODOS.diagnose(output)).contains("the kernel says: Hello Userspace (hello number 1)");
        ExpectedOutput.assertMatches(Workshop.stepDir(11).resolve("expected-output.txt"), output);
    }

    @Test
    void everyViolationIsRefusedWithTheKernelsMessageAndTheOffendingAttribute() {
        String output = vm.step("violations").output();

        assertThat(vm.step("violations").exitCode()).as(TODOS.diagnose(output) + "\n" + output).isZero();
        String refused = "the kernel refused it: the kernel's answer (NLMSG_ERROR): Invalid argument (EINVAL): ";
        assertThat(output).as(TODOS.diagnose(output))
                .contains(refused + "\"Attribute failed policy validation\" at offset 16 (NLWS_ATTR_MSG),"
                        + " policy maximum length 255\n")
                .contains("sending a policy violation: NLWS_ATTR_MSG without its NUL\n" + refused
                        + "\"Attribute failed policy validation\" at offset 16 (NLWS_ATTR_MSG)")
                .contains(refused + "\"Unknown attribute type\" at offset 36 (attribute type "
                        + (NlwsContract.ATTR_MAX + 6) + ")\n")
                .contains(refused + "\"invalid attribute length\" at offset 36 (NLWS_ATTR_COUNT)\n")
                .contains(refused + "\"NLA_F_NESTED not expected\" at offset 16 (NLWS_ATTR_MSG)")
                .contains(refused + "\"nlws: a hello needs NLWS_ATTR_MSG\", missing attribute NLWS_ATTR_MSG (1)\n")
                .doesNotContain("the kernel accepted it");
    }

    @Test
    void malformedAttributesAreEachRefusedOnceAsRootAndAsNobody() {
        for (String who : List.of("fuzz", "fuzz-nobody")) {
            Guest.Step fuzz = vm.step(who);
            int rounds = who.equals("fuzz") ? 150 : 40;
            assertThat(fuzz.exitCode()).as("fuzz seed " + SEED + ":\n" + fuzz.output()).isZero();
            for (String shape : List.of("nla_len-below-header", "nla_len-beyond-message", "unknown-type",
                    "u32-wrong-length", "string-without-nul", "string-too-long", "empty-string", "bad-nesting",
                    "missing-msg", "trailing-bytes")) {
                assertThat(fuzz.output()).contains("shape " + shape + ": " + rounds + " requests, " + rounds
                        + " answered, " + rounds + " refused, 0 replies, 0 mismatches");
            }
            assertThat(fuzz.output()).contains("shape valid: " + rounds + " requests, " + rounds + " answered, 0"
                    + " refused, " + rounds + " replies, 0 mismatches")
                    .contains("fuzz: " + rounds * 12 + " requests, 0 mismatches");
        }
    }

    @Test
    void afterAllThatTheModuleStillAnswersAndUnloads() {
        assertThat(vm.step("afterwards").output()).contains("the kernel says: Hello Userspace (hello number");
        assertThat(vm.step("rmmod").exitCode()).as(vm.step("rmmod").output()).isZero();
        assertThat(vm.step("log").output()).endsWith("nlws: socket released, module unloaded\n");
    }

    @Test
    void theKernelLogStaysClean() {
        vm.assertKernelLogClean();
        assertThat(vm.step("kernel").output()).contains("Linux version").contains("slub_debug=FZPU");
    }
}
