package netlink.workshop.bench;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import netlink.workshop.BoundSocket;
import netlink.workshop.Flags;
import netlink.workshop.MessageHeader;
import netlink.workshop.MessageType;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.Protocol;

/**
 * BatchLoops runs FastBatch's own Java work for a batch of 32 NOOP
 * requests (renumbering them, then matching 32 prepared acks to them) with no
 * system call and no JNA call: what the batch's loops cost when they run warm,
 * for the bench's ladder. It lives in the batch's package to reach
 * {@code FastBatch.expect} and {@code absorb}.
 */
public final class BatchLoops implements AutoCloseable {
    private static final int ACK_LENGTH = Nlmsg.HDRLEN + 4 + Nlmsg.HDRLEN;
    private static final int SLOT = FastBatch.DEFAULT_SLOT;

    private final BoundSocket socket;
    private final FastBatch batch;
    private final int size;
    private final ByteBuffer acks;

    /** A batch of {@code size} NOOP requests with NLM_F_ACK; its socket only constructs it. */
    public BatchLoops(int size) throws NetlinkException {
        this.size = size;
        socket = BoundSocket.open(Protocol.NETLINK_ROUTE);
        batch = new FastBatch(socket, size, Duration.ofSeconds(1));
        for (int i = 0; i < size; i++) {
            batch.add(MessageType.NOOP, Flags.ACK, new byte[0]);
        }
        acks = ByteBuffer.allocateDirect(size * SLOT).order(ByteOrder.nativeOrder());
        for (int i = 0; i < size; i++) {
            FastClient.putHeader(acks, i * SLOT, ACK_LENGTH, MessageType.ERROR, 0, 0, socket.portId());
        }
    }

    /** One batch's Java work: renumber, then match an ack per request as the kernel would send it. */
    public void once() {
        batch.renumber();
        int first = batch.sequence(0);
        batch.expect(first, size, Flags.ACK);
        for (int i = 0; i < size; i++) {
            // The kernel writes each ack's sequence number; here this loop does.
            acks.putInt(i * SLOT + MessageHeader.SEQUENCE_OFFSET, first + i);
            batch.absorb(acks, i * SLOT, ACK_LENGTH);
        }
        if (batch.unanswered() != 0 || batch.failures() != 0) {
            throw new IllegalStateException("BatchLoops: the prepared acks did not answer the batch");
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
