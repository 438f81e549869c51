package netlink.workshop.step07;

import netlink.workshop.BindCalls;
import netlink.workshop.BoundSocket;
import netlink.workshop.NetlinkException;
import netlink.workshop.NetlinkSocket;
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
        try {
            run();
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    private static void run() throws NetlinkException {
        int pid = BindCalls.getpid();
        try (NetlinkSocket one = NetlinkSocket.open(Protocol.NETLINK_WORKSHOP);
             NetlinkSocket second = NetlinkSocket.open(Protocol.NETLINK_WORKSHOP)) {
            BoundSocket first = BoundSocket.bind(one, pid);
            System.out.println("socket 1: bound to port " + first.portId() + " = getpid(), the seed's choice");
            try {
                BoundSocket.bind(second, pid);
                System.out.println("socket 2: bound to port " + pid + " as well (unexpected)");
                System.exit(1);
            } catch (NetlinkException e) {
                System.out.println("socket 2: " + e.getMessage());
            }
            BoundSocket picked = BoundSocket.bind(second, BoundSocket.KERNEL_PICKS);
            System.out.println("socket 2: bound with nl_pid 0; getsockname says the kernel picked port "
                    + Integer.toUnsignedString(picked.portId()));
        }
    }
}
