package netlink.workshop;

/**
 * MessageType holds the nlmsg_type values. Types below {@link #MIN_TYPE} are
 * netlink's own control messages, which netlink_rcv_skb() never hands to a
 * family, so the workshop's types start at 0x10.
 */
public final class MessageType {
    /** NLMSG_NOOP: nothing; ignored. */
    public static final int NOOP = 0x1;
    /** NLMSG_ERROR: an error or, with error 0, an acknowledgement. */
    public static final int ERROR = 0x2;
    /** NLMSG_DONE: ends a multipart message (the seed's reply type). */
    public static final int DONE = 0x3;
    /** NLMSG_OVERRUN: data lost. */
    public static final int OVERRUN = 0x4;
    /** NLMSG_MIN_TYPE: the first type a family may use. */
    public static final int MIN_TYPE = 0x10;
    /** WORKSHOP_MSG_HELLO (workshop_netlink.h): user to kernel, "Hello Kernel". */
    public static final int WORKSHOP_HELLO = 0x10;
    /** WORKSHOP_MSG_REPLY (workshop_netlink.h): kernel to user, "Hello Userspace". */
    public static final int WORKSHOP_REPLY = 0x11;
    /** WORKSHOP_PAYLOAD_MAX (workshop_netlink.h): the longest payload the module accepts, NUL included. */
    public static final int WORKSHOP_PAYLOAD_MAX = 256;

    private MessageType() {
    }

    /** Returns a readable name, such as "0x10 WORKSHOP_MSG_HELLO". */
    public static String describe(int type) {
        String hex = String.format("0x%02x", type);
        switch (type) {
            case NOOP: return hex + " NLMSG_NOOP";
            case ERROR: return hex + " NLMSG_ERROR";
            case DONE: return hex + " NLMSG_DONE";
            case OVERRUN: return hex + " NLMSG_OVERRUN";
            case WORKSHOP_HELLO: return hex + " WORKSHOP_MSG_HELLO";
            case WORKSHOP_REPLY: return hex + " WORKSHOP_MSG_REPLY";
            default: return hex;
        }
    }
}
