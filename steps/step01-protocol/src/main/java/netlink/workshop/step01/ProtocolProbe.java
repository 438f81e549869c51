package netlink.workshop.step01;

import com.sun.jna.LastErrorException;
import netlink.workshop.Errno;
import netlink.workshop.LibC;
import netlink.workshop.NetlinkException;
import netlink.workshop.Options;
import netlink.workshop.Protocol;

/**
 * ProtocolProbe is stage 1's program: it asks the kernel for a socket on our
 * protocol (31) and on the first number past the end (32), and explains each answer.
 */
public final class ProtocolProbe {
    private ProtocolProbe() {
    }

    public static void main(String[] args) {
        new Options("ProtocolProbe", "stage 1: asks for a socket on protocol 31 and on 32, and explains each answer")
                .parseOrExit(args);
        boolean expected = probe(Protocol.NETLINK_WORKSHOP) & probe(Protocol.MAX_LINKS);
        System.exit(expected ? 0 : 1);
    }

    /** Tries one protocol; returns false only for an answer the lesson does not expect. */
    static boolean probe(int protocol) {
        try {
            // TODO 2: ask the kernel for a netlink socket on this protocol: socket(2) through LibC
            // HINT 2: LibC.socket(domain, type, protocol) is socket(2); it returns the descriptor
            // HINT 2: the domain is Protocol.AF_NETLINK, the type Protocol.SOCK_RAW | Protocol.SOCK_CLOEXEC
            int fd = LibC.socket(Protocol.AF_NETLINK, Protocol.SOCK_RAW | Protocol.SOCK_CLOEXEC, protocol);
            // END TODO 2
            System.out.println(Protocol.socketCall(protocol) + " = fd " + fd
                    + ": a kernel socket already listens on protocol " + protocol);
            LibC.close(fd);
            return true;
        } catch (LastErrorException e) {
            NetlinkException error = NetlinkException.socketFailed(protocol, e.getErrorCode());
            System.out.println(error.getMessage());
            return error.errno() == Errno.EPROTONOSUPPORT;
        }
    }
}
