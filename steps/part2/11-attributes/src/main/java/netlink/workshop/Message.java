package netlink.workshop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Message is one netlink message copied out of a received datagram: its
 * header, and its payload (nlmsg_len - NLMSG_HDRLEN bytes, NLMSG_DATA(nlh)).
 *
 * @param header  the nlmsghdr
 * @param payload the bytes after the header
 */
public record Message(MessageHeader header, byte[] payload) {
    /** Returns the payload in native byte order. */
    public ByteBuffer payloadBuffer() {
        return ByteBuffer.wrap(payload).order(ByteOrder.nativeOrder());
    }

    /**
     * Returns the attributes after a family header of {@code familyHeaderLength}
     * bytes (0 for our protocol-31 messages, GENL_HDRLEN for Generic Netlink),
     * as nlmsg_parse(nlh, hdrlen, ...) finds them; offsets count from the nlmsghdr.
     */
    public Attributes attributes(int familyHeaderLength) throws MalformedAttributeException {
        int start = Nlmsg.align(familyHeaderLength);
        if (start > payload.length) {
            throw new MalformedAttributeException(Nlmsg.HDRLEN, "the payload (" + payload.length
                    + " bytes) is shorter than the " + familyHeaderLength + "-byte family header");
        }
        return Attributes.parse(payloadBuffer(), start, payload.length - start, Nlmsg.HDRLEN + start);
    }
}
