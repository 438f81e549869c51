package netlink.workshop;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Dump asks a family for a whole table at once: a request with NLM_F_DUMP
 * (NLM_F_ROOT | NLM_F_MATCH), answered by as many datagrams as the table
 * needs, each holding messages flagged NLM_F_MULTI, and ended by an
 * NLMSG_DONE message (linux/netlink.h, Documentation/userspace-api/netlink/intro.rst).
 */
public final class Dump {
    /** NLM_F_ROOT: return the whole table. */
    public static final int NLM_F_ROOT = 0x100;
    /** NLM_F_MATCH: return every entry that matches. */
    public static final int NLM_F_MATCH = 0x200;
    /** NLM_F_DUMP: NLM_F_ROOT | NLM_F_MATCH, a dump request. */
    public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
    /** NLM_F_DUMP_INTR: the table changed while it was being dumped; the result may be inconsistent. */
    public static final int NLM_F_DUMP_INTR = 0x10;

    private Dump() {
    }

    /**
     * What a dump returned.
     *
     * @param entries     the NLM_F_MULTI messages, in order
     * @param datagrams   how many datagrams carried them
     * @param interrupted whether any message, or the NLMSG_DONE, carried NLM_F_DUMP_INTR
     */
    public record Result(List<Message> entries, int datagrams, boolean interrupted) {
    }

    /**
     * Sends {@code type} with NLM_F_DUMP and {@code payload}, and collects
     * the answers up to NLMSG_DONE.
     *
     * @param familyHeaderLength the bytes before the request's attributes, for refusals
     * @throws KernelRefusal when the kernel refuses the request (NLMSG_ERROR), or ends the
     *     dump with a negative error in NLMSG_DONE
     */
    public static Result run(NetlinkConnection connection, int type, byte[] payload, int familyHeaderLength,
            IntFunction<String> names) throws NetlinkException {
        return collect(connection, start(connection, type, payload), familyHeaderLength, names);
    }

    /** Sends the dump request and returns its sequence number, which every part of the answer carries. */
    public static int start(NetlinkConnection connection, int type, byte[] payload) throws NetlinkException {
        int flags = 0;
        // TODO 1: make the request a dump: NLM_F_DUMP in its flags
        // HINT 1: NLM_F_DUMP is NLM_F_ROOT | NLM_F_MATCH; a command with only a .dumpit refuses anything else
        flags |= NLM_F_DUMP;
        // END TODO 1
        return connection.send(type, flags, payload);
    }

    /** Receives the answers to dump request {@code seq} up to its NLMSG_DONE. */
    public static Result collect(NetlinkConnection connection, int seq, int familyHeaderLength,
            IntFunction<String> names) throws NetlinkException {
        List<Message> entries = new ArrayList<>();
        int datagrams = 0;
        boolean interrupted = false;
        while (true) {
            List<Message> messages = connection.receive();
            datagrams++;
            for (Message message : messages) {
                if (message.header().sequence() != seq) {
                    continue;
                }
                interrupted |= (message.header().flags() & NLM_F_DUMP_INTR) != 0;
                if (message.header().type() == MessageType.ERROR) {
                    ExtendedAck ack = connection.parseError(message);
                    if (!ack.isAck()) {
                        throw connection.refusal(ack, familyHeaderLength, names);
                    }
                } else if (message.header().type() == MessageType.DONE) {
                    int error = message.payload().length >= 4 ? message.payloadBuffer().getInt(0) : 0;
                    if (error < 0) {
                        throw new NetlinkException("the dump's NLMSG_DONE", -error,
                                "the family failed partway through the dump: see its lines in the kernel log");
                    }
                    return new Result(entries, datagrams, interrupted);
                } else {
                    entries.add(message);
                }
            }
        }
    }

    /**
     * Like {@link #run}, but dumps again while the result is interrupted
     * (NLM_F_DUMP_INTR), as libnl's and iproute2's callers do, at most
     * {@code attempts} times.
     *
     * @throws NetlinkException EAGAIN when every attempt was interrupted
     */
    public static Result consistent(NetlinkConnection connection, int type, byte[] payload, int familyHeaderLength,
            IntFunction<String> names, int attempts) throws NetlinkException {
        for (int i = 0; i < attempts; i++) {
            Result result = run(connection, type, payload, familyHeaderLength, names);
            if (!result.interrupted()) {
                return result;
            }
        }
        throw new NetlinkException("dump of type " + type, Errno.EAGAIN, "the table changed during each of "
                + attempts + " dumps (NLM_F_DUMP_INTR): it is changing too fast to be read whole; try again later");
    }
}
