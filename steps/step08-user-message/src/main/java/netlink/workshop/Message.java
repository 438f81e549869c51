package netlink.workshop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Message is one netlink message: its header, then its payload, the
 * nlmsg_len - NLMSG_HDRLEN bytes at NLMSG_DATA(nlh). On the wire the payload
 * is padded with zeros up to NLMSG_SPACE, so that the next message starts
 * aligned.
 *
 * @param header  the nlmsghdr
 * @param payload the bytes after the header
 */
public record Message(MessageHeader header, byte[] payload) {
    /** A message whose nlmsg_len is NLMSG_LENGTH(payload.length), the header and this payload. */
    public static Message of(int type, int flags, int sequence, int pid, byte[] payload) {
        return new Message(new MessageHeader(Nlmsg.length(payload.length), type, flags, sequence, pid), payload);
    }

    /** Encodes the message: the header, the payload, then zero padding up to NLMSG_SPACE(payload). */
    public ByteBuffer encode() {
        ByteBuffer buffer = ByteBuffer.allocate(Nlmsg.space(payload.length)).order(ByteOrder.nativeOrder());
        header.writeTo(buffer, 0);
        buffer.put(Nlmsg.HDRLEN, payload);
        return buffer;
    }

    /** Returns the payload in native byte order. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
    }
}
