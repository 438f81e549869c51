package netlink.workshop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rtnetlink reads the kernel's network interfaces the way {@code ip link}
 * does: an RTM_GETLINK dump on NETLINK_ROUTE (rtnetlink(7), linux/rtnetlink.h,
 * linux/if_link.h), each answer an RTM_NEWLINK message with a
 * {@code struct ifinfomsg} and IFLA_* attributes.
 */
public final class Rtnetlink {
    /** RTM_NEWLINK: a link's description (the answers). */
    public static final int RTM_NEWLINK = 16;
    /** RTM_GETLINK: ask for links. */
    public static final int RTM_GETLINK = 18;
    /** sizeof(struct ifinfomsg): family, pad, type (u16), index (int), flags, change (u32). */
    public static final int IFINFOMSG_SIZE = 16;
    /** IFLA_ADDRESS: the link-layer address (binary). */
    public static final int IFLA_ADDRESS = 1;
    /** IFLA_IFNAME: the name (string). */
    public static final int IFLA_IFNAME = 3;
    /** IFLA_MTU: u32. */
    public static final int IFLA_MTU = 4;
    /** IFLA_TXQLEN: u32. */
    public static final int IFLA_TXQLEN = 13;
    /** IFLA_OPERSTATE: u8, an IF_OPER_* value (RFC 2863). */
    public static final int IFLA_OPERSTATE = 16;
    /** IFLA_LINKINFO: nested; IFLA_INFO_KIND inside names the driver kind ("veth", "bridge"...). */
    public static final int IFLA_LINKINFO = 18;
    /** IFLA_INFO_KIND: string, inside IFLA_LINKINFO. */
    public static final int IFLA_INFO_KIND = 1;

    /** The IF_OPER_* names, by value, as {@code ip} prints them. */
    private static final String[] OPER_STATES = {"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING",
        "DORMANT", "UP"};

    private Rtnetlink() {
    }

    /**
     * One link.
     *
     * @param index     ifi_index
     * @param name      IFLA_IFNAME
     * @param flags     ifi_flags (IFF_UP...)
     * @param mtu       IFLA_MTU
     * @param txqlen    IFLA_TXQLEN
     * @param operState IFLA_OPERSTATE as ip prints it ("UP", "DOWN", "UNKNOWN"...)
     * @param address   IFLA_ADDRESS as colon-separated hex, if the link has one
     * @param kind      IFLA_INFO_KIND, if the link has one
     */
    public record Link(int index, String name, int flags, int mtu, int txqlen, String operState,
            Optional<String> address, Optional<String> kind) {
    }

    /** Dumps every link, dumping again if the table changed meanwhile (NLM_F_DUMP_INTR). */
    public static List<Link> links(NetlinkConnection route) throws NetlinkException {
        // struct ifinfomsg, all zero: ifi_family AF_UNSPEC, no filter.
        byte[] request = new byte[IFINFOMSG_SIZE];
        Dump.Result result = Dump.consistent(route, RTM_GETLINK, request, IFINFOMSG_SIZE, type -> null, 5);
        List<Link> links = new ArrayList<>();
        for (Message message : result.entries()) {
            if (message.header().type() != RTM_NEWLINK) {
                continue;
            }
            try {
                links.add(decode(message));
            } catch (MalformedAttributeException e) {
                throw new NetlinkException("RTM_GETLINK dump", Errno.EINVAL, "a malformed RTM_NEWLINK: "
                        + e.getMessage());
            }
        }
        return links;
    }

    /** Decodes one RTM_NEWLINK message. */
    public static Link decode(Message message) throws MalformedAttributeException {
        ByteBuffer ifinfo = ByteBuffer.wrap(message.payload()).order(ByteOrder.nativeOrder());
        Attributes attributes = Attributes.of(message, IFINFOMSG_SIZE);
        int oper = attributes.get(IFLA_OPERSTATE).map(Attribute::u8).orElse(0);
        Optional<String> address = attributes.get(IFLA_ADDRESS).map(a -> {
            StringBuilder hex = new StringBuilder();
            for (byte b : a.value()) {
                hex.append(hex.length() == 0 ? "" : ":").append(String.format("%02x", b));
            }
            return hex.toString();
        });
        Optional<String> kind = Optional.empty();
        Optional<Attribute> linkInfo = attributes.get(IFLA_LINKINFO);
        if (linkInfo.isPresent()) {
            kind = linkInfo.get().attributes().get(IFLA_INFO_KIND).map(Attribute::string);
        }
        return new Link(ifinfo.getInt(4), attributes.require(IFLA_IFNAME, "IFLA_IFNAME").string(), ifinfo.getInt(8),
                attributes.get(IFLA_MTU).map(Attribute::u32).orElse(0),
                attributes.get(IFLA_TXQLEN).map(Attribute::u32).orElse(0),
                oper < OPER_STATES.length ? OPER_STATES[oper] : "state " + oper, address, kind);
    }
}
