package netlink.workshop;

import java.util.StringJoiner;

/** Flags holds the NLM_F_* bits of nlmsg_flags (linux/netlink.h). */
public final class Flags {
    /** NLM_F_REQUEST: a request; netlink_rcv_skb() skips messages without it. */
    public static final int REQUEST = 0x01;
    /** NLM_F_MULTI: part of a multipart message, ended by NLMSG_DONE. */
    public static final int MULTI = 0x02;
    /** NLM_F_ACK: answer with an NLMSG_ERROR carrying 0 on success. */
    public static final int ACK = 0x04;
    /** NLM_F_ECHO: echo this request to the sender. */
    public static final int ECHO = 0x08;

    private Flags() {
    }

    /** Returns the flags as C names joined with '|', such as "NLM_F_REQUEST|NLM_F_ACK". */
    public static String describe(int flags) {
        if (flags == 0) {
            return "0";
        }
        StringJoiner names = new StringJoiner("|");
        String[] known = {"NLM_F_REQUEST", "NLM_F_MULTI", "NLM_F_ACK", "NLM_F_ECHO"};
        for (int bit = 0; bit < known.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                names.add(known[bit]);
            }
        }
        int rest = flags & ~0x0f;
        if (rest != 0) {
            names.add(String.format("0x%x", rest));
        }
        return names.toString();
    }
}
