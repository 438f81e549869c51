package netlink.workshop.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import netlink.workshop.BoundSocket;
import netlink.workshop.Flags;
import netlink.workshop.MessageHeader;
import netlink.workshop.MessageType;
import netlink.workshop.Nlmsg;
import netlink.workshop.Protocol;
import org.junit.jupiter.api.Test;

/**
 * The fast path against the host's own kernel, on NETLINK_ROUTE: FastClient
 * and FastBatch get their acknowledgements, and in steady state allocate
 * nothing on the Java heap, which is what they are for.
 */
class FastPathIT {
    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final int ACK_LENGTH = Nlmsg.HDRLEN + 4 + Nlmsg.HDRLEN;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private interface Round {
        void run() throws Exception;
    }

    /** The fewest heap bytes one of 20 rounds allocated (the JIT may allocate in a round or two). */
    private static long fewestBytes(Round round) throws Exception {
        long fewest = Long.MAX_VALUE;
        for (int i = 0; i < 20 && fewest != 0; i++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            round.run();
            fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }

    @Test
    void aFastRoundTripGetsItsAckAndAllocatesNothing() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            FastClient client = new FastClient(socket, 8192, Duration.ofSeconds(2));
            ByteBuffer ack = client.received();
            int[] seq = {0};
            long fewest = fewestBytes(() -> {
                for (int i = 0; i < 2000; i++) {
                    int s = ++seq[0];
                    client.send(MessageType.NOOP, Flags.REQUEST | Flags.ACK, s, 0, NO_PAYLOAD);
                    // No assertThat here: AssertJ's own objects would be counted.
                    if (client.receive() != ACK_LENGTH || ack.getInt(MessageHeader.SEQUENCE_OFFSET) != s
                            || ack.getInt(Nlmsg.HDRLEN) != 0) {
                        throw new AssertionError("bad ack for seq " + s);
                    }
                }
            });
            assertThat(fewest).as("heap bytes in the best round of 2000 round trips").isZero();
        }
    }

    @Test
    void aFastBatchGetsEveryAckAndAllocatesNothing() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            FastBatch batch = new FastBatch(socket, 32, Duration.ofSeconds(2));
            long fewest = fewestBytes(() -> {
                for (int b = 0; b < 200; b++) {
                    batch.clear();
                    for (int i = 0; i < 32; i++) {
                        batch.add(MessageType.NOOP, Flags.ACK, NO_PAYLOAD);
                    }
                    batch.exchange();
                    if (batch.failures() != 0 || batch.unanswered() != 0) {
                        throw new AssertionError("a NOOP failed");
                    }
                }
            });
            assertThat(fewest).as("heap bytes in the best round of 200 batches of 32").isZero();
        }
    }

    @Test
    void batchLoopsMatchTheirPreparedAcks() throws Exception {
        try (BatchLoops loops = new BatchLoops(32)) {
            loops.once();
            assertThat(fewestBytes(() -> loops.once())).isZero();
        }
    }
}
