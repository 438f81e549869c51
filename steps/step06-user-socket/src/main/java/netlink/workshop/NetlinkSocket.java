package netlink.workshop;

import com.sun.jna.LastErrorException;

/**
 * NetlinkSocket is an open {@code AF_NETLINK} socket descriptor: the userspace
 * end of the conversation (netlink(7)). Close it with try-with-resources.
 */
public final class NetlinkSocket implements AutoCloseable {
    private final int fd;
    private final int protocol;
    private boolean closed;

    private NetlinkSocket(int fd, int protocol) {
        this.fd = fd;
        this.protocol = protocol;
    }

    /**
     * Opens {@code socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)}.
     *
     * @throws NetlinkException with the cause and the fix, e.g. when no module serves the protocol
     */
    public static NetlinkSocket open(int protocol) throws NetlinkException {
        try {
            // TODO 1: open the socket: socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol), and wrap its fd
            // HINT 1: LibC.socket(...) is socket(2); it throws LastErrorException with errno on failure
            // HINT 1: return new NetlinkSocket(fd, protocol); the catch below turns errno into a one-line message
            int fd = LibC.socket(Protocol.AF_NETLINK, Protocol.SOCK_RAW | Protocol.SOCK_CLOEXEC, protocol);
            return new NetlinkSocket(fd, protocol);
            // END TODO 1
        } catch (LastErrorException e) {
            throw NetlinkException.socketFailed(protocol, e.getErrorCode());
        }
    }

    /** Returns the file descriptor. */
    public int fd() {
        return fd;
    }

    /** Returns the netlink protocol the socket talks, such as 31. */
    public int protocol() {
        return protocol;
    }

    /** Closes the descriptor (close(2)); a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            // close(2) still frees the descriptor on Linux; nothing is left to undo.
        }
    }
}
