package netlink.workshop;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * WorkshopClient is the finished userspace side of the workshop: a socket on
 * protocol 31 (stage 6), bound to a port the kernel picks (stage 7), that
 * builds (stage 8), sends (stage 9) and receives (stage 10) messages.
 */
public final class WorkshopClient implements AutoCloseable {
    /** How long a receive waits by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** The request's text. */
    public static final String HELLO = "Hello Kernel";

    private static final byte[] HELLO_PAYLOAD = CString.encode(HELLO);
    /** struct nlmsgerr: int error, then the request's nlmsghdr. */
    private static final int NLMSGERR_SIZE = 4 + Nlmsg.HDRLEN;

    private final BoundSocket socket;
    private final MessageSender sender;
    private final MessageReceiver receiver;
    private int sequence;

    private WorkshopClient(BoundSocket socket, int bufferSize, Duration timeout) throws NetlinkException {
        this.socket = socket;
        this.sender = new MessageSender(socket);
        this.receiver = new MessageReceiver(socket, bufferSize, timeout);
    }

    /** Opens a client with the default buffer and timeout. */
    public static WorkshopClient open() throws NetlinkException {
        return open(MessageReceiver.DEFAULT_BUFFER, DEFAULT_TIMEOUT);
    }

    /** Opens a client on protocol 31 whose receive buffer has {@code bufferSize} bytes. */
    public static WorkshopClient open(int bufferSize, Duration timeout) throws NetlinkException {
        BoundSocket socket = BoundSocket.open(Protocol.NETLINK_WORKSHOP);
        try {
            return new WorkshopClient(socket, bufferSize, timeout);
        } catch (NetlinkException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Returns the port id the kernel knows this client by. */
    public int portId() {
        return socket.portId();
    }

    /** Returns the descriptor. */
    public int fd() {
        return socket.fd();
    }

    /** Returns the sender, for building other messages. */
    public MessageSender sender() {
        return sender;
    }

    /** Returns the receiver, for reading raw datagrams. */
    public MessageReceiver receiver() {
        return receiver;
    }

    /**
     * Sends "Hello Kernel" with NLM_F_REQUEST and the next sequence number,
     * claiming {@code claimedPid} in nlmsg_pid.
     *
     * @return the sequence number the reply will carry
     */
    public int sendHello(int claimedPid) throws NetlinkException {
        int seq = ++sequence;
        sender.send(Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, seq, claimedPid, HELLO_PAYLOAD));
        return seq;
    }

    /**
     * Waits for the reply with sequence number {@code seq}, skipping
     * acknowledgements, stale replies to earlier requests, and datagrams
     * that another socket sent: only port 0 is the kernel, whatever a
     * header claims.
     *
     * @throws NetlinkException when the kernel answers with an error, or on timeout
     */
    public Reply receiveReply(int seq) throws NetlinkException {
        while (true) {
            Message message = receiver.receive();
            MessageHeader header = message.header();
            if (receiver.senderPort() != 0 || header.sequence() != seq) {
                continue;
            }
            if (header.type() == MessageType.ERROR && message.payload().length >= NLMSGERR_SIZE) {
                int error = message.payloadBuffer().getInt(0);
                if (error == 0) {
                    continue;
                }
                throw kernelRefused(-error, extendedAckText(message));
            }
            if (header.type() != MessageType.WORKSHOP_REPLY) {
                throw new NetlinkException("recvmsg(fd " + fd() + ")", Errno.EINVAL,
                        "expected a WORKSHOP_MSG_REPLY, got type " + MessageType.describe(header.type())
                        + ": is another module using protocol " + Protocol.NETLINK_WORKSHOP + "?");
            }
            int length = message.payload().length;
            return new Reply(header, CString.decode(message.payloadBuffer(), 0, length), Nlmsg.HDRLEN + length);
        }
    }

    /** Sends "Hello Kernel" and returns the module's reply. */
    public Reply hello() throws NetlinkException {
        return receiveReply(sendHello(portId()));
    }

    /** NLM_F_CAPPED (linux/netlink.h): the error carries the request's header only, not its payload. */
    private static final int CAPPED = 0x100;
    /** NLM_F_ACK_TLVS (linux/netlink.h): the error message carries attributes after struct nlmsgerr. */
    private static final int ACK_TLVS = 0x200;
    /** NLMSGERR_ATTR_MSG (linux/netlink.h): the kernel's text, a NUL-terminated string. */
    private static final int NLMSGERR_ATTR_MSG = 1;

    /**
     * Returns the kernel's text in an extended ACK (NLMSGERR_ATTR_MSG), or
     * null. The kernel adds one only for a socket that set NETLINK_EXT_ACK
     * (chapter 11), and only when it has something to say. The attributes,
     * NLA_ALIGN'ed {u16 nla_len, u16 nla_type, data}, follow struct nlmsgerr
     * and the echoed request: its header alone under NLM_F_CAPPED, else all of it.
     */
    static String extendedAckText(Message error) {
        int flags = error.header().flags();
        if ((flags & ACK_TLVS) == 0) {
            return null;
        }
        ByteBuffer data = error.payloadBuffer();
        int end = data.limit();
        int echoed = (flags & CAPPED) != 0 ? 0
                : Nlmsg.align(data.getInt(4 + MessageHeader.LENGTH_OFFSET)) - Nlmsg.HDRLEN;
        if (echoed < 0) {
            return null;
        }
        for (int at = NLMSGERR_SIZE + echoed; at + 4 <= end;) {
            int len = Short.toUnsignedInt(data.getShort(at));
            int kind = Short.toUnsignedInt(data.getShort(at + 2)) & 0x3fff;
            if (len < 4 || at + len > end) {
                return null;
            }
            if (kind == NLMSGERR_ATTR_MSG) {
                return CString.decode(data, at + 4, len - 4);
            }
            at += Nlmsg.align(len);
        }
        return null;
    }

    private NetlinkException kernelRefused(int errno, String kernelText) {
        String hint;
        switch (errno) {
            case Errno.EPERM:
                hint = "the module was loaded with admin_only=1 and accepts only CAP_NET_ADMIN senders:"
                        + " run as root, or reload it without admin_only";
                break;
            case Errno.EINVAL:
                hint = "the module rejected the payload: send a NUL-terminated string of at most "
                        + MessageType.WORKSHOP_PAYLOAD_MAX + " bytes";
                break;
            case Errno.EOPNOTSUPP:
                hint = "the module does not know this message type: send WORKSHOP_MSG_HELLO (0x10)";
                break;
            default:
                hint = "the module could not answer: see its lines in the kernel log (dmesg)";
        }
        return new NetlinkException("the kernel's answer (NLMSG_ERROR"
                + (kernelText == null ? "" : ", the kernel says \"" + kernelText + "\"") + ")", errno, hint);
    }

    @Override
    public void close() {
        socket.close();
    }
}
