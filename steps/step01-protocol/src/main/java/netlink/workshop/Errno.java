package netlink.workshop;

import java.util.Map;

/** Errno names the errno(3) values the workshop meets, as on Linux x86-64 and arm64. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    /** ECHILD: "No child processes", the error the seed's return -10 produces. */
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int EMSGSIZE = 90;
    public static final int EPROTONOSUPPORT = 93;
    /** ESOCKTNOSUPPORT: a socket type the family does not offer, such as SOCK_STREAM for netlink. */
    public static final int ESOCKTNOSUPPORT = 94;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRINUSE = 98;
    public static final int ENOBUFS = 105;
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(EINTR, "EINTR"),
            Map.entry(EBADF, "EBADF"), Map.entry(ECHILD, "ECHILD"), Map.entry(EAGAIN, "EAGAIN"),
            Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"), Map.entry(EBUSY, "EBUSY"),
            Map.entry(EINVAL, "EINVAL"), Map.entry(ENFILE, "ENFILE"), Map.entry(EMFILE, "EMFILE"),
            Map.entry(EMSGSIZE, "EMSGSIZE"), Map.entry(EPROTONOSUPPORT, "EPROTONOSUPPORT"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP"), Map.entry(EAFNOSUPPORT, "EAFNOSUPPORT"),
            Map.entry(EADDRINUSE, "EADDRINUSE"), Map.entry(ENOBUFS, "ENOBUFS"),
            Map.entry(ECONNREFUSED, "ECONNREFUSED"),
            Map.entry(ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT"));

    private Errno() {
    }

    /** Returns the symbolic name of {@code errno}, such as "EPERM", or "errno N". */
    public static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }
}
