package netlink.workshop;

/**
 * Nla holds the sizes of netlink attributes: the NLA_* macros of
 * linux/netlink.h as Java methods. An attribute is a {@code struct nlattr}
 * (nla_len, nla_type: two u16) followed by its value, padded to 4 bytes.
 * {@code AttributesTest} checks these against the real macros, compiled with gcc.
 */
public final class Nla {
    /** NLA_ALIGNTO: attributes start on 4-byte boundaries. */
    public static final int ALIGNTO = 4;
    /** NLA_HDRLEN: the size of struct nlattr, aligned (4). */
    public static final int HDRLEN = 4;
    /** NLA_F_NESTED: set in nla_type when the value is itself a list of attributes. */
    public static final int F_NESTED = 1 << 15;
    /** NLA_F_NET_BYTEORDER: set in nla_type when the value is in network byte order. */
    public static final int F_NET_BYTEORDER = 1 << 14;
    /** NLA_TYPE_MASK: nla_type without the two flags above. */
    public static final int TYPE_MASK = ~(F_NESTED | F_NET_BYTEORDER) & 0xffff;

    private Nla() {
    }

    /** NLA_ALIGN(len): {@code len} rounded up to a multiple of 4. */
    public static int align(int len) {
        return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);
    }

    /** nla_attr_size(payload) in include/net/netlink.h: the nla_len of an attribute with {@code payload} bytes. */
    public static int length(int payload) {
        return HDRLEN + payload;
    }

    /** nla_total_size(payload): the bytes an attribute takes, padding included. */
    public static int totalSize(int payload) {
        return align(length(payload));
    }
}
