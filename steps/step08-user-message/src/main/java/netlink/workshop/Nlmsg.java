package netlink.workshop;

/**
 * Nlmsg holds the sizes of netlink messages: the NLMSG_* macros of
 * linux/netlink.h as Java methods. {@code NlmsgTest} checks them against the
 * real macros, compiled with gcc.
 */
public final class Nlmsg {
    /** NLMSG_ALIGNTO: messages start on 4-byte boundaries. */
    public static final int ALIGNTO = 4;
    /** NLMSG_HDRLEN: the size of struct nlmsghdr, aligned (16). */
    public static final int HDRLEN = 16;

    private Nlmsg() {
    }

    /** NLMSG_ALIGN(len): {@code len} rounded up to a multiple of 4. */
    public static int align(int len) {
        // TODO 2: round len up to the next multiple of ALIGNTO, as NLMSG_ALIGN does
        // HINT 2: add ALIGNTO - 1, then clear the low bits: & ~(ALIGNTO - 1)
        // HINT 2: NLMSG_ALIGN(29) is 32, NLMSG_ALIGN(32) stays 32
        return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);
        // END TODO 2
    }

    /** NLMSG_LENGTH(len): the nlmsg_len of a message with {@code len} payload bytes. */
    public static int length(int len) {
        return len + HDRLEN;
    }

    /** NLMSG_SPACE(len): the bytes a message with {@code len} payload bytes takes, padding included. */
    public static int space(int len) {
        return align(length(len));
    }
}
