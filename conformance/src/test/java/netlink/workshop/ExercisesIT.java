package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import netlink.workshop.testkit.Exercises;
import netlink.workshop.testkit.Markers;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every stage's exercise can be failed and can be passed: the skeleton that
 * {@code ./workshop exercise N} writes fails {@code ./workshop check N},
 * naming TODO 1 and a hint; the kit's solution applied with
 * {@code ./workshop solution N --apply} passes it; and the wrong answers the
 * pages warn about fail it with their own hint. Each case has a workspace of
 * its own (WORKSHOP_WORK), never the learner's work/.
 */
@Tag("vm")
@Execution(ExecutionMode.CONCURRENT) // two at a time (junit-platform.properties): each is one core's work
class ExercisesIT {
    @ParameterizedTest(name = "stage {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
    void theSkeletonFailsNamingTodoOneAndTheSolutionPasses(int n) throws Exception {
        Path work = Files.createTempDirectory("exercise-" + n + "-");
        Workshop.Result written = workshop(work, "exercise", Integer.toString(n));
        assertThat(written.exitCode()).as(written.toString()).isZero();
        assertThat(written.stderr()).as(written.toString()).contains("==> exercise: TODO 1 (")
                .contains("./workshop check " + n);

        Workshop.Result skeleton = workshop(work, "check", Integer.toString(n));
        assertThat(skeleton.exitCode()).as(skeleton.toString()).isNotZero();
        String said = skeleton.stdout() + skeleton.stderr();
        // It names a TODO that is not written yet, with that TODO's first hint.
        assertThat(said).as(skeleton.toString()).containsPattern("TODO \\d+[ (]");
        assertThat(firstHints(n)).as("a first hint of stage " + n + "'s TODOs in:\n" + skeleton)
                .anyMatch(hint -> said.contains("    hint: " + hint + " (more: ./workshop hint " + n + ")"));
        compilerErrorsNameTheirTodo(n, work, said);

        Workshop.Result applied = workshop(work, "solution", Integer.toString(n), "--apply");
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
        Workshop.Result solved = workshop(work, "check", Integer.toString(n));
        assertThat(solved.exitCode()).as(solved.toString()).isZero();
        assertThat(solved.stderr()).as(solved.toString()).contains("==> check: stage " + n + ": every TODO passed");
        assertThat(solved.stdout()).as(solved.toString()).contains("==> check: TODO 1 (").contains("): passed")
                .doesNotContain("not yet");
    }

    @Test
    void stageTwoReturningTheSeedsMinusTenFailsTodoOneWithItsHint() throws Exception {
        Workshop.Result result = wrongAnswer(2, "kernel/step02-kernel-socket/nlws.c",
                "		return -ENOMEM;", "		return -10;");

        assertThat(result.stdout()).as(result.toString())
                .contains("TODO 1: insmod said 'No child processes': that is -10, -ECHILD")
                .contains("    hint: netlink_kernel_create(net, protocol, &cfg) returns the socket, or NULL");
    }

    @Test
    void stageThreeWithoutThePayloadCheckFailsTodoTwoWithItsHint() throws Exception {
        Workshop.Result result = wrongAnswer(3, "kernel/step03-kernel-receive/nlws.c",
                "	if (len < 1 || len > WORKSHOP_PAYLOAD_MAX || !memchr(payload, '\\0', len)) {",
                "	if (len < 0) {");

        assertThat(result.stdout()).as(result.toString())
                .contains("TODO 2: a payload without its NUL was not refused with EINVAL")
                .contains("    hint: len is nlmsg_len(nlh), the payload's size");
    }

    @Test
    void stageFourReplyingToNlmsgPidFailsTodoTwoWithItsHint() throws Exception {
        Workshop.Result result = wrongAnswer(4, "kernel/step04-kernel-reply/nlws.c",
                "return nlws_reply(skb->sk, nlh, portid);", "return nlws_reply(skb->sk, nlh, nlh->nlmsg_pid);");

        assertThat(result.stdout()).as(result.toString()).contains("): passed")
                .contains("TODO 2: with a forged nlmsg_pid 0 the reply did not reach the real sender")
                .contains("never to nlh->nlmsg_pid")
                .contains("    hint: the port the request came from is NETLINK_CB(skb).portid");
    }

    @Test
    void stageSevenBindingToGetpidFailsTodoOneWithItsHint() throws Exception {
        Workshop.Result result = wrongAnswer(7, "steps/step07-user-bind/src/main/java/netlink/workshop/BoundSocket.java",
                "return bind(socket, KERNEL_PICKS);", "return bind(socket, BindCalls.getpid());");

        assertThat(result.stdout()).as(result.toString())
                .contains("TODO 1: a second BoundSocket.open() in this process failed")
                .contains("not getpid()")
                .contains("    hint: nl_pid 0 (KERNEL_PICKS) in bind(2) asks the kernel for a unique port");
    }

    @Test
    void stageTenWithTheSeedsTwentyEightByteBufferFailsTodoTwoWithItsHint() throws Exception {
        Workshop.Result result = wrongAnswer(10,
                "steps/step10-user-receive/src/main/java/netlink/workshop/MessageReceiver.java",
                "public static final int DEFAULT_BUFFER = 8192;", "public static final int DEFAULT_BUFFER = 28;");

        assertThat(result.stdout()).as(result.toString())
                .contains("TODO 2: the 32-byte reply did not fit the receive buffer")
                .contains("    hint: the seed reused the request's buffer");
    }

    @Test
    void chapterFourteenWithHalfOfNlmFDumpFailsTodoOneWithItsHint() throws Exception {
        // NLM_F_DUMP is two bits; genl refuses one of them alone (the page, chapter 14's exercise).
        Workshop.Result result = wrongAnswer(14, "steps/part2/14-dumps/src/main/java/netlink/workshop/Dump.java",
                "flags |= NLM_F_DUMP;", "flags |= NLM_F_ROOT;");

        assertThat(result.stdout()).as(result.toString())
                .contains("TODO 1: the kernel refused the request's flags as ambiguous: NLM_F_DUMP is two bits")
                .contains("    hint: NLM_F_DUMP is NLM_F_ROOT | NLM_F_MATCH");
    }

    /** The kit's solution with one line changed, checked: it must fail. */
    private static Workshop.Result wrongAnswer(int n, String file, String line, String wrong) throws Exception {
        Path work = Files.createTempDirectory("wrong-" + n + "-");
        assertThat(workshop(work, "exercise", Integer.toString(n)).exitCode()).isZero();
        assertThat(workshop(work, "solution", Integer.toString(n), "--apply").exitCode()).isZero();
        Path source = work.resolve(file);
        String text = Files.readString(source);
        assertThat(text).as(source.toString()).contains(line);
        Files.writeString(source, text.replace(line, wrong));

        Workshop.Result result = workshop(work, "check", Integer.toString(n));
        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.stderr()).as(result.toString()).contains("==> check: stage " + n + ": not done yet");
        return result;
    }

    /** A compiler's message ("/path/file.c:12:5: error: ...", as check_compiler_lines reads them). */
    private static final Pattern COMPILER_MESSAGE = Pattern.compile("(?m)^/[^: ]+:\\d+(:\\d+)?: (fatal error|error|warning):");

    /** A compiler error in the skeleton is followed by the TODO it is in. */
    private static void compilerErrorsNameTheirTodo(int n, Path work, String said) {
        // Only the compiler's lines: a test's output may say 'family "nlws": error: -2' too.
        if (COMPILER_MESSAGE.matcher(said).find()) {
            assertThat(said).as("stage " + n).containsPattern("==> check: that is in TODO \\d+ of ");
        }
    }

    private static List<String> firstHints(int n) throws IOException {
        List<Map.Entry<String, Markers.Todo>> todos = new Exercises(Workshop.root(), Path.of("/nonexistent")).todos(n);
        assertThat(todos).as("stage " + n + " has TODOs").isNotEmpty();
        return todos.stream().map(t -> t.getValue().hints().get(0)).toList();
    }

    private static Workshop.Result workshop(Path work, String... args) throws Exception {
        return Workshop.launcher(Workshop.root(), 900, Map.of("WORKSHOP_WORK", work.toString()), args);
    }
}
