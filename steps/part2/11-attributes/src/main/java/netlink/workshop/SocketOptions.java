package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * SocketOptions sets the netlink socket options of netlink(7) at level
 * SOL_NETLINK with setsockopt(2), through stage 10's {@link RecvCalls#setsockopt},
 * and reads them back with getsockopt(2).
 */
public final class SocketOptions {
    /** SOL_NETLINK (linux/socket.h): the level of netlink's own options. */
    public static final int SOL_NETLINK = 270;
    /** NETLINK_ADD_MEMBERSHIP (linux/netlink.h): join a multicast group, by number. */
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    /** NETLINK_DROP_MEMBERSHIP (linux/netlink.h): leave a multicast group. */
    public static final int NETLINK_DROP_MEMBERSHIP = 2;
    /** NETLINK_LIST_MEMBERSHIPS (linux/netlink.h): read the groups the socket has joined, as a bit mask. */
    public static final int NETLINK_LIST_MEMBERSHIPS = 9;
    /** NETLINK_NO_ENOBUFS (linux/netlink.h): do not report a full receive queue as ENOBUFS. */
    public static final int NETLINK_NO_ENOBUFS = 5;
    /** NETLINK_CAP_ACK (linux/netlink.h): an error does not copy the whole request back, only its header. */
    public static final int NETLINK_CAP_ACK = 10;
    /** NETLINK_EXT_ACK (linux/netlink.h): errors carry NLMSGERR_ATTR_* attributes (message, offset...). */
    public static final int NETLINK_EXT_ACK = 11;
    /** NETLINK_GET_STRICT_CHK (linux/netlink.h): ask rtnetlink to check dump requests strictly. */
    public static final int NETLINK_GET_STRICT_CHK = 12;

    /** ENOPROTOOPT (errno.h): the kernel knows no such option; not in stage 1's Errno. */
    public static final int ENOPROTOOPT = 92;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private SocketOptions() {
    }

    /** getsockopt(2): {@code int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen)}. */
    private static native int getsockopt(int fd, int level, int optname, Pointer optval, Pointer optlen)
            throws LastErrorException;

    /**
     * Reads up to {@code length} bytes of an option: getsockopt(fd, SOL_NETLINK,
     * option, value, &amp;length). Returns the bytes the kernel wrote, in native byte order.
     */
    public static ByteBuffer get(BoundSocket socket, int option, int length, String name) throws NetlinkException {
        Memory value = new Memory(length);
        value.clear();
        Memory size = new Memory(4);
        size.setInt(0, length);
        try {
            getsockopt(socket.fd(), SOL_NETLINK, option, value, size);
        } catch (LastErrorException e) {
            throw new NetlinkException("getsockopt(fd " + socket.fd() + ", SOL_NETLINK, " + name + ")",
                    e.getErrorCode(), e.getErrorCode() == ENOPROTOOPT
                    ? "this kernel does not know " + name + ": it needs a newer kernel (see netlink(7))"
                    : "unexpected: see netlink(7)");
        }
        return ByteBuffer.wrap(value.getByteArray(0, Math.min(length, size.getInt(0)))).order(ByteOrder.nativeOrder());
    }

    /** Reads an int option, such as NETLINK_EXT_ACK (1: on, 0: off). */
    public static int get(BoundSocket socket, int option, String name) throws NetlinkException {
        return get(socket, option, 4, name).getInt(0);
    }

    /** setsockopt(fd, SOL_NETLINK, option, &amp;value, sizeof(int)). */
    public static void set(BoundSocket socket, int option, int value, String name) throws NetlinkException {
        Memory optval = new Memory(4);
        optval.setInt(0, value);
        try {
            RecvCalls.setsockopt(socket.fd(), SOL_NETLINK, option, optval, 4);
        } catch (LastErrorException e) {
            String hint = e.getErrorCode() == ENOPROTOOPT
                    ? "this kernel does not know " + name + ": it needs a newer kernel (see netlink(7))"
                    : e.getErrorCode() == Errno.EPERM
                    ? "joining this group needs a capability the sender lacks (the family's group flags)"
                    : e.getErrorCode() == Errno.EINVAL
                    ? "the value is out of range: for a group, the family has no such group id"
                    : "unexpected: see netlink(7)";
            throw new NetlinkException("setsockopt(fd " + socket.fd() + ", SOL_NETLINK, " + name + ", " + value + ")",
                    e.getErrorCode(), hint);
        }
    }

    /**
     * Turns on extended ACKs: NETLINK_EXT_ACK (errors say what was wrong and
     * where) and NETLINK_CAP_ACK (errors do not echo the whole request).
     */
    public static void enableExtendedAck(BoundSocket socket) throws NetlinkException {
        // TODO 4: turn on NETLINK_EXT_ACK, so that the kernel's refusals carry its message and the offset
        // HINT 4: set(socket, option, 1, "NAME") is setsockopt(fd, SOL_NETLINK, option, &one, sizeof(one))
        set(socket, NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
        // END TODO 4
        set(socket, NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
    }
}
