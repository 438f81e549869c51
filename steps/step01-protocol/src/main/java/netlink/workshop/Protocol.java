package netlink.workshop;

/**
 * Protocol holds the numbers both sides of the workshop agree on.
 *
 * <p>{@link #NETLINK_WORKSHOP} mirrors {@code NETLINK_WORKSHOP} in
 * {@code kernel/include/workshop_netlink.h}, the one place it is defined;
 * {@code ProtocolHeaderTest} compiles that header with gcc and proves the two agree.
 */
public final class Protocol {
    /** NETLINK_WORKSHOP (workshop_netlink.h): our own netlink protocol number. */
    public static final int NETLINK_WORKSHOP = 31;
    /** MAX_LINKS (linux/netlink.h): netlink protocols are numbered 0 to MAX_LINKS - 1. */
    public static final int MAX_LINKS = 32;
    /** NETLINK_ROUTE (linux/netlink.h): routing and links, answered by every Linux kernel. */
    public static final int NETLINK_ROUTE = 0;

    /** AF_NETLINK (sys/socket.h): the netlink address family. */
    public static final int AF_NETLINK = 16;
    /** SOCK_RAW (sys/socket.h): netlink sockets are datagram-like; raw is the usual type. */
    public static final int SOCK_RAW = 3;
    /** SOCK_CLOEXEC (sys/socket.h): close the descriptor in programs we exec. */
    public static final int SOCK_CLOEXEC = 0x80000;

    private Protocol() {
    }

    /** Returns "socket(AF_NETLINK, SOCK_RAW, protocol)", the call as a C programmer writes it. */
    public static String socketCall(int protocol) {
        return "socket(AF_NETLINK, SOCK_RAW, " + protocol + ")";
    }
}
