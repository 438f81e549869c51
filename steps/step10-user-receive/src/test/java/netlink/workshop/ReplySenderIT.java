package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Any socket on the same protocol may send a datagram to our port, with any
 * header it likes: only the address in msg_name, which netlink_recvmsg fills
 * from NETLINK_CB(skb).portid (net/netlink/af_netlink.c), says who sent it,
 * and nl_pid 0 is the kernel. A second socket forges the kernel's
 * acknowledgement (NLMSG_ERROR, error 0, our sequence number and port id)
 * before the real one arrives; {@link MessageReceiver#senderPort()} tells them apart.
 */
class ReplySenderIT {
    private static final int ACK_SIZE = Nlmsg.HDRLEN + 4 + Nlmsg.HDRLEN;

    @Test
    void onlyAReplyFromPortZeroIsTheKernels() throws Exception {
        try (BoundSocket client = BoundSocket.open(Protocol.NETLINK_ROUTE);
                BoundSocket impostor = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            int seq = 1;
            sendForgedAck(impostor, client.portId(), seq);
            new MessageSender(client).send(MessageType.NOOP, Flags.REQUEST | Flags.ACK, seq, 0, new byte[0]);

            MessageReceiver receiver = new MessageReceiver(client, 8192, Duration.ofSeconds(2));
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int length = receiver.receive();
                MessageHeader header = MessageHeader.readFrom(receiver.buffer(), 0);
                int from = receiver.senderPort();
                lines.add(MessageType.describe(header.type()) + " error " + receiver.buffer().getInt(Nlmsg.HDRLEN)
                        + " seq " + header.sequence() + " pid " + (header.pid() == client.portId() ? "ours" : header.pid())
                        + ", " + length + " bytes, msg_name nl_pid " + (from == 0 ? "0: the kernel" : Integer.toUnsignedString(from)
                        + (from == impostor.portId() ? ": another socket, not the kernel" : ": unknown")));
            }
            lines.forEach(System.out::println);

            assertThat(impostor.portId()).isNotZero();
            assertThat(lines).containsExactly(
                    "0x02 NLMSG_ERROR error 0 seq 1 pid ours, 36 bytes, msg_name nl_pid " + Integer.toUnsignedString(impostor.portId())
                            + ": another socket, not the kernel",
                    "0x02 NLMSG_ERROR error 0 seq 1 pid ours, 36 bytes, msg_name nl_pid 0: the kernel");
        }
    }

    /** Sends, from {@code from} to port {@code to}, an NLMSG_ERROR with error 0 that looks like the kernel's ACK. */
    private static void sendForgedAck(BoundSocket from, int to, int seq) throws Exception {
        Memory message = new Memory(ACK_SIZE);
        ByteBuffer bytes = message.getByteBuffer(0, ACK_SIZE).order(ByteOrder.nativeOrder());
        bytes.putInt(0, ACK_SIZE).putShort(4, (short) MessageType.ERROR).putShort(6, (short) 0)
                .putInt(8, seq).putInt(12, to) // the header says: an answer to our seq, for our port
                .putInt(16, 0) // error 0: an acknowledgement
                .putInt(20, Nlmsg.HDRLEN).putShort(24, (short) MessageType.NOOP)
                .putShort(26, (short) (Flags.REQUEST | Flags.ACK)).putInt(28, seq).putInt(32, 0);
        SockaddrNl destination = new SockaddrNl(to);
        destination.write();
        Iovec iov = new Iovec();
        iov.iov_base = message;
        iov.iov_len = ACK_SIZE;
        iov.write();
        Msghdr msg = new Msghdr();
        msg.msg_name = destination.getPointer();
        msg.msg_namelen = destination.size();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        msg.write();
        assertThat(SendCalls.sendmsg(from.fd(), Pointer.nativeValue(msg.getPointer()), 0)).isEqualTo(ACK_SIZE);
    }
}
