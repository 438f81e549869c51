package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * MessageReceiver receives datagrams on a bound socket with recvmsg(2). It
 * never waits forever (SO_RCVTIMEO), and it reports a datagram cut short by a
 * small buffer (MSG_TRUNC) instead of handing back half a message. Each
 * receive fills a msghdr as stage 9's sender does: an iovec over a buffer of
 * {@code capacity} bytes, and a sockaddr_nl for the sender's address.
 */
public final class MessageReceiver {
    // TODO 2: choose the receive buffer's size: room for any reply, not just for the request
    // HINT 2: the seed reused the request's buffer: a 28-byte buffer cannot hold the 32-byte reply
    // HINT 2: an NLMSG_ERROR is longer than the reply: it carries the request back (52 bytes), and more with extended ACKs
    // HINT 2: libmnl's MNL_SOCKET_BUFFER_SIZE is the page size up to 8192 (4096 on x86-64); the kit uses 8192
    /** A receive buffer that fits any message the workshop module sends, and then some. */
    public static final int DEFAULT_BUFFER = 8192;
    // END TODO 2

    private final BoundSocket socket;
    private final int capacity;
    private final long timeoutMillis;
    private int senderPort;

    /**
     * Creates a receiver with a {@code capacity}-byte buffer whose receives give
     * up after {@code timeout}.
     */
    public MessageReceiver(BoundSocket socket, int capacity, Duration timeout) throws NetlinkException {
        this.socket = socket;
        this.capacity = capacity;
        this.timeoutMillis = timeout.toMillis();
        setTimeout(timeout);
    }

    private void setTimeout(Duration timeout) throws NetlinkException {
        Memory timeval = new Memory(16);
        timeval.setLong(0, timeout.toSeconds());
        timeval.setLong(8, timeout.toMillisPart() * 1000L);
        try {
            RecvCalls.setsockopt(socket.fd(), RecvCalls.SOL_SOCKET, RecvCalls.SO_RCVTIMEO, timeval, 16);
        } catch (LastErrorException e) {
            throw new NetlinkException("setsockopt(SO_RCVTIMEO)", e.getErrorCode(), "unexpected: see socket(7)");
        }
    }

    /**
     * Receives the next datagram and returns its first message: a reply, an
     * acknowledgement or an error, which the kernel sends one to a datagram
     * (a dump's datagrams hold several: see {@link #receiveDatagram()}).
     *
     * @throws NetlinkException EAGAIN when nothing came in time, EMSGSIZE when
     *     the datagram was longer than the buffer, ENOBUFS when the kernel dropped messages
     */
    public Message receive() throws NetlinkException {
        ByteBuffer datagram = receiveDatagram();
        if (datagram.limit() < Nlmsg.HDRLEN) {
            throw new NetlinkException("recvmsg(fd " + socket.fd() + ")", Errno.EINVAL, "a " + datagram.limit()
                    + "-byte datagram is too short for a netlink header (" + Nlmsg.HDRLEN + " bytes)");
        }
        MessageHeader header = MessageHeader.readFrom(datagram, 0);
        int end = Math.min(Math.max(header.length(), Nlmsg.HDRLEN), datagram.limit());
        byte[] payload = new byte[end - Nlmsg.HDRLEN];
        datagram.get(Nlmsg.HDRLEN, payload);
        return new Message(header, payload);
    }

    /**
     * Receives one datagram, all the messages one sendmsg() put in it.
     *
     * @return its bytes in native byte order; its limit is its length
     * @throws NetlinkException as {@link #receive()}
     */
    public ByteBuffer receiveDatagram() throws NetlinkException {
        Memory buffer = new Memory(capacity);
        SockaddrNl from = new SockaddrNl(0);
        Iovec iov = new Iovec();
        iov.iov_base = buffer;
        iov.iov_len = capacity;
        iov.write();
        Msghdr msg = new Msghdr();
        msg.msg_name = from.getPointer();
        msg.msg_namelen = from.size();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        msg.write();
        long length;
        while (true) {
            try {
                length = RecvCalls.recvmsg(socket.fd(), msg.getPointer(), RecvCalls.MSG_TRUNC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw receiveFailed(e.getErrorCode());
                }
            }
        }
        // recvmsg wrote msg_flags and the sender's address: copy them back into the Java fields.
        msg.read();
        from.read();
        senderPort = from.nl_pid;
        // TODO 1: a datagram cut to fit the buffer is an error: check msg_flags for MSG_TRUNC
        // HINT 1: the kernel sets MSG_TRUNC in msghdr.msg_flags when it cut the datagram
        // HINT 1: msg.msg_flags holds it after msg.read(); throw a NetlinkException with Errno.EMSGSIZE
        // HINT 1: with MSG_TRUNC passed, length is the datagram's real size: give it and capacity in the message
        if ((msg.msg_flags & RecvCalls.MSG_TRUNC) != 0) {
            throw new NetlinkException("recvmsg(fd " + socket.fd() + ")", Errno.EMSGSIZE,
                    "reply truncated: the kernel sent " + length + " bytes but the buffer holds only "
                    + capacity + ": receive into a buffer of at least NLMSG_SPACE(payload) bytes");
        }
        // END TODO 1
        byte[] bytes = buffer.getByteArray(0, (int) Math.min(length, capacity));
        return ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
    }

    /** Returns the port id the last datagram came from: 0 is the kernel, any other a socket. */
    public int senderPort() {
        return senderPort;
    }

    /**
     * Reads and drops every datagram already queued, without waiting. After
     * ENOBUFS the kernel drops every new message for this socket until its
     * queue has been read empty (netlink_rcv_wake() in af_netlink.c), so a
     * client that wants to go on calls this before it sends again.
     *
     * @return how many datagrams were dropped
     */
    public int discardQueued() throws NetlinkException {
        Memory buffer = new Memory(capacity);
        Iovec iov = new Iovec();
        iov.iov_base = buffer;
        iov.iov_len = capacity;
        iov.write();
        Msghdr msg = new Msghdr();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        msg.write();
        int dropped = 0;
        while (true) {
            try {
                RecvCalls.recvmsg(socket.fd(), msg.getPointer(), RecvCalls.MSG_DONTWAIT | RecvCalls.MSG_TRUNC);
                dropped++;
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case Errno.EAGAIN:
                        return dropped;
                    case Errno.EINTR:
                    case Errno.ENOBUFS:
                        continue;
                    default:
                        throw receiveFailed(e.getErrorCode());
                }
            }
        }
    }

    private NetlinkException receiveFailed(int errno) {
        String call = "recvmsg(fd " + socket.fd() + ")";
        switch (errno) {
            case Errno.EAGAIN:
                return new NetlinkException(call, errno, "no reply within " + timeoutMillis
                        + " ms: is the module loaded, and does this stage's module reply? (stage 4 adds the reply)");
            case Errno.ENOBUFS:
                return new NetlinkException(call, errno, "the socket's receive queue overflowed and the kernel"
                        + " dropped messages, and drops new ones until the queue is read empty:"
                        + " read replies as fast as you send them (discardQueued() to go on), or raise SO_RCVBUF");
            default:
                return new NetlinkException(call, errno, "unexpected: see recvmsg(2) and netlink(7)");
        }
    }
}
