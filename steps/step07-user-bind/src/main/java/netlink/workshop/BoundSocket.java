package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.ptr.IntByReference;

/**
 * BoundSocket is a netlink socket with its own port id, so the kernel knows
 * where to send replies. Closing it closes the socket.
 */
public final class BoundSocket implements AutoCloseable {
    /** Port id 0 in bind(): the kernel picks a free port. */
    public static final int KERNEL_PICKS = 0;

    private final NetlinkSocket socket;
    private final int portId;

    private BoundSocket(NetlinkSocket socket, int portId) {
        this.socket = socket;
        this.portId = portId;
    }

    /**
     * Binds {@code socket} to {@code portId} (bind(2) with a sockaddr_nl), then
     * reads the port back with getsockname(2): with {@link #KERNEL_PICKS} only
     * the kernel knows it until then.
     *
     * @throws NetlinkException e.g. EADDRINUSE when another socket holds the port
     */
    public static BoundSocket bind(NetlinkSocket socket, int portId) throws NetlinkException {
        String call = "bind(fd " + socket.fd() + ", nl_pid " + Integer.toUnsignedString(portId) + ")";
        SockaddrNl address = new SockaddrNl(portId);
        try {
            BindCalls.bind(socket.fd(), address, address.size());
        } catch (LastErrorException e) {
            throw new NetlinkException(call, e.getErrorCode(), bindHint(socket, portId, e.getErrorCode()));
        }
        // TODO 2: ask the kernel which port the socket got: getsockname(2) fills a sockaddr_nl
        // HINT 2: BindCalls.getsockname(fd, address, length) writes the bound address into address
        // HINT 2: pass a new SockaddrNl(0) and an IntByReference holding its size(); the port is its nl_pid
        SockaddrNl actual = new SockaddrNl(0);
        IntByReference length = new IntByReference(actual.size());
        try {
            BindCalls.getsockname(socket.fd(), actual, length);
        } catch (LastErrorException e) {
            throw new NetlinkException("getsockname(fd " + socket.fd() + ")", e.getErrorCode(),
                    "unexpected: see getsockname(2)");
        }
        return new BoundSocket(socket, actual.nl_pid);
        // END TODO 2
    }

    /** Opens a socket on {@code protocol} and binds it to a port the kernel picks. */
    public static BoundSocket open(int protocol) throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(protocol);
        try {
            // TODO 1: bind so that the kernel picks a free port, never getpid()
            // HINT 1: nl_pid 0 (KERNEL_PICKS) in bind(2) asks the kernel for a unique port
            // HINT 1: getpid() works for one socket per process only: a second one gets EADDRINUSE
            return bind(socket, KERNEL_PICKS);
            // END TODO 1
        } catch (NetlinkException e) {
            socket.close();
            throw e;
        }
    }

    private static String bindHint(NetlinkSocket socket, int portId, int errno) {
        switch (errno) {
            case Errno.EADDRINUSE:
                return "port " + Integer.toUnsignedString(portId) + " is in use by another socket on protocol "
                        + socket.protocol() + ": bind to port 0 and let the kernel pick a free one";
            case Errno.EINVAL:
                return "this socket is already bound: bind each socket once";
            case Errno.EPERM:
                return "joining multicast groups needs CAP_NET_ADMIN or a protocol that allows it";
            default:
                return "unexpected: see bind(2) and netlink(7)";
        }
    }

    /** Returns the socket. */
    public NetlinkSocket socket() {
        return socket;
    }

    /** Returns the port id the kernel knows this socket by (nl_pid). */
    public int portId() {
        return portId;
    }

    /** Returns the descriptor. */
    public int fd() {
        return socket.fd();
    }

    @Override
    public void close() {
        socket.close();
    }
}
