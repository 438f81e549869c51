package netlink.workshop.step06;

import netlink.workshop.NetlinkException;
import netlink.workshop.NetlinkSocket;
import netlink.workshop.Protocol;

/**
 * OpenSocket is stage 6's program: it opens a netlink socket on our protocol
 * (or the one given as an argument) and prints the descriptor, or why it failed.
 */
public final class OpenSocket {
    private OpenSocket() {
    }

    public static void main(String[] args) {
        int protocol = args.length > 0 && args[0].matches("-?\\d+")
                ? Integer.parseInt(args[0]) : Protocol.NETLINK_WORKSHOP;
        try (NetlinkSocket socket = NetlinkSocket.open(protocol)) {
            System.out.println(Protocol.socketCall(protocol) + " = fd " + socket.fd()
                    + ": the socket is open");
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }
}
