package netlink.workshop;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * ExtendedAck is an NLMSG_ERROR message decoded: {@code struct nlmsgerr}
 * (linux/netlink.h: int error, then the request's nlmsghdr, then the request's
 * payload unless NLM_F_CAPPED), and, when NLM_F_ACK_TLVS is set, the
 * NLMSGERR_ATTR_* attributes the kernel adds for a socket with NETLINK_EXT_ACK.
 *
 * @param error        the errno, positive (the message carries it negated); 0 is an ACK
 * @param request      the header of the request this answers
 * @param message      NLMSGERR_ATTR_MSG: the kernel's text (NL_SET_ERR_MSG), if any
 * @param offset       NLMSGERR_ATTR_OFFS: where the offending attribute starts in the request, if known
 * @param missingType  NLMSGERR_ATTR_MISS_TYPE: the type of a required attribute that was missing, if any
 * @param policy       NLMSGERR_ATTR_POLICY: what the rejected attribute should have been, if the kernel said
 */
public record ExtendedAck(int error, MessageHeader request, Optional<String> message, Optional<Integer> offset,
        Optional<Integer> missingType, Optional<Attributes> policy) {
    /** NLM_F_CAPPED (linux/netlink.h): the request's payload was not copied back. */
    public static final int NLM_F_CAPPED = 0x100;
    /** NLM_F_ACK_TLVS (linux/netlink.h): NLMSGERR_ATTR_* attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;
    /** NLMSGERR_ATTR_MSG: a NUL-terminated string. */
    public static final int NLMSGERR_ATTR_MSG = 1;
    /** NLMSGERR_ATTR_OFFS: u32, the offending attribute's offset from the start of the request's nlmsghdr. */
    public static final int NLMSGERR_ATTR_OFFS = 2;
    /** NLMSGERR_ATTR_COOKIE: bytes chosen by the family. */
    public static final int NLMSGERR_ATTR_COOKIE = 3;
    /** NLMSGERR_ATTR_POLICY: nested NL_POLICY_TYPE_ATTR_* describing the expected attribute. */
    public static final int NLMSGERR_ATTR_POLICY = 4;
    /** NLMSGERR_ATTR_MISS_TYPE: u32, the type of a missing required attribute. */
    public static final int NLMSGERR_ATTR_MISS_TYPE = 5;
    /** NLMSGERR_ATTR_MISS_NEST: u32, the offset of the nest the attribute was missing from. */
    public static final int NLMSGERR_ATTR_MISS_NEST = 6;
    /** NL_POLICY_TYPE_ATTR_MAX_LENGTH (linux/netlink.h): u32, the longest value allowed. */
    public static final int NL_POLICY_TYPE_ATTR_MAX_LENGTH = 7;

    /** sizeof(struct nlmsgerr): int error and a struct nlmsghdr. */
    public static final int NLMSGERR_SIZE = 4 + Nlmsg.HDRLEN;

    /**
     * Decodes the NLMSG_ERROR message of {@code length} bytes at {@code at} in
     * {@code buffer} (native byte order).
     *
     * @throws MalformedAttributeException when its attributes are malformed
     */
    public static ExtendedAck parse(ByteBuffer buffer, int at, int length) throws MalformedAttributeException {
        MessageHeader header = MessageHeader.readFrom(buffer, at);
        if (length < Nlmsg.HDRLEN + NLMSGERR_SIZE) {
            throw new MalformedAttributeException(0, "an NLMSG_ERROR of " + length
                    + " bytes is too short for struct nlmsgerr");
        }
        int error = -buffer.getInt(at + Nlmsg.HDRLEN);
        MessageHeader request = MessageHeader.readFrom(buffer, at + Nlmsg.HDRLEN + 4);
        Attributes tlvs = null;
        if ((header.flags() & NLM_F_ACK_TLVS) != 0) {
            int tlvStart = Nlmsg.HDRLEN + NLMSGERR_SIZE;
            if ((header.flags() & NLM_F_CAPPED) == 0) {
                tlvStart += Nlmsg.align(request.length() - Nlmsg.HDRLEN);
            }
            int end = Math.min(header.length(), length);
            if (tlvStart < end) {
                tlvs = Attributes.parse(buffer, at + tlvStart, end - tlvStart, tlvStart);
            }
        }
        if (tlvs == null) {
            return new ExtendedAck(error, request, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        Optional<Attributes> policy = Optional.empty();
        Optional<Attribute> policyAttribute = tlvs.get(NLMSGERR_ATTR_POLICY);
        if (policyAttribute.isPresent()) {
            policy = Optional.of(policyAttribute.get().attributes());
        }
        return new ExtendedAck(error, request, tlvs.get(NLMSGERR_ATTR_MSG).map(Attribute::string),
                tlvs.get(NLMSGERR_ATTR_OFFS).map(Attribute::u32),
                tlvs.get(NLMSGERR_ATTR_MISS_TYPE).map(Attribute::u32), policy);
    }

    /** Returns whether this is an acknowledgement (error 0) rather than an error. */
    public boolean isAck() {
        return error == 0;
    }

    /**
     * Returns what the kernel said in one line, such as
     * {@code "Attribute failed policy validation" at offset 16 (NLWS_ATTR_MSG), policy maximum length 255}, or
     * "no extended ACK" when the kernel added nothing.
     *
     * @param names           names attribute types, for the line; may return null
     * @param offsetAttribute the name of the request's attribute at {@link #offset}, or null
     */
    public String describe(java.util.function.IntFunction<String> names, String offsetAttribute) {
        if (message.isEmpty() && offset.isEmpty() && missingType.isEmpty()) {
            return "no extended ACK (the kernel adds one only on a socket with NETLINK_EXT_ACK set,"
                    + " when the code that refused wrote a message)";
        }
        StringBuilder line = new StringBuilder();
        line.append(message.map(m -> "\"" + m + "\"").orElse("(no message)"));
        offset.ifPresent(o -> line.append(" at offset ").append(o)
                .append(offsetAttribute == null ? "" : " (" + offsetAttribute + ")"));
        missingType.ifPresent(t -> {
            String name = names.apply(t);
            line.append(", missing attribute ").append(name == null ? "type " + t : name + " (" + t + ")");
        });
        policy.flatMap(p -> p.get(NL_POLICY_TYPE_ATTR_MAX_LENGTH))
                .ifPresent(max -> line.append(", policy maximum length ").append(max.u32()));
        return line.toString();
    }
}
