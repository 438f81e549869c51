package netlink.workshop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Attribute is one decoded {@code struct nlattr} and its value, as the
 * kernel's {@code nla_get_*()} helpers read it.
 *
 * @param type   nla_type without NLA_F_NESTED and NLA_F_NET_BYTEORDER (nla_type(nla))
 * @param nested whether NLA_F_NESTED was set
 * @param offset where the attribute's header starts, counted from the start of the buffer it was read from
 * @param value  the value's bytes: nla_len - NLA_HDRLEN of them (nla_len(nla)), padding excluded
 */
public record Attribute(int type, boolean nested, int offset, byte[] value) {
    /** nla_get_u8(nla). */
    public int u8() {
        need(1, "u8");
        return Byte.toUnsignedInt(value[0]);
    }

    /** nla_get_u16(nla). */
    public int u16() {
        need(2, "u16");
        return Short.toUnsignedInt(wrap().getShort(0));
    }

    /** nla_get_u32(nla); compare with Integer.toUnsignedString for values above 2^31. */
    public int u32() {
        need(4, "u32");
        return wrap().getInt(0);
    }

    /** nla_get_u64(nla). */
    public long u64() {
        need(8, "u64");
        return wrap().getLong(0);
    }

    /** The value as a C string: UTF-8 up to the first NUL (nla_data as char *), or all of it without one. */
    public String string() {
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }

    /** The value parsed as attributes, as nla_for_each_nested(pos, nla, rem) walks them. */
    public Attributes attributes() throws MalformedAttributeException {
        return Attributes.parse(ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()), 0, value.length,
                offset + Nla.HDRLEN);
    }

    private ByteBuffer wrap() {
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
    }

    private void need(int bytes, String kind) {
        if (value.length < bytes) {
            throw new IllegalStateException("attribute type " + type + " holds " + value.length
                    + " bytes, too few for a " + kind);
        }
    }
}
