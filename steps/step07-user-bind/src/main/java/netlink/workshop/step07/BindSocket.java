package netlink.workshop.step07;

import netlink.workshop.BindCalls;
import netlink.workshop.BoundSocket;
import netlink.workshop.NetlinkException;
import netlink.workshop.NetlinkSocket;
import netlink.workshop.Options;
import netlink.workshop.Protocol;

/**
 * BindSocket is stage 7's program. It binds one socket the seed's way, to
 * getpid(), shows that a second socket in the same process cannot do the same,
 * then binds that second socket to port 0 so the kernel picks a free port.
 */
public final class BindSocket {
    private BindSocket() {
    }

    public static void main(String[] args) {
        new Options("BindSocket", "stage 7: binds two sockets to getpid(), then lets the kernel pick a port")
                .parseOrExit(args);
        int status;
        try {
            status = run();
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    /** Binds the two sockets and closes them; returns the exit status. */
    private static int run() throws NetlinkException {
        int pid = BindCalls.getpid();
        try (NetlinkSocket one = NetlinkSocket.open(Protocol.NETLINK_WORKSHOP);
             NetlinkSocket second = NetlinkSocket.open(Protocol.NETLINK_WORKSHOP)) {
            BoundSocket first = BoundSocket.bind(one, pid);
            System.out.println("socket 1: bound to port " + first.portId() + " = getpid(), the seed's choice");
            try {
                BoundSocket.bind(second, pid);
                System.out.println("socket 2: bound to port " + pid + " as well, but the kernel should refuse a"
                        + " port in use: is this a netlink socket on protocol 31? see netlink(7)");
                return 1;
            } catch (NetlinkException e) {
                System.out.println("socket 2: " + e.getMessage());
            }
            BoundSocket picked = BoundSocket.bind(second, BoundSocket.KERNEL_PICKS);
            System.out.println("socket 2: bound with nl_pid 0; getsockname says the kernel picked port "
                    + Integer.toUnsignedString(picked.portId()));
            return 0;
        }
    }
}
