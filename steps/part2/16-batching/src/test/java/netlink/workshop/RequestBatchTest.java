package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

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
        Mmsghdr entry = new Mmsghdr();
        assertThat(entry.size() + " " + entry.lengthOffset() + " " + entry.flagsOffset() + " "
                + BatchCalls.MSG_WAITFORONE).isEqualTo(c.trim());
    }

    /** An answer as the kernel writes it: nlmsghdr, then for NLMSG_ERROR the error and the request's header. */
    private static int putAnswer(ByteBuffer data, int at, int type, int seq, int error) {
        int length = type == MessageType.ERROR ? Nlmsg.HDRLEN + 4 + Nlmsg.HDRLEN : Nlmsg.length(16);
        MessageHeader.put(data, at, length, type, 0, seq, 4242);
        if (type == MessageType.ERROR) {
            data.putInt(at + Nlmsg.HDRLEN, -error);
        }
        return Nlmsg.align(length);
    }

    private BoundSocket socket;

    @AfterEach
    void closeSocket() {
        if (socket != null) {
            socket.close();
        }
    }

    private RequestBatch unsentBatch() throws Exception {
        // A socket only to construct the batch: these tests send nothing.
        socket = BoundSocket.open(Protocol.NETLINK_ROUTE);
        return new RequestBatch(socket, 32, java.time.Duration.ofSeconds(1));
    }

    @Test
    void oneErrorAmongThirtyTwoBelongsToItsRequestAlone() throws Exception {
        RequestBatch batch = unsentBatch();
        batch.expect(1000, 32, Flags.ACK);
        ByteBuffer data = ByteBuffer.allocate(64 * 1024).order(ByteOrder.nativeOrder());
        // Answers in any order, one per datagram, with a stale one from an earlier batch.
        int at = 0;
        for (int i = 31; i >= 0; i--) {
            int start = at;
            at += putAnswer(data, at, MessageType.ERROR, 1000 + i, i == 7 ? Errno.EOPNOTSUPP : 0);
            batch.absorb(data, start, at - start);
        }
        int stale = at;
        at += putAnswer(data, at, MessageType.ERROR, 999, Errno.EINVAL);
        batch.absorb(data, stale, at - stale);

        assertThat(batch.unanswered()).isZero();
        assertThat(batch.error(7)).isEqualTo(Errno.EOPNOTSUPP);
        assertThat(batch.failures()).isEqualTo(1);
        for (int i = 0; i < 32; i++) {
            assertThat(batch.answered(i)).isTrue();
        }
    }

    @Test
    void aReplyWithoutAckAnswersItsRequestAndSeveralMessagesInOneDatagramAreAllRead() throws Exception {
        RequestBatch batch = unsentBatch();
        batch.expect(1, 3, 0);
        ByteBuffer data = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        int at = putAnswer(data, 0, MessageType.WORKSHOP_REPLY, 2, 0);
        at += putAnswer(data, at, MessageType.WORKSHOP_REPLY, 1, 0);
        batch.absorb(data, 0, at);

        assertThat(batch.unanswered()).isEqualTo(1);
        assertThat(batch.replyOffset(1)).isZero();
        assertThat(batch.replyOffset(0)).isEqualTo(Nlmsg.align(Nlmsg.length(16)));
        assertThat(batch.answered(2)).isFalse();
    }

    @Test
    void withAckTheReplyWaitsForItsAck() throws Exception {
        RequestBatch batch = unsentBatch();
        batch.expect(1, 1, Flags.ACK);
        ByteBuffer data = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        int at = putAnswer(data, 0, MessageType.WORKSHOP_REPLY, 1, 0);
        batch.absorb(data, 0, at);
        assertThat(batch.answered(0)).isFalse();
        int ack = putAnswer(data, at, MessageType.ERROR, 1, 0);
        batch.absorb(data, at, ack);
        assertThat(batch.answered(0)).isTrue();
        assertThat(batch.error(0)).isZero();
        assertThat(batch.replyOffset(0)).isZero();
    }

    @Test
    void requestsAreWrittenBackToBackWithConsecutiveSequenceNumbers() throws Exception {
        RequestBatch batch = unsentBatch();
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
