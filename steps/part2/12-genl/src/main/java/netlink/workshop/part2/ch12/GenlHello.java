package netlink.workshop.part2.ch12;

import java.util.stream.Collectors;
import netlink.workshop.Attribute;
import netlink.workshop.Attributes;
import netlink.workshop.GenericNetlink;
import netlink.workshop.Genl;
import netlink.workshop.GenlFamily;
import netlink.workshop.KernelRefusal;
import netlink.workshop.MalformedAttributeException;
import netlink.workshop.Message;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.NlwsContract;
import netlink.workshop.Options;

/**
 * GenlHello is chapter 12's program: it finds the Generic Netlink family
 * "nlws" by name, sends it NLWS_CMD_HELLO, prints the answer's attributes,
 * then sends a hello without NLWS_ATTR_MSG, which the family refuses.
 *
 * <p>Options: {@code --msg TEXT} says something else; {@code --family NAME}
 * only resolves family NAME and prints what the controller says (try
 * {@code nlctrl}); {@code --no-refusal} skips the refused hello;
 * {@code --stats} then sends NLWS_CMD_STATS and prints the nested attribute
 * NLWS_ATTR_STATS of its answer, and the attributes inside it.
 */
public final class GenlHello {
    private GenlHello() {
    }

    public static void main(String[] args) {
        Options options = new Options("GenlHello",
                "chapter 12: finds the family \"nlws\" by name and says hello to it")
                .text("--msg", "TEXT", "Hello Kernel", "say TEXT")
                .text("--family", "NAME", null, "only resolve family NAME and print what the controller says"
                        + " (try nlctrl)")
                .flag("--no-refusal", "skip the hello without NLWS_ATTR_MSG, which the family refuses")
                .flag("--stats", "then ask NLWS_CMD_STATS and print its nested NLWS_ATTR_STATS")
                .parseOrExit(args);
        String text = options.text("--msg");
        String only = options.text("--family");
        boolean refusal = !options.flag("--no-refusal");
        boolean stats = options.flag("--stats");
        try (GenericNetlink genl = GenericNetlink.open()) {
            System.out.println("socket open on NETLINK_GENERIC (16), bound to port "
                    + Integer.toUnsignedString(genl.portId()));
            GenlFamily family = genl.resolve(only == null ? NlwsContract.GENL_NAME : only);
            System.out.println(describe(family));
            if (only != null) {
                return;
            }
            byte[] hello = GenericNetlink.message(family, NlwsContract.CMD_HELLO)
                    .putString(NlwsContract.ATTR_MSG, text).toByteArray();
            System.out.println("sending NLWS_CMD_HELLO with NLWS_ATTR_MSG \"" + text + "\" to family "
                    + family.id() + ": " + Nlmsg.length(hello.length) + " bytes");
            Message reply = genl.request(family, hello, NlwsContract::attributeName);
            System.out.println("received: " + reply.header().describe() + "; genl cmd "
                    + NlwsContract.commandName(Genl.command(reply)) + ", version " + Genl.version(reply));
            Attributes attributes = Attributes.of(reply, Genl.HDRLEN);
            for (Attribute attribute : attributes) {
                System.out.println("  " + attributeLine(attribute));
            }
            System.out.println("the kernel says: " + attributes.require(NlwsContract.ATTR_MSG, "NLWS_ATTR_MSG")
                    .string() + " (hello number " + Integer.toUnsignedString(attributes.require(
                    NlwsContract.ATTR_COUNT, "NLWS_ATTR_COUNT").u32()) + ")");
            if (refusal) {
                System.out.println("sending NLWS_CMD_HELLO without NLWS_ATTR_MSG");
                try {
                    Message answer = genl.request(family, GenericNetlink.message(family, NlwsContract.CMD_HELLO)
                            .toByteArray(), NlwsContract::attributeName);
                    System.out.println("the kernel accepted it: " + answer.header().describe());
                } catch (KernelRefusal refused) {
                    System.out.println("the kernel refused it: " + refused.getMessage());
                }
            }
            if (stats) {
                printStats(genl, family);
            }
        } catch (NetlinkException | MalformedAttributeException | IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    /** Sends NLWS_CMD_STATS and prints the answer's NLWS_ATTR_STATS nest, then each attribute inside it. */
    private static void printStats(GenericNetlink genl, GenlFamily family)
            throws NetlinkException, MalformedAttributeException {
        byte[] request = GenericNetlink.message(family, NlwsContract.CMD_STATS).toByteArray();
        System.out.println("sending NLWS_CMD_STATS to family " + family.id() + ": " + Nlmsg.length(request.length)
                + " bytes");
        Message reply = genl.request(family, request, NlwsContract::attributeName);
        System.out.println("received: " + reply.header().describe() + "; genl cmd "
                + NlwsContract.commandName(Genl.command(reply)) + ", version " + Genl.version(reply));
        Attribute nest = Attributes.of(reply, Genl.HDRLEN).require(NlwsContract.ATTR_STATS, "NLWS_ATTR_STATS");
        System.out.println("  NLWS_ATTR_STATS (type " + nest.type() + (nest.nested() ? ", NLA_F_NESTED" : "")
                + ", nla_len " + (nest.value().length + 4) + ", at offset " + nest.offset() + "), inside it:");
        // The types inside the nest are the nest's own (NLWS_STATS_*), counted from 1 again.
        for (Attribute inner : nest.attributes()) {
            String name = NlwsContract.statsAttributeName(inner.type());
            System.out.println("    " + (name == null ? "type " + inner.type() : name) + " (type " + inner.type()
                    + ", nla_len " + (inner.value().length + 4) + ", at offset " + inner.offset() + "): "
                    + Integer.toUnsignedString(inner.u32()));
        }
    }

    /** Returns the family in one line, as the controller described it. */
    public static String describe(GenlFamily family) {
        String commands = family.commands().entrySet().stream()
                .map(c -> (family.name().equals(NlwsContract.GENL_NAME) ? NlwsContract.commandName(c.getKey())
                        : "command " + c.getKey()) + flags(c.getValue()))
                .collect(Collectors.joining(", "));
        String groups = family.groups().isEmpty() ? "none" : family.groups().entrySet().stream()
                .map(g -> "\"" + g.getKey() + "\" id " + g.getValue()).collect(Collectors.joining(", "));
        return "CTRL_CMD_GETFAMILY \"" + family.name() + "\": family id " + family.id() + ", version "
                + family.version() + ", maxattr " + family.maxAttr() + "; commands: "
                + (commands.isEmpty() ? "none" : commands) + "; multicast groups: " + groups;
    }

    private static String flags(int flags) {
        StringBuilder out = new StringBuilder();
        if ((flags & Genl.GENL_CMD_CAP_DO) != 0) {
            out.append(" do");
        }
        if ((flags & Genl.GENL_CMD_CAP_DUMP) != 0) {
            out.append(" dump");
        }
        if ((flags & (Genl.GENL_ADMIN_PERM | Genl.GENL_UNS_ADMIN_PERM)) != 0) {
            out.append(" admin-only");
        }
        return out.length() == 0 ? "" : " (" + out.toString().trim() + ")";
    }

    private static String attributeLine(Attribute attribute) {
        String name = NlwsContract.attributeName(attribute.type());
        String value = attribute.type() == NlwsContract.ATTR_MSG ? "\"" + attribute.string() + "\""
                : attribute.value().length == 4 ? Integer.toUnsignedString(attribute.u32())
                : attribute.value().length + " bytes";
        return (name == null ? "type " + attribute.type() : name) + " (type " + attribute.type() + ", nla_len "
                + (attribute.value().length + 4) + ", at offset " + attribute.offset() + "): " + value;
    }
}
