package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The client against the host's own kernel, on NETLINK_ROUTE: every Linux
 * kernel answers NLMSG_NOOP with an acknowledgement when NLM_F_ACK asks for one.
 */
class RouteNoopIT {
    private static final int NOOP_ACK_SIZE = Nlmsg.HDRLEN + 4 + Nlmsg.HDRLEN;

    @Test
    void noopWithAckGetsErrorZeroAndTheSameSequence() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            MessageSender sender = new MessageSender(socket);
            MessageReceiver receiver = new MessageReceiver(socket, 8192, Duration.ofSeconds(2));
            for (int seq = 1; seq <= 3; seq++) {
                assertThat(sender.send(MessageType.NOOP, Flags.REQUEST | Flags.ACK, seq, 0, new byte[0]))
                        .isEqualTo(Nlmsg.HDRLEN);
                int length = receiver.receive();

                ByteBuffer ack = receiver.buffer();
                MessageHeader header = MessageHeader.readFrom(ack, 0);
                assertThat(length).isEqualTo(NOOP_ACK_SIZE);
                assertThat(header.type()).isEqualTo(MessageType.ERROR);
                assertThat(header.sequence()).isEqualTo(seq);
                assertThat(header.pid()).isEqualTo(socket.portId());
                assertThat(ack.getInt(Nlmsg.HDRLEN)).as("nlmsgerr.error").isZero();
                assertThat(receiver.senderPort()).as("the kernel's port").isZero();
            }
        }
    }

    @Test
    void aBufferSmallerThanTheAnswerIsReportedAsTruncated() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            MessageSender sender = new MessageSender(socket);
            MessageReceiver receiver = new MessageReceiver(socket, 28, Duration.ofSeconds(2));
            sender.send(MessageType.NOOP, Flags.REQUEST | Flags.ACK, 1, 0, new byte[0]);

            assertThatThrownBy(receiver::receive).isInstanceOfSatisfying(NetlinkException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.EMSGSIZE);
                assertThat(e.getMessage()).contains("reply truncated: the kernel sent " + NOOP_ACK_SIZE
                        + " bytes but the buffer holds only 28");
            });
        }
    }

    @Test
    void noAnswerTimesOutInsteadOfWaitingForever() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            MessageSender sender = new MessageSender(socket);
            MessageReceiver receiver = new MessageReceiver(socket, 8192, Duration.ofMillis(300));
            sender.send(MessageType.NOOP, Flags.REQUEST, 1, 0, new byte[0]);
            long start = System.nanoTime();

            assertThatThrownBy(receiver::receive).isInstanceOfSatisfying(NetlinkException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
                assertThat(e.getMessage()).contains("no reply within 300 ms");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(250),
                    Duration.ofSeconds(5));
        }
    }
}
