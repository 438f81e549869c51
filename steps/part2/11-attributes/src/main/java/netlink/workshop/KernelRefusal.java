package netlink.workshop;

/**
 * KernelRefusal is an NLMSG_ERROR with a negative error answering a request:
 * the errno, and what the extended ACK said (message, offset, missing
 * attribute), in one line.
 */
public final class KernelRefusal extends NetlinkException {
    private static final long serialVersionUID = 1L;

    private final transient ExtendedAck ack;

    /** Creates the refusal; {@code explanation} is the extended ACK as a line. */
    public KernelRefusal(ExtendedAck ack, String explanation) {
        super("the kernel's answer (NLMSG_ERROR)", ack.error(), explanation);
        this.ack = ack;
    }

    /** Returns the decoded error message. */
    public ExtendedAck ack() {
        return ack;
    }
}
