package netlink.workshop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * AttributeWriter encodes netlink attributes (TLVs: {@code struct nlattr},
 * then the value, then zero padding to NLA_ALIGNTO) in the machine's byte
 * order, as the kernel's {@code nla_put_*()} helpers of include/net/netlink.h
 * and libmnl's {@code mnl_attr_put_*()} do. The result is a message payload:
 * pass {@link #toByteArray()} to {@link MessageSender#send}.
 *
 * <pre>{@code
 * byte[] payload = new AttributeWriter().putString(NLWS_ATTR_MSG, "Hello Kernel").toByteArray();
 * }</pre>
 */
public final class AttributeWriter {
    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
    private final Deque<Integer> openNests = new ArrayDeque<>();

    /** Creates an empty writer. */
    public AttributeWriter() {
    }

    /** Creates a writer whose output starts with {@code header}, such as a family header (genlmsghdr). */
    public AttributeWriter(byte[] header) {
        ensure(Nla.align(header.length));
        buffer.put(header);
        pad();
    }

    /** nla_put(skb, type, len, data): an attribute holding {@code value} as it is. */
    public AttributeWriter putBytes(int type, byte[] value) {
        // TODO 3: write struct nlattr (nla_len = NLA_HDRLEN + value length, nla_type), the value, then zero padding
        // HINT 3: nla_len is Nla.length(value.length): it counts the header and the value, never the padding
        // HINT 3: pad() fills zeros up to the next NLA_ALIGN boundary
        ensure(Nla.totalSize(value.length));
        buffer.putShort((short) Nla.length(value.length)).putShort((short) type).put(value);
        pad();
        // END TODO 3
        return this;
    }

    /** nla_put_u8(skb, type, value). */
    public AttributeWriter putU8(int type, int value) {
        return putBytes(type, new byte[] {(byte) value});
    }

    /** nla_put_u16(skb, type, value): two bytes, machine byte order. */
    public AttributeWriter putU16(int type, int value) {
        return putBytes(type, ByteBuffer.allocate(2).order(ByteOrder.nativeOrder()).putShort((short) value).array());
    }

    /** nla_put_u32(skb, type, value): four bytes, machine byte order. */
    public AttributeWriter putU32(int type, int value) {
        return putBytes(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /**
     * nla_put_u64_64bit(skb, type, value, padattr) without the pad attribute:
     * eight bytes, machine byte order. (The kernel inserts a pad attribute
     * before a u64 on machines that need 8-byte alignment; x86-64 and arm64 do not.)
     */
    public AttributeWriter putU64(int type, long value) {
        return putBytes(type, ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(value).array());
    }

    /** nla_put_string(skb, type, text): UTF-8 bytes and a terminating NUL (NLA_NUL_STRING). */
    public AttributeWriter putString(int type, String text) {
        return putBytes(type, CString.encode(text));
    }

    /** Like {@link #putString} without the NUL (NLA_STRING): what a NUL_STRING policy refuses. */
    public AttributeWriter putStringWithoutNul(int type, String text) {
        return putBytes(type, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * nla_nest_start(skb, type): opens a nested attribute, with NLA_F_NESTED
     * set in nla_type as strict validation requires. Attributes put until
     * {@link #endNested()} become its value.
     */
    public AttributeWriter beginNested(int type) {
        ensure(Nla.HDRLEN);
        openNests.push(buffer.position());
        buffer.putShort((short) 0).putShort((short) (type | Nla.F_NESTED));
        return this;
    }

    /** nla_nest_end(skb, start): sets the open nest's nla_len to everything put since it began. */
    public AttributeWriter endNested() {
        if (openNests.isEmpty()) {
            throw new IllegalStateException("endNested() without beginNested()");
        }
        int start = openNests.pop();
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** Returns the bytes written so far: a whole number of aligned attributes. */
    public byte[] toByteArray() {
        if (!openNests.isEmpty()) {
            throw new IllegalStateException(openNests.size() + " nested attribute(s) not ended: call endNested()");
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /** Writes zeros up to the next NLA_ALIGN boundary. */
    private void pad() {
        while (buffer.position() % Nla.ALIGNTO != 0) {
            buffer.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buffer.remaining() < more + Nla.ALIGNTO) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more + 64))
                    .order(ByteOrder.nativeOrder());
            bigger.put(buffer.array(), 0, buffer.position());
            buffer = bigger;
        }
        if (buffer.position() + more > 0xffff && !openNests.isEmpty()) {
            throw new IllegalArgumentException("a nested attribute cannot exceed 65535 bytes (nla_len is a u16)");
        }
    }
}
