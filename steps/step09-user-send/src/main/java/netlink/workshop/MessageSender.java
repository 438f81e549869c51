package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * MessageSender sends netlink messages from a bound socket to the kernel
 * (port 0) with sendmsg(2). The address, iovec, msghdr and message buffer are
 * allocated once, so a send allocates nothing on the Java heap and makes one
 * native call: sendmsg itself (see docs/en/performance.md).
 */
public final class MessageSender {
    /** The largest message this sender builds, header included. */
    public static final int CAPACITY = 64 * 1024;

    private final BoundSocket socket;
    private final Memory buffer = new Memory(CAPACITY);
    private final ByteBuffer bytes = buffer.getByteBuffer(0, CAPACITY).order(ByteOrder.nativeOrder());
    private final SockaddrNl kernel = new SockaddrNl(0);
    private final Iovec iov = new Iovec();
    private final Msghdr msg = new Msghdr();
    private final long msgAddress;
    private final ByteBuffer iovFields;
    private final int iovLengthOffset;

    /** Creates a sender that writes through {@code socket}. */
    public MessageSender(BoundSocket socket) {
        this.socket = socket;
        kernel.write();
        // TODO 1: fill the iovec and the msghdr: the message is in buffer, the destination is the kernel
        // HINT 1: iov.iov_base = buffer (iov_len is set per send); msg.msg_iov = iov.getPointer(), msg_iovlen 1
        // HINT 1: msg.msg_name = kernel.getPointer() and msg.msg_namelen = kernel.size(): nl_pid 0 is the kernel
        // HINT 1: without msg_name a socket sends to its default peer, the kernel only until connect() names another
        // HINT 1: JNA copies a Structure to native memory on write(): call iov.write() before msg.write()
        iov.iov_base = buffer;
        iov.write();
        msg.msg_name = kernel.getPointer();
        msg.msg_namelen = kernel.size();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        // END TODO 1
        msg.write();
        msgAddress = Pointer.nativeValue(msg.getPointer());
        iovFields = iov.getPointer().getByteBuffer(0, iov.size()).order(ByteOrder.nativeOrder());
        iovLengthOffset = iov.lengthOffset();
    }

    /** Returns the socket this sender writes through. */
    public BoundSocket socket() {
        return socket;
    }

    /**
     * Builds one message (header, payload, padding) and sends it to the kernel.
     *
     * @return the bytes sent: nlmsg_len, as in the seed
     * @throws NetlinkException e.g. ECONNREFUSED from another network namespace
     */
    public int send(int type, int flags, int sequence, int pid, byte[] payload) throws NetlinkException {
        int length = Nlmsg.length(payload.length);
        if (Nlmsg.align(length) > CAPACITY) {
            throw new NetlinkException("sendmsg", Errno.EMSGSIZE,
                    "a " + length + "-byte message does not fit the sender's " + CAPACITY + "-byte buffer");
        }
        MessageHeader.put(bytes, 0, length, type, flags, sequence, pid);
        bytes.put(Nlmsg.HDRLEN, payload);
        for (int at = length; at < Nlmsg.align(length); at++) {
            bytes.put(at, (byte) 0);
        }
        return sendBuffer(length);
    }

    /** Sends the first {@code length} bytes of {@link #buffer()} as they are. */
    public int sendBuffer(int length) throws NetlinkException {
        // A ByteBuffer store, not Pointer.setLong: that is a JNI call per send.
        iovFields.putLong(iovLengthOffset, length);
        while (true) {
            try {
                return (int) SendCalls.sendmsg(socket.fd(), msgAddress, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw sendFailed(e.getErrorCode());
                }
            }
        }
    }

    /** Returns the native send buffer as a ByteBuffer in native byte order, to build messages in place. */
    public ByteBuffer buffer() {
        return bytes;
    }

    private NetlinkException sendFailed(int errno) {
        String hint;
        switch (errno) {
            case Errno.ECONNREFUSED:
                hint = "no kernel socket on protocol " + socket.socket().protocol()
                        + " in this network namespace: the module's socket lives in the first one"
                        + " (init_net); run the program there, not under unshare -n or in a container";
                break;
            case Errno.EAGAIN:
            case Errno.ENOBUFS:
                hint = "the kernel could not queue the message: retry later";
                break;
            case Errno.EMSGSIZE:
                hint = "the message is larger than the socket's send buffer (SO_SNDBUF)";
                break;
            case Errno.EPERM:
                hint = "the kernel refused this sender: see the module's admin_only parameter";
                break;
            default:
                hint = "unexpected: see sendmsg(2) and netlink(7)";
        }
        return new NetlinkException("sendmsg(fd " + socket.fd() + ", to port 0)", errno, hint);
    }
}
