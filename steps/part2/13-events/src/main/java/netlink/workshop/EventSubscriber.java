package netlink.workshop;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * EventSubscriber is a socket of its own that has joined one multicast
 * group of a Generic Netlink family (NETLINK_ADD_MEMBERSHIP, netlink(7)),
 * and receives what the family sends there. Keep it apart from the socket
 * that sends requests: events arrive whenever the kernel likes, and would
 * otherwise be mixed with the replies a request waits for.
 */
public final class EventSubscriber implements AutoCloseable {
    /** Room for the membership mask of 1024 groups (genl numbers its groups from 1 up). */
    private static final int MEMBERSHIP_BYTES = 128;

    private final GenericNetlink genl;
    private final GenlFamily family;
    private final String groupName;
    private final int group;

    private EventSubscriber(GenericNetlink genl, GenlFamily family, String groupName, int group) {
        this.genl = genl;
        this.family = family;
        this.groupName = groupName;
        this.group = group;
    }

    /**
     * Opens a socket, resolves {@code familyName} and its group {@code groupName},
     * and joins the group; receives give up after {@code timeout}.
     *
     * @throws NetlinkException e.g. ENOENT when the family or the group does not exist,
     *     EPERM when the group needs a capability the caller lacks
     */
    public static EventSubscriber join(String familyName, String groupName, Duration timeout)
            throws NetlinkException {
        GenericNetlink genl = GenericNetlink.open(timeout);
        try {
            GenlFamily family = genl.resolve(familyName);
            int group = family.group(groupName);
            // TODO 2: join the group: setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group))
            // HINT 2: SocketOptions.set(socket, option, value, "NAME") makes that call; the socket is genl.connection().socket()
            SocketOptions.set(genl.connection().socket(), SocketOptions.NETLINK_ADD_MEMBERSHIP, group,
                    "NETLINK_ADD_MEMBERSHIP");
            // END TODO 2
            return new EventSubscriber(genl, family, groupName, group);
        } catch (NetlinkException | RuntimeException e) {
            genl.close();
            throw e;
        }
    }

    /** Returns the family, as the controller described it. */
    public GenlFamily family() {
        return family;
    }

    /** Returns the group's id, the number passed to NETLINK_ADD_MEMBERSHIP. */
    public int groupId() {
        return group;
    }

    /**
     * Returns true when the kernel lists the group among the socket's
     * memberships: getsockopt(NETLINK_LIST_MEMBERSHIPS) fills a bit mask of
     * u32 words, bit (id - 1) for group id.
     */
    public boolean isMember() throws NetlinkException {
        ByteBuffer groups = SocketOptions.get(genl.connection().socket(), SocketOptions.NETLINK_LIST_MEMBERSHIPS,
                MEMBERSHIP_BYTES, "NETLINK_LIST_MEMBERSHIPS");
        int word = (group - 1) / 32;
        return group > 0 && (word + 1) * 4 <= groups.limit() && (groups.getInt(word * 4) & (1 << ((group - 1) % 32))) != 0;
    }

    /** Returns the subscriber socket's port id. */
    public int portId() {
        return genl.portId();
    }

    /**
     * Waits for the next datagram and returns the family's messages in it
     * (an event has nlmsg_type = the family id, nlmsg_seq 0 and nlmsg_pid 0).
     *
     * @throws NetlinkException EAGAIN when no event came in time; ENOBUFS when the
     *     socket's queue overflowed and the kernel dropped events (see {@link #resync()})
     */
    public List<Message> next() throws NetlinkException {
        List<Message> events = new ArrayList<>();
        try {
            for (Message message : genl.connection().receive()) {
                if (message.header().type() == family.id()) {
                    events.add(message);
                }
            }
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENOBUFS) {
                throw new NetlinkException("recvmsg(events subscriber)", Errno.ENOBUFS, "the subscriber read too"
                        + " slowly: its receive queue filled up and the kernel dropped events for it: call resync(),"
                        + " then ask for the current state again (chapter 14's dump), or raise SO_RCVBUF");
            }
            if (e.errno() == Errno.EAGAIN) {
                throw new NetlinkException("recvmsg(events subscriber)", Errno.EAGAIN, "no event within the"
                        + " timeout: is anyone saying hello? (is the module loaded, and did it announce the group \""
                        + groupName + "\"?)");
            }
            throw e;
        }
        return events;
    }

    /**
     * After ENOBUFS: drops what is queued (events that arrived after the loss
     * describe a state the subscriber no longer knows), so that the kernel
     * delivers new events again.
     *
     * @return how many queued datagrams were dropped
     */
    public int resync() throws NetlinkException {
        return genl.connection().discardQueued();
    }

    @Override
    public void close() {
        genl.close();
    }
}
