package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netlink.workshop.testkit.Exercises;
import netlink.workshop.testkit.Markers;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every stage's exercise can be failed and can be passed: the skeleton that
 * {@code ./workshop exercise N} writes fails {@code ./workshop check N},
 * naming TODO 1 and a hint; the kit's solution applied with
 * {@code ./workshop solution N --apply} passes it; every TODO is needed (the
 * solution with only that TODO cut back fails, naming it); answers other than
 * the kit's but correct pass; and the wrong answers the pages warn about fail
 * it with their own hint. Each case has a workspace of its own
 * (WORKSHOP_WORK), never the learner's work/.
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
        assertThat(said).as(skeleton.toString()).containsPattern("TODO \\d+[ (:]");
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

    /** Every TODO k of every stage or chapter with two TODOs or more, from the markers. */
    static Stream<Arguments> everyTodoOfAStageWithTwoOrMore() throws IOException {
        List<Arguments> cases = new java.util.ArrayList<>();
        for (int n = 1; n <= 16; n++) {
            List<Integer> numbers = new Exercises(Workshop.root(), Path.of("/nonexistent")).todos(n).stream()
                    .map(t -> t.getValue().number()).distinct().toList();
            if (numbers.size() >= 2) {
                for (int k : numbers) {
                    cases.add(Arguments.of(n, k));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "stage {0} without TODO {1}")
    @MethodSource("everyTodoOfAStageWithTwoOrMore")
    void theSolutionWithOneTodoCutBackFailsNamingThatTodo(int n, int k) throws Exception {
        Path work = Files.createTempDirectory("mutant-" + n + "-" + k + "-");
        assertThat(workshop(work, "exercise", Integer.toString(n)).exitCode()).isZero();
        List<String> holding = new Exercises(Workshop.root(), work).writeMutant(n, k);
        assertThat(holding).as("stage " + n + " has a TODO " + k).isNotEmpty();

        Workshop.Result result = workshop(work, "check", Integer.toString(n));
        String said = result.stdout() + result.stderr();
        String todo = "==> check: TODO " + k + " (";
        assertThat(result.exitCode()).as("stage " + n + " without TODO " + k + " passed check:\n" + result).isNotZero();
        assertThat(said.lines().filter(l -> l.startsWith(todo)))
                .as("check's line for TODO " + k + " must not say passed:\n" + result)
                .noneMatch(l -> l.endsWith(": passed"));
        assertThat(said).as("stage " + n + " without TODO " + k + ": check names the cause").contains(
                CAUSES.getOrDefault(n + "/" + k, ""));
        // Either check's line for TODO k says what is missing, or the compiler stopped in TODO k.
        assertThat(said.lines().anyMatch(l -> l.startsWith(todo) && l.contains("): not yet: "))
                || Pattern.compile("==> check: \\S+:\\d+[ :][^\n]*\\bTODO " + k + "\\b").matcher(said).find())
                .as("check names TODO " + k + " as not done:\n" + result).isTrue();
    }

    /** What check must say for a TODO left out, where the pages promise a cause (stage/TODO: words). */
    private static final Map<String, String> CAUSES = Map.of(
            "10/1", "TODO 1: a reply cut to 28 bytes was not reported",
            "11/4", "TODO 4: the socket has NETLINK_EXT_ACK off (getsockopt reads 0)",
            "13/2", "TODO 2: the subscriber has not joined the group: the kernel does not list it");

    /** Answers that differ from the kit's and are correct: each must pass. */
    static Stream<Arguments> correctAnswersOtherThanTheKits() {
        return Stream.of(
                // alloc_skb + __nlmsg_put + netlink_unicast instead of nlmsg_new, nlmsg_put, nlmsg_unicast
                Arguments.of(4, "kernel/step04-kernel-reply/nlws.c", List.of(
                        """
                        	out = nlmsg_new(sizeof(nlws_reply_text), GFP_KERNEL);
                        	if (!out)
                        		return -ENOMEM;

                        	nlh = nlmsg_put(out, portid, req->nlmsg_seq, WORKSHOP_MSG_REPLY,
                        			sizeof(nlws_reply_text), 0);
                        	if (!nlh) {
                        		nlmsg_free(out);
                        		return -EMSGSIZE;
                        	}
                        	memcpy(nlmsg_data(nlh), nlws_reply_text, sizeof(nlws_reply_text));

                        	/* Consumes @out, even on failure. */
                        	err = nlmsg_unicast(sk, out, portid);
                        	if (err)
                        		return err;
                        """,
                        """
                        	out = alloc_skb(NLMSG_SPACE(sizeof(nlws_reply_text)), GFP_KERNEL);
                        	if (!out)
                        		return -ENOMEM;
                        	nlh = __nlmsg_put(out, portid, req->nlmsg_seq, WORKSHOP_MSG_REPLY,
                        			  sizeof(nlws_reply_text), 0);
                        	strscpy(nlmsg_data(nlh), nlws_reply_text, sizeof(nlws_reply_text));
                        	err = netlink_unicast(sk, out, portid, MSG_DONTWAIT);
                        	if (err < 0)
                        		return err;
                        """)),
                // strnlen() instead of memchr() for the missing NUL
                Arguments.of(3, "kernel/step03-kernel-receive/nlws.c", List.of(
                        "	if (len < 1 || len > WORKSHOP_PAYLOAD_MAX || !memchr(payload, '\\0', len)) {",
                        "	if (len <= 0 || len > WORKSHOP_PAYLOAD_MAX || strnlen(payload, len) == len) {")),
                // another name for the exit function, and its two lines in the other order
                Arguments.of(5, "kernel/step05-kernel-release/nlws.c", List.of(
                        """
                        static void __exit nlws_exit(void)
                        {
                        	/* After this, no message can reach nlws_input(): the code may go. */
                        	netlink_kernel_release(nlws_sock);
                        	pr_info("socket released, module unloaded\\n");
                        }
                        """,
                        """
                        static void __exit nlws_cleanup(void)
                        {
                        	pr_info("socket released, module unloaded\\n");
                        	netlink_kernel_release(nlws_sock);
                        }
                        """,
                        "module_exit(nlws_exit);", "module_exit(nlws_cleanup);")),
                // the header's fields one statement each, in another order; NLMSG_ALIGN by remainder
                Arguments.of(8, "steps/step08-user-message/src/main/java/netlink/workshop/MessageHeader.java", List.of(
                        """
                                buffer.putInt(at + LENGTH_OFFSET, length)
                                        .putShort(at + TYPE_OFFSET, (short) type)
                                        .putShort(at + FLAGS_OFFSET, (short) flags)
                                        .putInt(at + SEQUENCE_OFFSET, sequence)
                                        .putInt(at + PID_OFFSET, pid);
                        """,
                        """
                                buffer.putInt(at + PID_OFFSET, pid);
                                buffer.putInt(at + SEQUENCE_OFFSET, sequence);
                                buffer.putShort(at + FLAGS_OFFSET, (short) (flags & 0xffff));
                                buffer.putShort(at + TYPE_OFFSET, (short) (type & 0xffff));
                                buffer.putInt(at + LENGTH_OFFSET, length);
                        """)),
                Arguments.of(8, "steps/step08-user-message/src/main/java/netlink/workshop/Nlmsg.java", List.of(
                        "        return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);",
                        "        return len % ALIGNTO == 0 ? len : len + ALIGNTO - len % ALIGNTO;")),
                // EMSGSIZE in the learner's own words, with both sizes; a 4096-byte buffer (libmnl's on x86-64)
                Arguments.of(10, "steps/step10-user-receive/src/main/java/netlink/workshop/MessageReceiver.java", List.of(
                        "    public static final int DEFAULT_BUFFER = 8192;", "    public static final int DEFAULT_BUFFER = 4096;",
                        """
                                if ((msg.msg_flags & RecvCalls.MSG_TRUNC) != 0) {
                                    throw new NetlinkException("recvmsg(fd " + socket.fd() + ")", Errno.EMSGSIZE,
                                            "reply truncated: the kernel sent " + length + " bytes but the buffer holds only "
                                            + capacity + ": receive into a buffer of at least NLMSG_SPACE(payload) bytes");
                                }
                        """,
                        """
                                int flags = msg.msg_flags;
                                if (length > capacity || (flags & RecvCalls.MSG_TRUNC) == RecvCalls.MSG_TRUNC) {
                                    throw new NetlinkException("recvmsg", Errno.EMSGSIZE,
                                            "reply truncated: " + length + " bytes sent, buffer of " + capacity);
                                }
                        """)));
    }

    @ParameterizedTest(name = "stage {0}: {1}")
    @MethodSource("correctAnswersOtherThanTheKits")
    void aCorrectAnswerOtherThanTheKitsPasses(int n, String file, List<String> replacements) throws Exception {
        Path work = Files.createTempDirectory("other-" + n + "-");
        assertThat(workshop(work, "exercise", Integer.toString(n)).exitCode()).isZero();
        assertThat(workshop(work, "solution", Integer.toString(n), "--apply").exitCode()).isZero();
        replace(work.resolve(file), replacements);

        Workshop.Result result = workshop(work, "check", Integer.toString(n));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stderr()).as(result.toString()).contains("==> check: stage " + n + ": every TODO passed");
    }

    @Test
    void stageTenWithABufferForTheReplyButNotForAnErrorFailsTodoTwo() throws Exception {
        Workshop.Result result = wrongAnswer(10,
                "steps/step10-user-receive/src/main/java/netlink/workshop/MessageReceiver.java",
                "public static final int DEFAULT_BUFFER = 8192;", "public static final int DEFAULT_BUFFER = 32;");

        assertThat(result.stdout()).as(result.toString())
                .contains("TODO 2: an NLMSG_ERROR with its extended ACK (84 bytes: the request back and the module's"
                        + " text) did not fit DEFAULT_BUFFER (32 bytes)")
                .contains("    hint: the seed reused the request's buffer");
    }

    @Test
    void stageTenReportingTheCutReplyWithEnobufsFailsTodoOneNamingBothErrnos() throws Exception {
        Workshop.Result result = wrongAnswer(10,
                "steps/step10-user-receive/src/main/java/netlink/workshop/MessageReceiver.java",
                "throw new NetlinkException(\"recvmsg(fd \" + socket.fd() + \")\", Errno.EMSGSIZE,",
                "throw new NetlinkException(\"recvmsg(fd \" + socket.fd() + \")\", Errno.ENOBUFS,");

        assertThat(result.stdout()).as(result.toString())
                .containsPattern("TODO 1: the (truncated reply|cut acknowledgement) was reported with ENOBUFS;"
                        + " expected EMSGSIZE")
                .doesNotContain("expected: 90")
                .doesNotContain("failed: ");
    }

    @Test
    void stageEightWithoutAlignmentFailsTodoTwoWithItsHint() throws Exception {
        Workshop.Result result = wrongAnswer(8, "steps/step08-user-message/src/main/java/netlink/workshop/Nlmsg.java",
                "return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);", "return len;");

        assertThat(result.stdout()).as(result.toString())
                .containsPattern("TODO 2: .*NLMSG_ALIGN")
                .contains("    hint: add ALIGNTO - 1, then clear the low bits");
    }

    @Test
    void stageNineSendingWithoutADestinationFailsTodoOne() throws Exception {
        Workshop.Result result = wrongAnswer(9, "steps/step09-user-send/src/main/java/netlink/workshop/MessageSender.java",
                "        msg.msg_name = kernel.getPointer();\n        msg.msg_namelen = kernel.size();\n", "");

        assertThat(result.stdout()).as(result.toString())
                .contains("TODO 1: the message went to the socket's connected peer")
                .contains("    hint: iov.iov_base = buffer");
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

    /** Replaces, in {@code file}, each first string of {@code pairs} by the string after it; each must be there. */
    private static void replace(Path file, List<String> pairs) throws IOException {
        String text = Files.readString(file);
        for (int i = 0; i < pairs.size(); i += 2) {
            assertThat(text).as(file.toString()).contains(pairs.get(i));
            text = text.replace(pairs.get(i), pairs.get(i + 1));
        }
        Files.writeString(file, text);
    }

    /** A compiler's message ("/path/file.c:12:5: error: ...", as check_compiler_lines reads them). */
    private static final Pattern COMPILER_MESSAGE = Pattern.compile("(?m)^/[^: ]+:\\d+(:\\d+)?: (fatal error|error|warning):");

    /** A compiler error in the skeleton is followed by the TODO it is in. */
    private static void compilerErrorsNameTheirTodo(int n, Path work, String said) {
        // Only the compiler's lines: a test's output may say 'family "nlws": error: -2' too.
        if (COMPILER_MESSAGE.matcher(said).find()) {
            assertThat(said).as("stage " + n).containsPattern("==> check: \\S+:\\d+[ :][^\n]*\\bTODO \\d+");
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
