package netlink.workshop.step09;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.Memory;
import netlink.workshop.BoundSocket;
import netlink.workshop.CString;
import netlink.workshop.Errno;
import netlink.workshop.Flags;
import netlink.workshop.Message;
import netlink.workshop.MessageSender;
import netlink.workshop.MessageType;
import netlink.workshop.NetlinkException;
import netlink.workshop.Protocol;
import netlink.workshop.SockaddrNl;

/**
 * DestinationProbe shows where stage 9's sender sends: socket A is
 * connect()ed to socket B, so that a sendmsg without msg_name goes to B (a
 * socket's default destination), and only one that names the kernel
 * (nl_pid 0) reaches the module. It prints what A sent and what B got;
 * Stage09IT reads those lines and the module's log.
 */
public final class DestinationProbe {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private DestinationProbe() {
    }

    /** MSG_DONTWAIT (sys/socket.h): fail with EAGAIN at once instead of waiting. */
    private static final int MSG_DONTWAIT = 0x40;

    /** connect(2): {@code int connect(int fd, const struct sockaddr *addr, socklen_t len)}. */
    private static native int connect(int fd, Pointer addr, int len) throws LastErrorException;

    /** recv(2): {@code ssize_t recv(int fd, void *buf, size_t len, int flags)}. */
    private static native long recv(int fd, Pointer buf, long len, int flags) throws LastErrorException;

    public static void main(String[] args) throws NetlinkException {
        try (BoundSocket a = BoundSocket.open(Protocol.NETLINK_WORKSHOP);
             BoundSocket b = BoundSocket.open(Protocol.NETLINK_WORKSHOP)) {
            SockaddrNl peer = new SockaddrNl(b.portId());
            peer.write();
            connect(a.fd(), peer.getPointer(), peer.size());
            System.out.println("probe: socket A, port " + Integer.toUnsignedString(a.portId())
                    + ", connected to socket B, port " + Integer.toUnsignedString(b.portId()));
            try {
                int sent = new MessageSender(a).send(Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, 1,
                        a.portId(), CString.encode("Hello Kernel")));
                System.out.println("probe: A sent " + sent + " bytes");
            } catch (NetlinkException e) {
                System.out.println("probe: A's send failed: " + e.getMessage());
            }
            // A unicast is queued to its receiver before sendmsg returns: nothing to wait for.
            Memory datagram = new Memory(8192);
            try {
                long got = recv(b.fd(), datagram, datagram.size(), MSG_DONTWAIT);
                System.out.println("probe: B received " + got + " bytes");
            } catch (LastErrorException e) {
                System.out.println("probe: B received nothing (" + Errno.name(e.getErrorCode()) + ")");
            }
        }
    }
}
