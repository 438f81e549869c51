package netlink.workshop;

import java.io.IOException;

/**
 * NetlinkException is a failed netlink call as one line: the call, the C
 * library's text for errno, the errno name, and what to do about it.
 *
 * <p>Example: {@code socket(AF_NETLINK, SOCK_RAW, 31): Protocol not supported
 * (EPROTONOSUPPORT): no kernel socket listens on protocol 31: load the module with ./workshop run 2}
 */
public class NetlinkException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;
    private final String hint;

    /** Creates the exception for {@code call} failing with {@code errno}; {@code hint} says why and what to do. */
    public NetlinkException(String call, int errno, String hint) {
        super(call + ": " + LibC.strerror(errno) + " (" + Errno.name(errno) + ")"
                + (hint == null || hint.isEmpty() ? "" : ": " + hint));
        this.call = call;
        this.errno = errno;
        this.hint = hint;
    }

    /** Returns the failed call, such as "socket(AF_NETLINK, SOCK_RAW, 31)". */
    public String call() {
        return call;
    }

    /** Returns the errno value, such as {@link Errno#EPROTONOSUPPORT}. */
    public int errno() {
        return errno;
    }

    /** Returns the explanation: the likely cause and the fix. */
    public String hint() {
        return hint;
    }

    /**
     * Explains why {@code socket(AF_NETLINK, SOCK_RAW, protocol)} failed with
     * {@code errno}. The kernel answers EPROTONOSUPPORT both for a protocol
     * outside 0..31 and for one that no kernel socket serves, so the range decides.
     */
    public static NetlinkException socketFailed(int protocol, int errno) {
        String hint;
        switch (errno) {
            case Errno.EPROTONOSUPPORT:
                if (protocol < 0 || protocol >= Protocol.MAX_LINKS) {
                    hint = "protocol " + protocol + " is out of range: netlink has MAX_LINKS = "
                            + Protocol.MAX_LINKS + " protocols, numbered 0 to " + (Protocol.MAX_LINKS - 1);
                } else {
                    hint = "no kernel socket listens on protocol " + protocol
                            + ": load a workshop module that creates one (stage 2 or later), e.g. ./workshop run 10";
                }
                break;
            case Errno.EMFILE:
                hint = "too many open files: close descriptors you no longer need, or raise ulimit -n";
                break;
            case Errno.ENFILE:
                hint = "the whole system has too many open files: close programs, or raise sysctl fs.file-max";
                break;
            case Errno.EAFNOSUPPORT:
                hint = "this kernel was built without netlink sockets";
                break;
            case Errno.EACCES:
            case Errno.EPERM:
                hint = "a security policy (seccomp, SELinux, AppArmor) forbids netlink sockets here";
                break;
            case Errno.ENOMEM:
            case Errno.ENOBUFS:
                hint = "the kernel is out of memory for new sockets";
                break;
            case Errno.ESOCKTNOSUPPORT:
                hint = "netlink offers only SOCK_RAW and SOCK_DGRAM sockets: pass SOCK_RAW as the type";
                break;
            case Errno.EINVAL:
                hint = "the type argument carries unknown flags: use SOCK_RAW, optionally | SOCK_CLOEXEC";
                break;
            default:
                hint = "unexpected: see socket(2) and netlink(7)";
        }
        return new NetlinkException(Protocol.socketCall(protocol), errno, hint);
    }
}
