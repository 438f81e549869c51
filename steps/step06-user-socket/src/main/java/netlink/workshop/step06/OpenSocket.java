package netlink.workshop.step06;

import netlink.workshop.Errno;
import netlink.workshop.NetlinkException;
import netlink.workshop.NetlinkSocket;
import netlink.workshop.Options;
import netlink.workshop.Protocol;

/**
 * OpenSocket is stage 6's program: it opens a netlink socket on our protocol
 * (or the one given as an argument) and prints the descriptor, or why it failed.
 * Without an argument it also tries protocol 32 for real, and lists how every
 * other failure of socket(2) would be reported.
 */
public final class OpenSocket {
    /** The errno values socket(2) and netlink(7) document, besides the one protocol 32 shows for real. */
    private static final int[] OTHER_FAILURES = {Errno.EPROTONOSUPPORT, Errno.ESOCKTNOSUPPORT, Errno.EINVAL,
        Errno.EMFILE, Errno.ENFILE, Errno.ENOBUFS, Errno.EAFNOSUPPORT, Errno.EACCES};

    private OpenSocket() {
    }

    public static void main(String[] args) {
        Options options = new Options("OpenSocket", "stage 6: opens a netlink socket and prints the descriptor or why not")
                .numberArgument("PROTOCOL", Integer.MIN_VALUE, Integer.MAX_VALUE,
                        "open only this protocol (default: 31, then 32, then the other failures)")
                .parseOrExit(args);
        if (options.has("PROTOCOL")) {
            System.exit(open(options.intValue("PROTOCOL")) ? 0 : 1);
        }
        boolean opened = open(Protocol.NETLINK_WORKSHOP);
        open(Protocol.MAX_LINKS);
        System.out.println("the other ways socket() can fail, as this program reports them:");
        for (int errno : OTHER_FAILURES) {
            System.out.println("  " + NetlinkException.socketFailed(Protocol.NETLINK_WORKSHOP, errno).getMessage());
        }
        System.exit(opened ? 0 : 1);
    }

    /** Opens and closes a socket on {@code protocol}; prints the descriptor or the error. */
    static boolean open(int protocol) {
        try (NetlinkSocket socket = NetlinkSocket.open(protocol)) {
            System.out.println(Protocol.socketCall(protocol) + " = fd " + socket.fd() + ": the socket is open");
            return true;
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            return false;
        }
    }
}
