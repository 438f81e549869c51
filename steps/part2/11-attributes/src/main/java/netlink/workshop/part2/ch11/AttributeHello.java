package netlink.workshop.part2.ch11;

import netlink.workshop.Attribute;
import netlink.workshop.AttributeWriter;
import netlink.workshop.Attributes;
import netlink.workshop.KernelRefusal;
import netlink.workshop.MalformedAttributeException;
import netlink.workshop.Message;
import netlink.workshop.MessageType;
import netlink.workshop.NetlinkConnection;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.NlwsContract;
import netlink.workshop.Options;
import netlink.workshop.Protocol;
import netlink.workshop.SocketOptions;

/**
 * AttributeHello is chapter 11's program: a hello whose payload is an
 * attribute (NLWS_ATTR_MSG), a reply decoded attribute by attribute, and a
 * policy violation that the kernel refuses with an extended ACK naming the
 * offending attribute.
 *
 * <p>Options: {@code --msg TEXT} says something else; {@code --violate KIND}
 * picks the violation: {@code long} (default: NLWS_ATTR_MSG over 256 bytes),
 * {@code nul} (no terminating NUL), {@code unknown} (an attribute type the
 * policy does not know), {@code length} (NLWS_ATTR_COUNT of 1 byte, not 4),
 * {@code nested} (NLA_F_NESTED on a string), {@code missing} (no NLWS_ATTR_MSG),
 * {@code all} (each in turn), {@code none}.
 */
public final class AttributeHello {
    private static final String[] VIOLATIONS = {"long", "nul", "unknown", "length", "nested", "missing"};

    private AttributeHello() {
    }

    /** What the socket's options say, read back with getsockopt: the line tells what is, not what was meant. */
    private static String extendedAcks(NetlinkConnection connection) throws NetlinkException {
        int ext = SocketOptions.get(connection.socket(), SocketOptions.NETLINK_EXT_ACK, "NETLINK_EXT_ACK");
        int cap = SocketOptions.get(connection.socket(), SocketOptions.NETLINK_CAP_ACK, "NETLINK_CAP_ACK");
        return ext == 1 && cap == 1 ? "extended ACKs on (NETLINK_EXT_ACK, NETLINK_CAP_ACK)"
                : "extended ACKs off (NETLINK_EXT_ACK " + ext + ", NETLINK_CAP_ACK " + cap + ")";
    }

    public static void main(String[] args) {
        Options options = new Options("AttributeHello",
                "chapter 11: a hello as an attribute, its reply attribute by attribute, and a policy violation")
                .text("--msg", "TEXT", "Hello Kernel", "say TEXT")
                .choice("--violate", "KIND", "long", new String[] {"long", "nul", "unknown", "length", "nested",
                    "missing", "all", "none"}, "the policy violation to send")
                .parseOrExit(args);
        String text = options.text("--msg");
        String violate = options.text("--violate");
        try (NetlinkConnection connection = NetlinkConnection.open(Protocol.NETLINK_WORKSHOP)) {
            System.out.println("socket open on protocol 31, bound to port "
                    + Integer.toUnsignedString(connection.portId()) + "; " + extendedAcks(connection));
            byte[] hello = new AttributeWriter().putString(NlwsContract.ATTR_MSG, text).toByteArray();
            System.out.println("sending WORKSHOP_MSG_HELLO with NLWS_ATTR_MSG \"" + text + "\": "
                    + Nlmsg.length(hello.length) + " bytes");
            Message reply = connection.request(MessageType.WORKSHOP_HELLO, hello, 0, NlwsContract::attributeName);
            System.out.println("received: " + reply.header().describe());
            Attributes attributes = Attributes.of(reply, 0);
            for (Attribute attribute : attributes) {
                System.out.println("  " + describe(attribute));
            }
            System.out.println("the kernel says: " + attributes.require(NlwsContract.ATTR_MSG, "NLWS_ATTR_MSG")
                    .string() + " (hello number " + Integer.toUnsignedString(attributes.require(
                    NlwsContract.ATTR_COUNT, "NLWS_ATTR_COUNT").u32()) + ")");
            for (String kind : violate.equals("all") ? VIOLATIONS : new String[] {violate}) {
                if (!kind.equals("none")) {
                    violation(connection, kind, text);
                }
            }
        } catch (NetlinkException | MalformedAttributeException | IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Sends a hello that breaks the policy; the kernel must refuse it. */
    private static void violation(NetlinkConnection connection, String kind, String text) throws NetlinkException {
        AttributeWriter request = new AttributeWriter();
        String what;
        switch (kind) {
            case "long":
                request.putString(NlwsContract.ATTR_MSG, "x".repeat(300));
                what = "NLWS_ATTR_MSG of 301 bytes (NLWS_MSG_MAX is " + NlwsContract.MSG_MAX + ")";
                break;
            case "nul":
                request.putStringWithoutNul(NlwsContract.ATTR_MSG, text);
                what = "NLWS_ATTR_MSG without its NUL";
                break;
            case "unknown":
                request.putString(NlwsContract.ATTR_MSG, text).putU32(NlwsContract.ATTR_MAX + 6, 7);
                what = "an attribute of type " + (NlwsContract.ATTR_MAX + 6) + ", which the policy does not know";
                break;
            case "length":
                request.putString(NlwsContract.ATTR_MSG, text).putU8(NlwsContract.ATTR_COUNT, 7);
                what = "NLWS_ATTR_COUNT of 1 byte, where the policy says NLA_U32";
                break;
            case "nested":
                request.beginNested(NlwsContract.ATTR_MSG).putString(NlwsContract.ATTR_MSG, text).endNested();
                what = "NLWS_ATTR_MSG marked NLA_F_NESTED";
                break;
            case "missing":
                request.putU32(NlwsContract.ATTR_PORT, 7);
                what = "no NLWS_ATTR_MSG at all";
                break;
            default:
                throw new IllegalStateException("unknown --violate " + kind
                        + ": use long, nul, unknown, length, nested, missing, all or none");
        }
        System.out.println("sending a policy violation: " + what);
        try {
            Message answer = connection.request(MessageType.WORKSHOP_HELLO, request.toByteArray(), 0,
                    NlwsContract::attributeName);
            System.out.println("the kernel accepted it: " + answer.header().describe());
        } catch (KernelRefusal refusal) {
            System.out.println("the kernel refused it: " + refusal.getMessage());
        }
    }

    private static String describe(Attribute attribute) {
        String name = NlwsContract.attributeName(attribute.type());
        String value;
        switch (attribute.type()) {
            case NlwsContract.ATTR_MSG:
                value = "\"" + attribute.string() + "\"";
                break;
            case NlwsContract.ATTR_COUNT:
            case NlwsContract.ATTR_PORT:
                value = Integer.toUnsignedString(attribute.u32());
                break;
            default:
                value = attribute.value().length + " bytes";
        }
        return (name == null ? "type " + attribute.type() : name) + " (type " + attribute.type() + ", nla_len "
                + (attribute.value().length + 4) + ", at offset " + attribute.offset() + "): " + value;
    }
}
