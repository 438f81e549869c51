package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** RecvCalls binds stage 10's C calls with JNA direct mapping: recvmsg(2) and setsockopt(2). */
public final class RecvCalls {
    /** SOL_SOCKET (sys/socket.h): socket-level options. */
    public static final int SOL_SOCKET = 1;
    /** SO_RCVTIMEO (asm/socket.h): how long a receive may block. */
    public static final int SO_RCVTIMEO = 20;
    /** MSG_TRUNC (sys/socket.h): in flags, return the real datagram size; in msg_flags, it was cut. */
    public static final int MSG_TRUNC = 0x20;
    /** MSG_DONTWAIT (sys/socket.h): fail with EAGAIN at once instead of waiting. */
    public static final int MSG_DONTWAIT = 0x40;
    /** SOL_NETLINK (linux/socket.h): netlink's own socket options. */
    public static final int SOL_NETLINK = 270;
    /** NETLINK_CAP_ACK (linux/netlink.h): an error carries the request's header only, not its payload. */
    public static final int NETLINK_CAP_ACK = 10;
    /** NETLINK_EXT_ACK (linux/netlink.h): an error carries the kernel's text (NL_SET_ERR_MSG) as attributes. */
    public static final int NETLINK_EXT_ACK = 11;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private RecvCalls() {
    }

    /** recvmsg(2): {@code ssize_t recvmsg(int fd, struct msghdr *msg, int flags)}. */
    public static native long recvmsg(int fd, Pointer msg, int flags) throws LastErrorException;

    /** setsockopt(2): {@code int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)}. */
    public static native int setsockopt(int fd, int level, int optname, Pointer optval, int optlen)
            throws LastErrorException;
}
