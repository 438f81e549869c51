package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A socket on the same protocol may send a datagram to our port, with any
 * header it likes (on NETLINK_ROUTE only with CAP_NET_ADMIN: netlink_sendmsg
 * checks netlink_allowed(sock, NL_CFG_F_NONROOT_SEND) for any nl_pid but 0).
 * Only the address in msg_name, which netlink_recvmsg fills from
 * NETLINK_CB(skb).portid (net/netlink/af_netlink.c), says who sent it, and
 * nl_pid 0 is the kernel. Without CAP_NET_ADMIN the forgery is refused with EPERM. A second socket forges the kernel's
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
            List<String> lines = new ArrayList<>();
            boolean forged = hasNetAdmin();
            if (forged) {
                sendForgedAck(impostor, client.portId(), seq);
            } else {
                LastErrorException e = catchThrowableOfType(() -> sendForgedAck(impostor, client.portId(), seq),
                        LastErrorException.class);
                lines.add("sendmsg to port " + Integer.toUnsignedString(client.portId()) + ": "
                        + (e == null ? "sent" : Errno.name(e.getErrorCode())) + " without CAP_NET_ADMIN");
            }
            new MessageSender(client).send(Message.of(MessageType.NOOP, Flags.REQUEST | Flags.ACK, seq, 0, new byte[0]));

            MessageReceiver receiver = new MessageReceiver(client, 8192, Duration.ofSeconds(2));
            for (int i = 0; i < (forged ? 2 : 1); i++) {
                ByteBuffer datagram = receiver.receiveDatagram();
                int length = datagram.limit();
                MessageHeader header = MessageHeader.readFrom(datagram, 0);
                int from = receiver.senderPort();
                lines.add(MessageType.describe(header.type()) + " error " + datagram.getInt(Nlmsg.HDRLEN)
                        + " seq " + header.sequence() + " pid " + (header.pid() == client.portId() ? "ours" : header.pid())
                        + ", " + length + " bytes, msg_name nl_pid " + (from == 0 ? "0: the kernel" : Integer.toUnsignedString(from)
                        + (from == impostor.portId() ? ": another socket, not the kernel" : ": unknown")));
            }
            lines.forEach(System.out::println);

            assertThat(impostor.portId()).isNotZero();
            if (!forged) {
                assertThat(lines).containsExactly(
                        "sendmsg to port " + Integer.toUnsignedString(client.portId()) + ": EPERM without CAP_NET_ADMIN",
                        "0x02 NLMSG_ERROR error 0 seq 1 pid ours, 36 bytes, msg_name nl_pid 0: the kernel");
                return;
            }
            assertThat(lines).containsExactly(
                    "0x02 NLMSG_ERROR error 0 seq 1 pid ours, 36 bytes, msg_name nl_pid " + Integer.toUnsignedString(impostor.portId())
                            + ": another socket, not the kernel",
                    "0x02 NLMSG_ERROR error 0 seq 1 pid ours, 36 bytes, msg_name nl_pid 0: the kernel");
        }
    }

    /** Whether this process's effective capabilities (CapEff in /proc/self/status) hold CAP_NET_ADMIN (12). */
    private static boolean hasNetAdmin() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return new BigInteger(line.substring(7).trim(), 16).testBit(12);
            }
        }
        throw new IllegalStateException("/proc/self/status has no CapEff line");
    }

    /** Sends, from {@code from} to port {@code to}, an NLMSG_ERROR with error 0 that looks like the kernel's ACK. */
    private static void sendForgedAck(BoundSocket from, int to, int seq) {
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
        assertThat(SendCalls.sendmsg(from.fd(), msg.getPointer(), 0)).isEqualTo(ACK_SIZE);
    }
}
