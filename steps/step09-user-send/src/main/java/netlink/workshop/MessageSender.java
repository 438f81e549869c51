package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;

/**
 * MessageSender sends netlink messages from a bound socket to the kernel
 * (port 0) with sendmsg(2), as the C program does: the encoded message goes
 * into native memory, an iovec points at it, and a msghdr points at the
 * iovec and at the kernel's address.
 */
public final class MessageSender {
    private final BoundSocket socket;

    /** Creates a sender that writes through {@code socket}. */
    public MessageSender(BoundSocket socket) {
        this.socket = socket;
    }

    /**
     * Sends one message (header, payload, padding) to the kernel.
     *
     * @return the bytes sent: NLMSG_LENGTH(payload), as in the seed
     * @throws NetlinkException e.g. ECONNREFUSED from another network namespace
     */
    public int send(Message message) throws NetlinkException {
        ByteBuffer encoded = message.encode();
        Memory buffer = new Memory(encoded.capacity());
        buffer.write(0, encoded.array(), 0, encoded.capacity());
        int length = Nlmsg.length(message.payload().length);
        SockaddrNl kernel = new SockaddrNl(0);
        kernel.write();
        Iovec iov = new Iovec();
        Msghdr msg = new Msghdr();
        // TODO 1: fill the iovec and the msghdr: the message is in buffer, the destination is the kernel
        // HINT 1: iov.iov_base = buffer and iov.iov_len = length; msg.msg_iov = iov.getPointer(), msg_iovlen 1
        // HINT 1: msg.msg_name = kernel.getPointer() and msg.msg_namelen = kernel.size(): nl_pid 0 is the kernel
        // HINT 1: without msg_name a socket sends to its default peer, the kernel only until connect() names another
        // HINT 1: JNA copies a Structure to native memory on write(): call iov.write() before msg.write()
        iov.iov_base = buffer;
        iov.iov_len = length;
        iov.write();
        msg.msg_name = kernel.getPointer();
        msg.msg_namelen = kernel.size();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        // END TODO 1
        msg.write();
        while (true) {
            try {
                return (int) SendCalls.sendmsg(socket.fd(), msg.getPointer(), 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw sendFailed(e.getErrorCode());
                }
            }
        }
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
