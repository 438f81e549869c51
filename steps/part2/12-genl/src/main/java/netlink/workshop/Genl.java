package netlink.workshop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Genl holds the numbers of Generic Netlink (linux/genetlink.h): the protocol,
 * the 4-byte family header, and the controller "nlctrl" that names the families.
 */
public final class Genl {
    /** NETLINK_GENERIC (linux/netlink.h): the protocol every genl family shares. */
    public static final int NETLINK_GENERIC = 16;
    /** GENL_HDRLEN: NLMSG_ALIGN(sizeof(struct genlmsghdr)): u8 cmd, u8 version, u16 reserved. */
    public static final int HDRLEN = 4;
    /** GENL_ID_CTRL: the controller's fixed family id, the nlmsg_type of its messages. */
    public static final int ID_CTRL = 0x10;
    /** GENL_NAMSIZ: the longest family or group name, NUL included. */
    public static final int NAMSIZ = 16;

    /** CTRL_CMD_NEWFAMILY: the controller's answer describing a family (also sent to "notify"). */
    public static final int CTRL_CMD_NEWFAMILY = 1;
    /** CTRL_CMD_DELFAMILY: sent to "notify" when a family goes away. */
    public static final int CTRL_CMD_DELFAMILY = 2;
    /** CTRL_CMD_GETFAMILY: ask the controller about a family, by name or id. */
    public static final int CTRL_CMD_GETFAMILY = 3;

    /** CTRL_ATTR_FAMILY_ID: u16. */
    public static final int CTRL_ATTR_FAMILY_ID = 1;
    /** CTRL_ATTR_FAMILY_NAME: NUL-terminated string. */
    public static final int CTRL_ATTR_FAMILY_NAME = 2;
    /** CTRL_ATTR_VERSION: u32. */
    public static final int CTRL_ATTR_VERSION = 3;
    /** CTRL_ATTR_HDRSIZE: u32, the family's own header after genlmsghdr. */
    public static final int CTRL_ATTR_HDRSIZE = 4;
    /** CTRL_ATTR_MAXATTR: u32. */
    public static final int CTRL_ATTR_MAXATTR = 5;
    /** CTRL_ATTR_OPS: nested, one nest per command, each with CTRL_ATTR_OP_ID and CTRL_ATTR_OP_FLAGS. */
    public static final int CTRL_ATTR_OPS = 6;
    /** CTRL_ATTR_MCAST_GROUPS: nested, one nest per group, each with a name and an id. */
    public static final int CTRL_ATTR_MCAST_GROUPS = 7;
    /** CTRL_ATTR_OP_ID: u32, a command number. */
    public static final int CTRL_ATTR_OP_ID = 1;
    /** CTRL_ATTR_OP_FLAGS: u32, GENL_ADMIN_PERM and friends, plus GENL_CMD_CAP_DO/DUMP. */
    public static final int CTRL_ATTR_OP_FLAGS = 2;
    /** CTRL_ATTR_MCAST_GRP_NAME: string. */
    public static final int CTRL_ATTR_MCAST_GRP_NAME = 1;
    /** CTRL_ATTR_MCAST_GRP_ID: u32, the number to pass to NETLINK_ADD_MEMBERSHIP. */
    public static final int CTRL_ATTR_MCAST_GRP_ID = 2;

    /** GENL_ADMIN_PERM: the command needs CAP_NET_ADMIN. */
    public static final int GENL_ADMIN_PERM = 0x01;
    /** GENL_CMD_CAP_DO: the command has a .doit handler. */
    public static final int GENL_CMD_CAP_DO = 0x02;
    /** GENL_CMD_CAP_DUMP: the command has a .dumpit handler. */
    public static final int GENL_CMD_CAP_DUMP = 0x04;
    /** GENL_UNS_ADMIN_PERM: the command needs CAP_NET_ADMIN in the socket's user namespace. */
    public static final int GENL_UNS_ADMIN_PERM = 0x10;

    private Genl() {
    }

    /** Returns a struct genlmsghdr: {@code cmd}, {@code version}, two reserved zero bytes. */
    public static byte[] header(int cmd, int version) {
        return ByteBuffer.allocate(HDRLEN).order(ByteOrder.nativeOrder()).put((byte) cmd).put((byte) version)
                .array();
    }

    /** Returns genlmsghdr.cmd of a received genl message. */
    public static int command(Message message) {
        return message.payload().length < HDRLEN ? -1 : Byte.toUnsignedInt(message.payload()[0]);
    }

    /** Returns genlmsghdr.version of a received genl message. */
    public static int version(Message message) {
        return message.payload().length < HDRLEN ? -1 : Byte.toUnsignedInt(message.payload()[1]);
    }
}
