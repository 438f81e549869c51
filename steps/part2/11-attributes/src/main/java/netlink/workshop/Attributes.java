package netlink.workshop;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Attributes is a decoded list of netlink attributes, in the order they
 * came. Decoding is strict, like the kernel's nla_ok() loop with
 * NL_VALIDATE_TRAILING: an nla_len below NLA_HDRLEN, or beyond the bytes
 * left, is an error, and so are bytes left over after the last attribute.
 */
public final class Attributes implements Iterable<Attribute> {
    private final List<Attribute> list;

    private Attributes(List<Attribute> list) {
        this.list = List.copyOf(list);
    }

    /**
     * Parses the {@code length} bytes of {@code buffer} from {@code at} (native
     * byte order) as attributes; each Attribute's offset is counted from
     * {@code base} (pass the payload's offset in its message to get the
     * offsets an extended ACK uses).
     */
    public static Attributes parse(ByteBuffer buffer, int at, int length, int base)
            throws MalformedAttributeException {
        List<Attribute> list = new ArrayList<>();
        int pos = at;
        int end = at + length;
        while (end - pos >= Nla.HDRLEN) {
            int nlaLen = Short.toUnsignedInt(buffer.getShort(pos));
            int nlaType = Short.toUnsignedInt(buffer.getShort(pos + 2));
            if (nlaLen < Nla.HDRLEN) {
                throw new MalformedAttributeException(base + pos - at, "nla_len " + nlaLen
                        + " is smaller than the 4-byte header (NLA_HDRLEN)");
            }
            if (nlaLen > end - pos) {
                throw new MalformedAttributeException(base + pos - at, "nla_len " + nlaLen + " goes beyond the "
                        + (end - pos) + " bytes left");
            }
            byte[] value = new byte[nlaLen - Nla.HDRLEN];
            buffer.get(pos + Nla.HDRLEN, value);
            list.add(new Attribute(nlaType & Nla.TYPE_MASK, (nlaType & Nla.F_NESTED) != 0, base + pos - at, value));
            // nla_next(): the next attribute starts after the padding, or at the end.
            pos += Math.min(Nla.align(nlaLen), end - pos);
        }
        if (pos != end) {
            throw new MalformedAttributeException(base + pos - at, (end - pos)
                    + " bytes left over after the last attribute");
        }
        return new Attributes(list);
    }

    /**
     * Returns the attributes of {@code message} after a family header of
     * {@code familyHeaderLength} bytes (0 for our protocol-31 messages,
     * GENL_HDRLEN for Generic Netlink), as nlmsg_parse(nlh, hdrlen, ...) finds
     * them; offsets count from the nlmsghdr.
     */
    public static Attributes of(Message message, int familyHeaderLength) throws MalformedAttributeException {
        byte[] payload = message.payload();
        int start = Nlmsg.align(familyHeaderLength);
        if (start > payload.length) {
            throw new MalformedAttributeException(Nlmsg.HDRLEN, "the payload (" + payload.length
                    + " bytes) is shorter than the " + familyHeaderLength + "-byte family header");
        }
        return parse(message.payloadBuffer(), start, payload.length - start, Nlmsg.HDRLEN + start);
    }

    /** Parses a whole byte array as attributes, offsets counted from 0. */
    public static Attributes parse(byte[] bytes) throws MalformedAttributeException {
        return parse(ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.nativeOrder()), 0, bytes.length, 0);
    }

    /** Returns the first attribute of {@code type}, as nla_find() does. */
    public Optional<Attribute> get(int type) {
        return list.stream().filter(a -> a.type() == type).findFirst();
    }

    /** Returns every attribute of {@code type}, in order. */
    public List<Attribute> all(int type) {
        return list.stream().filter(a -> a.type() == type).toList();
    }

    /** Returns the attribute of {@code type}, failing with a line naming it when it is missing. */
    public Attribute require(int type, String name) {
        return get(type).orElseThrow(() -> new IllegalStateException("the message carries no " + name
                + " (attribute type " + type + ")"));
    }

    /** Returns how many attributes there are. */
    public int size() {
        return list.size();
    }

    /** Returns the attributes as a list. */
    public List<Attribute> asList() {
        return list;
    }

    @Override
    public Iterator<Attribute> iterator() {
        return list.iterator();
    }
}
