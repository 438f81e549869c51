package netlink.workshop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * GenericNetlink is a conversation on NETLINK_GENERIC: it finds families by
 * name through the controller (CTRL_CMD_GETFAMILY to GENL_ID_CTRL, as
 * libmnl's genl examples, mdlayher/genetlink and {@code genl ctrl get} do) and
 * sends them commands, each message starting with a struct genlmsghdr.
 */
public final class GenericNetlink implements AutoCloseable {
    private final NetlinkConnection connection;

    private GenericNetlink(NetlinkConnection connection) {
        this.connection = connection;
    }

    /** Opens a NETLINK_GENERIC socket with extended ACKs on. */
    public static GenericNetlink open() throws NetlinkException {
        return new GenericNetlink(NetlinkConnection.open(Genl.NETLINK_GENERIC));
    }

    /** Like {@link #open()}, with receives that give up after {@code timeout}. */
    public static GenericNetlink open(Duration timeout) throws NetlinkException {
        return new GenericNetlink(NetlinkConnection.open(Genl.NETLINK_GENERIC, timeout));
    }

    /** Returns the connection underneath, for receiving raw messages. */
    public NetlinkConnection connection() {
        return connection;
    }

    /** Returns the port id the kernel knows this socket by. */
    public int portId() {
        return connection.portId();
    }

    /**
     * Asks the controller about the family called {@code name}.
     *
     * @throws NetlinkException ENOENT, with the fix, when no such family is registered
     */
    public GenlFamily resolve(String name) throws NetlinkException {
        Message answer;
        try {
            answer = askController(name);
        } catch (KernelRefusal refusal) {
            if (refusal.errno() == Errno.ENOENT) {
                throw new NetlinkException("CTRL_CMD_GETFAMILY \"" + name + "\"", Errno.ENOENT,
                        "no Generic Netlink family is called \"" + name + "\" on this kernel: load the module"
                        + " that registers it (for \"nlws\": ./workshop run 12), and compare with genl ctrl list");
            }
            throw refusal;
        }
        if (answer == null) {
            throw new NetlinkException("CTRL_CMD_GETFAMILY \"" + name + "\"", Errno.EINVAL,
                    "no answer from the controller: no request was sent to it (GENL_ID_CTRL)");
        }
        try {
            return decodeFamily(answer);
        } catch (MalformedAttributeException | IllegalStateException e) {
            throw new NetlinkException("CTRL_CMD_GETFAMILY \"" + name + "\"", Errno.EINVAL,
                    "the controller's answer is malformed: " + e.getMessage());
        }
    }

    /** Sends CTRL_CMD_GETFAMILY for {@code name} and returns the controller's answer (null if nothing was sent). */
    private Message askController(String name) throws NetlinkException {
        Message answer = null;
        // TODO 2: ask the controller: CTRL_CMD_GETFAMILY, with the name in CTRL_ATTR_FAMILY_NAME, to GENL_ID_CTRL
        // HINT 2: new AttributeWriter(Genl.header(cmd, version)) starts a genl message; the controller is version 1
        // HINT 2: connection.request(Genl.ID_CTRL, payload, Genl.HDRLEN, names) sends it and waits for the answer
        byte[] request = new AttributeWriter(Genl.header(Genl.CTRL_CMD_GETFAMILY, 1))
                .putString(Genl.CTRL_ATTR_FAMILY_NAME, name).toByteArray();
        answer = connection.request(Genl.ID_CTRL, request, Genl.HDRLEN, GenericNetlink::controllerAttributeName);
        // END TODO 2
        return answer;
    }

    /** Decodes a CTRL_CMD_NEWFAMILY message. */
    public static GenlFamily decodeFamily(Message message) throws MalformedAttributeException {
        Attributes attributes = Attributes.of(message, Genl.HDRLEN);
        Map<Integer, Integer> commands = new TreeMap<>();
        for (Attribute op : attributes.get(Genl.CTRL_ATTR_OPS).map(GenericNetlink::nested)
                .orElse(Attributes.parse(new byte[0]))) {
            Attributes fields = op.attributes();
            commands.put(fields.require(Genl.CTRL_ATTR_OP_ID, "CTRL_ATTR_OP_ID").u32(),
                    fields.get(Genl.CTRL_ATTR_OP_FLAGS).map(Attribute::u32).orElse(0));
        }
        Map<String, Integer> groups = new LinkedHashMap<>();
        for (Attribute group : attributes.get(Genl.CTRL_ATTR_MCAST_GROUPS).map(GenericNetlink::nested)
                .orElse(Attributes.parse(new byte[0]))) {
            Attributes fields = group.attributes();
            groups.put(fields.require(Genl.CTRL_ATTR_MCAST_GRP_NAME, "CTRL_ATTR_MCAST_GRP_NAME").string(),
                    fields.require(Genl.CTRL_ATTR_MCAST_GRP_ID, "CTRL_ATTR_MCAST_GRP_ID").u32());
        }
        return new GenlFamily(attributes.require(Genl.CTRL_ATTR_FAMILY_NAME, "CTRL_ATTR_FAMILY_NAME").string(),
                attributes.require(Genl.CTRL_ATTR_FAMILY_ID, "CTRL_ATTR_FAMILY_ID").u16(),
                attributes.get(Genl.CTRL_ATTR_VERSION).map(Attribute::u32).orElse(0),
                attributes.get(Genl.CTRL_ATTR_HDRSIZE).map(Attribute::u32).orElse(0),
                attributes.get(Genl.CTRL_ATTR_MAXATTR).map(Attribute::u32).orElse(0), commands, groups);
    }

    private static Attributes nested(Attribute attribute) {
        try {
            return attribute.attributes();
        } catch (MalformedAttributeException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Sends command {@code cmd} of {@code family} with {@code attributes} (an
     * AttributeWriter started with {@link #message}) and returns the answer.
     *
     * @throws KernelRefusal when the family answers with an error
     */
    public Message request(GenlFamily family, byte[] message, IntFunction<String> names) throws NetlinkException {
        return connection.request(family.id(), message, Genl.HDRLEN + family.headerSize(), names);
    }

    /** Returns a writer whose output starts with the genlmsghdr of {@code cmd} for {@code family}. */
    public static AttributeWriter message(GenlFamily family, int cmd) {
        return new AttributeWriter(Genl.header(cmd, family.version()));
    }

    /** Names the controller's attributes, for refusals. */
    public static String controllerAttributeName(int type) {
        switch (type) {
            case Genl.CTRL_ATTR_FAMILY_ID: return "CTRL_ATTR_FAMILY_ID";
            case Genl.CTRL_ATTR_FAMILY_NAME: return "CTRL_ATTR_FAMILY_NAME";
            default: return null;
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}
