package netlink.workshop;

import java.nio.ByteBuffer;

/**
 * MessageHeader is {@code struct nlmsghdr} (linux/netlink.h), the 16 bytes in
 * front of every netlink message, in the machine's byte order.
 *
 * @param length   nlmsg_len: header plus payload, without the trailing padding
 * @param type     nlmsg_type: what the message is, such as {@link MessageType#WORKSHOP_HELLO}
 * @param flags    nlmsg_flags: {@link Flags} bits
 * @param sequence nlmsg_seq: chosen by the sender, copied into the answer
 * @param pid      nlmsg_pid: the sender's port as the sender claims it; the kernel does not trust it
 */
public record MessageHeader(int length, int type, int flags, int sequence, int pid) {
    /** Offsets of the fields, as offsetof(struct nlmsghdr, ...). */
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int SEQUENCE_OFFSET = 8;
    public static final int PID_OFFSET = 12;

    /** Writes the header at {@code buffer}'s position {@code at}; the buffer must use native order. */
    public void writeTo(ByteBuffer buffer, int at) {
        // TODO 1: write the five fields of struct nlmsghdr at their offsets
        // HINT 1: nlmsg_len is a __u32 at LENGTH_OFFSET: buffer.putInt(at + LENGTH_OFFSET, length)
        // HINT 1: nlmsg_type and nlmsg_flags are __u16: putShort(at + TYPE_OFFSET, (short) type), then FLAGS
        // HINT 1: nlmsg_seq and nlmsg_pid are __u32 again: putInt at SEQUENCE_OFFSET and PID_OFFSET
        buffer.putInt(at + LENGTH_OFFSET, length)
                .putShort(at + TYPE_OFFSET, (short) type)
                .putShort(at + FLAGS_OFFSET, (short) flags)
                .putInt(at + SEQUENCE_OFFSET, sequence)
                .putInt(at + PID_OFFSET, pid);
        // END TODO 1
    }

    /** Reads the header at {@code buffer}'s position {@code at}; the buffer must use native order. */
    public static MessageHeader readFrom(ByteBuffer buffer, int at) {
        return new MessageHeader(buffer.getInt(at + LENGTH_OFFSET),
                Short.toUnsignedInt(buffer.getShort(at + TYPE_OFFSET)),
                Short.toUnsignedInt(buffer.getShort(at + FLAGS_OFFSET)),
                buffer.getInt(at + SEQUENCE_OFFSET), buffer.getInt(at + PID_OFFSET));
    }

    /** Returns the header in one line, such as "len 29, type 0x10 WORKSHOP_MSG_HELLO, flags NLM_F_REQUEST, seq 1, pid 0". */
    public String describe() {
        return "len " + length + ", type " + MessageType.describe(type) + ", flags " + Flags.describe(flags)
                + ", seq " + Integer.toUnsignedString(sequence) + ", pid " + Integer.toUnsignedString(pid);
    }
}
