package netlink.workshop;

/**
 * MalformedAttributeException: bytes that are not a valid attribute list, the
 * cases where the kernel's nla_ok() stops and __nla_validate() reports
 * "bytes leftover after parsing attributes".
 */
public final class MalformedAttributeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;

    /** Creates the exception for the attribute at {@code offset}. */
    public MalformedAttributeException(int offset, String message) {
        super("malformed attribute at offset " + offset + ": " + message);
        this.offset = offset;
    }

    /** Returns where the bad attribute starts. */
    public int offset() {
        return offset;
    }
}
