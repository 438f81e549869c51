package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Structure;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RequestBatch without a kernel: the layout of struct mmsghdr, and answers matched to requests. */
class RequestBatchTest {
    @Test
    void todo1AnAnswerIsMatchedToItsRequestBySequenceNumber() {
        assertThat(RequestBatch.requestIndex(105, 100, 32))
                .as("TODO 1 in RequestBatch.requestIndex: the answer with seq 105 belongs to request 5 of a batch"
                        + " numbered from 100")
                .isEqualTo(5);
        assertThat(RequestBatch.requestIndex(100, 100, 32)).as("TODO 1: the first request").isZero();
        assertThat(RequestBatch.requestIndex(131, 100, 32)).as("TODO 1: the last of 32").isEqualTo(31);
        assertThat(RequestBatch.requestIndex(132, 100, 32)).as("TODO 1: one past the batch is stale").isEqualTo(-1);
        assertThat(RequestBatch.requestIndex(99, 100, 32)).as("TODO 1: an earlier batch's answer is stale")
                .isEqualTo(-1);
    }

    @Test
    void mmsghdrHasTheLayoutOfTheCLibrary() throws Exception {
        String c = CProgram.run("""
                #define _GNU_SOURCE
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/socket.h>
                int main(void)
                {
                	printf("%zu %zu %zu %d\\n", sizeof(struct mmsghdr), offsetof(struct mmsghdr, msg_len),
                	       offsetof(struct mmsghdr, msg_hdr.msg_flags), MSG_WAITFORONE);
                	return 0;
                }
                """);
        Mmsghdr length = new Mmsghdr();
        length.msg_len = MARKER;
        Mmsghdr flags = new Mmsghdr();
        flags.msg_hdr.msg_flags = MARKER;
        assertThat(length.size() + " " + offsetOf(length) + " " + offsetOf(flags) + " "
                + BatchCalls.MSG_WAITFORONE).isEqualTo(c.trim());
    }

    /** A value no other field holds: where write() puts it is its field's offset. */
    private static final int MARKER = 0x5a5a_a5a5;

    private static int offsetOf(Structure structure) {
        structure.write();
        for (int at = 0; at + 4 <= structure.size(); at += 4) {
            if (structure.getPointer().getInt(at) == MARKER) {
                return at;
            }
        }
        return -1;
    }

    /** Answers as the kernel writes them, in one datagram: nlmsghdr, then for NLMSG_ERROR the error and the request's header. */
    private static ByteBuffer datagram(int[]... answers) {
        ByteBuffer data = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        int at = 0;
        for (int[] answer : answers) {
            int type = answer[0];
            int length = type == MessageType.ERROR ? Nlmsg.HDRLEN + 4 + Nlmsg.HDRLEN : Nlmsg.length(16);
            new MessageHeader(length, type, 0, answer[1], 4242).writeTo(data, at);
            if (type == MessageType.ERROR) {
                data.putInt(at + Nlmsg.HDRLEN, -answer[2]);
            }
            at += Nlmsg.align(length);
        }
        return data.limit(at);
    }

    private static int[] answer(int type, int seq, int error) {
        return new int[] {type, seq, error};
    }

    private BoundSocket socket;

    @AfterEach
    void closeSocket() {
        if (socket != null) {
            socket.close();
        }
    }

    /** A batch of {@code n} NOOP requests with {@code flags}, not sent: a socket only to construct it. */
    private RequestBatch unsentBatch(int n, int flags) throws Exception {
        socket = BoundSocket.open(Protocol.NETLINK_ROUTE);
        RequestBatch batch = new RequestBatch(socket, 32, java.time.Duration.ofSeconds(1));
        for (int i = 0; i < n; i++) {
            batch.add(MessageType.NOOP, flags, new byte[0]);
        }
        return batch;
    }

    @Test
    void oneErrorAmongThirtyTwoBelongsToItsRequestAlone() throws Exception {
        RequestBatch batch = unsentBatch(32, Flags.ACK);
        int first = batch.sequence(0);
        // Answers in any order, one per datagram, with a stale one from an earlier batch.
        for (int i = 31; i >= 0; i--) {
            batch.absorb(datagram(answer(MessageType.ERROR, first + i, i == 7 ? Errno.EOPNOTSUPP : 0)));
        }
        batch.absorb(datagram(answer(MessageType.ERROR, first - 1, Errno.EINVAL)));

        assertThat(batch.unanswered()).isZero();
        assertThat(batch.error(7)).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(batch.failures()).isEqualTo(1);
        for (int i = 0; i < 32; i++) {
            assertThat(batch.answered(i)).isTrue();
        }
    }

    @Test
    void aReplyWithoutAckAnswersItsRequestAndSeveralMessagesInOneDatagramAreAllRead() throws Exception {
        RequestBatch batch = unsentBatch(3, 0);
        int first = batch.sequence(0);
        batch.absorb(datagram(answer(MessageType.WORKSHOP_REPLY, first + 1, 0),
                answer(MessageType.WORKSHOP_REPLY, first, 0)));

        assertThat(batch.unanswered()).isEqualTo(1);
        assertThat(batch.reply(1).header().sequence()).isEqualTo(first + 1);
        assertThat(batch.reply(0).header().sequence()).isEqualTo(first);
        assertThat(batch.reply(0).payload()).hasSize(16);
        assertThat(batch.answered(2)).isFalse();
        assertThat(batch.reply(2)).isNull();
    }

    @Test
    void withAckTheReplyWaitsForItsAck() throws Exception {
        RequestBatch batch = unsentBatch(1, Flags.ACK);
        int seq = batch.sequence(0);
        batch.absorb(datagram(answer(MessageType.WORKSHOP_REPLY, seq, 0)));
        assertThat(batch.answered(0)).isFalse();
        batch.absorb(datagram(answer(MessageType.ERROR, seq, 0)));
        assertThat(batch.answered(0)).isTrue();
        assertThat(batch.error(0)).isZero();
        assertThat(batch.reply(0).header().type()).isEqualTo(MessageType.WORKSHOP_REPLY);
    }

    @Test
    void requestsAreWrittenBackToBackWithConsecutiveSequenceNumbers() throws Exception {
        RequestBatch batch = unsentBatch(0, 0);
        byte[] payload = CString.encode("Hello Kernel");
        for (int i = 0; i < 32; i++) {
            assertThat(batch.add(MessageType.WORKSHOP_HELLO, 0, payload)).isEqualTo(i);
        }
        assertThat(batch.datagramLength()).isEqualTo(32 * Nlmsg.space(payload.length));
        assertThat(batch.sequence(31) - batch.sequence(0)).isEqualTo(31);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> batch.add(MessageType.WORKSHOP_HELLO, 0, payload))
                .isInstanceOf(NetlinkException.class).hasMessageContaining("the batch holds 32 requests");
    }
}
