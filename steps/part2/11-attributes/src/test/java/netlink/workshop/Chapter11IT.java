package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.FuzzSeed;
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

    private static Workshop.Result result;
    private static Map<String, Part2Guest.Step> steps;
    private static String console;

    @BeforeAll
    static void bootOnceAndRunEveryScenario() throws Exception {
        Part2Guest guest = new Part2Guest();
        guest.line("echo 5 >/proc/sys/kernel/printk");
        guest.step("run", guest.java(11, MAIN, ""))
                .step("violations", guest.java(11, MAIN, "--violate all"))
                .step("fuzz", Part2Guest.program(11, "attrfuzz") + " 31 150 " + SEED)
                .step("fuzz-nobody", Part2Guest.AS_NOBODY + Part2Guest.program(11, "attrfuzz") + " 31 40 " + SEED)
                .step("afterwards", guest.java(11, MAIN, "--violate none --msg afterwards"))
                .step("rmmod", "rmmod nlws")
                .step("log", Part2Guest.MODULE_LOG)
                .step("dmesg", "dmesg");
        Path keep = Files.createTempDirectory("chapter11");
        result = guest.run(11, keep);
        steps = Part2Guest.steps(result.stdout());
        console = Files.readString(keep.resolve("console.log"));
        System.out.println(result.stdout().replaceAll("(?s)=== dmesg\n.*=== dmesg rc", "=== dmesg (not shown)"));
        assertThat(result.exitCode()).as("fuzz seed " + SEED + ": " + result).isZero();
    }

    private static Part2Guest.Step step(String name) {
        return Part2Guest.step(steps, name, result);
    }

    /** The exercise's TODO that a failing output points at, for the assertions' messages. */
    private static final Part2Guest.Todos TODOS = new Part2Guest.Todos(11)
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
        String output = step("run").output() + "----- kernel log: what nlws printed during this run -----\n"
                + step("log").output();

        assertThat(step("run").exitCode()).as(TODOS.diagnose(output) + "\n" + output).isZero();
        assertThat(output).as(TODOS.diagnose(output)).contains("the kernel says: Hello Userspace (hello number 1)");
        ExpectedOutput.assertMatches(Part2Guest.chapterDir("steps", 11).resolve("expected-output.txt"), output);
    }

    @Test
    void everyViolationIsRefusedWithTheKernelsMessageAndTheOffendingAttribute() {
        String output = step("violations").output();

        assertThat(step("violations").exitCode()).as(TODOS.diagnose(output) + "\n" + output).isZero();
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
            Part2Guest.Step fuzz = step(who);
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
        assertThat(step("afterwards").output()).contains("the kernel says: Hello Userspace (hello number");
        assertThat(step("rmmod").exitCode()).as(step("rmmod").output()).isZero();
        assertThat(step("log").output()).endsWith("nlws: socket released, module unloaded\n");
    }

    @Test
    void theKernelLogStaysClean() {
        assertThat(Part2Guest.trouble(step("dmesg").output())).isEmpty();
        assertThat(Part2Guest.trouble(console)).isEmpty();
        assertThat(step("dmesg").output()).contains("Linux version").contains("slub_debug=FZPU");
    }
}
