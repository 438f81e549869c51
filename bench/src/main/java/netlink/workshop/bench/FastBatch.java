package netlink.workshop.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import netlink.workshop.BoundSocket;
import netlink.workshop.Errno;
import netlink.workshop.Flags;
import netlink.workshop.Iovec;
import netlink.workshop.MessageHeader;
import netlink.workshop.MessageType;
import netlink.workshop.Mmsghdr;
import netlink.workshop.Msghdr;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.RecvCalls;

/**
 * FastBatch is chapter 16's RequestBatch rebuilt for the bench's fast path,
 * as FastClient is stages 9 and 10's client: it sends many netlink requests
 * in one datagram and reads their answers back, each matched to its request
 * by sequence number, with every buffer and structure allocated once and
 * written in place, and raw addresses to sendmsg and recvmmsg.
 *
 * <p>The requests are written back to back, each padded to NLMSG_ALIGN, into
 * one buffer and sent with a single sendmsg(2). The kernel's
 * {@code netlink_rcv_skb()} (net/netlink/af_netlink.c) walks every message of
 * that datagram, calls the family's handler for each, and acknowledges each
 * one on its own: an error for one request does not stop the others. The
 * answers arrive as separate datagrams, which recvmmsg(2) reads many at a
 * time into one slot each.
 *
 * <p>After {@link #exchange()}, {@link #error(int)} says how each request
 * ended (0, or the errno its NLMSG_ERROR carried) and {@link #replyOffset(int)}
 * finds its reply in {@link #replies()}. All buffers are allocated once, so a
 * batch in steady state allocates nothing on the Java heap. Dumps
 * (NLM_F_DUMP, several messages per answer) are not handled. A batch is used
 * by one thread at a time.
 */
public final class FastBatch {
    /** MSG_WAITFORONE (sys/socket.h): recvmmsg(2) waits for the first datagram only. */
    private static final int MSG_WAITFORONE = 0x10000;

    /** The default size of one answer's slot: an NLMSG_ERROR quoting a request, with room to spare. */
    public static final int DEFAULT_SLOT = 1024;

    /** The per-request state after {@link #exchange()}: no answer has come yet. */
    private static final int WAITING = 0;
    private static final int ANSWERED = 1;
    private static final int SOCKADDR_NL_SIZE = 12;
    private static final int SOCKADDR_NL_PID_OFFSET = 4;
    /** struct nlmsgerr: int error, then the request's nlmsghdr. */
    private static final int NLMSGERR_ERROR_OFFSET = Nlmsg.HDRLEN;

    private final BoundSocket socket;
    private final FastClient sender;
    private final ByteBuffer out;
    private final int capacity;
    private final int slotSize;
    private final int slots;
    private final long timeoutMillis;

    private final ByteBuffer replies;
    private final ByteBuffer names;
    private final ByteBuffer vectorFields;
    private final long vectorAddress;
    private final int entrySize;
    private final int entryLengthOffset;
    private final int entryFlagsOffset;
    private final int entryNameLengthOffset;
    /** The Structures and Memory behind the raw addresses above: reachable as long as the batch is. */
    @SuppressWarnings("unused")
    private final Object[] keepAlive;

    private final int[] flags;
    private final int[] state;
    private final int[] errors;
    private final int[] replyOffsets;
    private final int[] replyLengths;

    private int count;
    private int built;
    private int nextSequence;
    private int firstSequence;
    private int unanswered;
    private int receiveCalls;
    private int datagrams;

    /**
     * Creates a batch of at most {@code capacity} requests on {@code socket},
     * whose answers may each take {@code slotSize} bytes, and whose receives
     * give up after {@code timeout} (SO_RCVTIMEO).
     */
    public FastBatch(BoundSocket socket, int capacity, int slotSize, Duration timeout) throws NetlinkException {
        if (capacity < 1 || slotSize < Nlmsg.HDRLEN) {
            throw new IllegalArgumentException("a batch needs room for at least one request and one header");
        }
        this.socket = socket;
        this.sender = new FastClient(socket, Nlmsg.HDRLEN, timeout);
        this.out = sender.sendBuffer();
        this.capacity = capacity;
        this.slotSize = Nlmsg.align(slotSize);
        // A request with NLM_F_ACK can get two answers: its reply, then the ack.
        this.slots = 2 * capacity;
        this.timeoutMillis = timeout.toMillis();

        Memory replyMemory = new Memory((long) slots * this.slotSize);
        replies = replyMemory.getByteBuffer(0, replyMemory.size()).order(ByteOrder.nativeOrder());
        Memory nameMemory = new Memory((long) slots * SOCKADDR_NL_SIZE);
        names = nameMemory.getByteBuffer(0, nameMemory.size()).order(ByteOrder.nativeOrder());
        Iovec[] iovs = (Iovec[]) new Iovec().toArray(slots);
        Mmsghdr[] vector = (Mmsghdr[]) new Mmsghdr().toArray(slots);
        for (int i = 0; i < slots; i++) {
            iovs[i].iov_base = replyMemory.share((long) i * this.slotSize);
            iovs[i].iov_len = this.slotSize;
            iovs[i].write();
            vector[i].msg_hdr.msg_name = nameMemory.share((long) i * SOCKADDR_NL_SIZE);
            vector[i].msg_hdr.msg_namelen = SOCKADDR_NL_SIZE;
            vector[i].msg_hdr.msg_iov = iovs[i].getPointer();
            vector[i].msg_hdr.msg_iovlen = 1;
            vector[i].write();
        }
        entrySize = vector[0].size();
        Mmsghdr probe = new Mmsghdr();
        probe.msg_len = Layout.MARKER;
        entryLengthOffset = Layout.offsetOf(probe);
        probe = new Mmsghdr();
        probe.msg_hdr.msg_flags = Layout.MARKER;
        entryFlagsOffset = Layout.offsetOf(probe);
        probe = new Mmsghdr();
        probe.msg_hdr.msg_namelen = Layout.MARKER;
        entryNameLengthOffset = Layout.offsetOf(probe);
        vectorAddress = Pointer.nativeValue(vector[0].getPointer());
        vectorFields = vector[0].getPointer().getByteBuffer(0, (long) slots * entrySize)
                .order(ByteOrder.nativeOrder());
        this.keepAlive = new Object[] {iovs, vector, replyMemory, nameMemory};

        flags = new int[capacity];
        state = new int[capacity];
        errors = new int[capacity];
        replyOffsets = new int[capacity];
        replyLengths = new int[capacity];
        setTimeout(timeout);
    }

    /** Creates a batch with {@link #DEFAULT_SLOT}-byte answer slots. */
    public FastBatch(BoundSocket socket, int capacity, Duration timeout) throws NetlinkException {
        this(socket, capacity, DEFAULT_SLOT, timeout);
    }

    private void setTimeout(Duration timeout) throws NetlinkException {
        Memory timeval = new Memory(16);
        timeval.setLong(0, timeout.toSeconds());
        timeval.setLong(8, timeout.toMillisPart() * 1000L);
        try {
            RecvCalls.setsockopt(socket.fd(), RecvCalls.SOL_SOCKET, RecvCalls.SO_RCVTIMEO, timeval, 16);
        } catch (LastErrorException e) {
            throw new NetlinkException("setsockopt(SO_RCVTIMEO)", e.getErrorCode(), "unexpected: see socket(7)");
        }
    }

    /** Empties the batch, to add the next requests. */
    public void clear() {
        count = 0;
        built = 0;
    }

    /**
     * Appends one request: header (with the next sequence number and
     * {@code NLM_F_REQUEST} added to {@code requestFlags}), payload, padding.
     *
     * @return the request's index in this batch, 0 for the first
     * @throws NetlinkException EMSGSIZE when the batch is full or its datagram would outgrow the send buffer
     */
    public int add(int type, int requestFlags, byte[] payload) throws NetlinkException {
        int length = Nlmsg.length(payload.length);
        if (count == capacity || built + Nlmsg.align(length) > FastClient.CAPACITY) {
            throw new NetlinkException("FastBatch.add", Errno.EMSGSIZE, count == capacity
                    ? "the batch holds " + capacity + " requests: exchange() them, then clear() and go on"
                    : "the batch's datagram would pass " + FastClient.CAPACITY + " bytes: send fewer at a time");
        }
        if (count == 0) {
            firstSequence = nextSequence + 1;
        }
        int index = count++;
        int sequence = firstSequence + index;
        nextSequence = sequence;
        flags[index] = requestFlags | Flags.REQUEST;
        FastClient.putHeader(out, built, length, type, flags[index], sequence, socket.portId());
        out.put(built + Nlmsg.HDRLEN, payload);
        for (int at = built + length; at < built + Nlmsg.align(length); at++) {
            out.put(at, (byte) 0);
        }
        built += Nlmsg.align(length);
        return index;
    }

    /**
     * Keeps the batch's requests and gives them the next sequence numbers, to
     * send the same requests again (a poll, say) without building them anew.
     */
    public void renumber() {
        firstSequence = nextSequence + 1;
        for (int i = 0, at = 0; i < count; i++) {
            out.putInt(at + MessageHeader.SEQUENCE_OFFSET, firstSequence + i);
            at += Nlmsg.align(out.getInt(at + MessageHeader.LENGTH_OFFSET));
        }
        nextSequence = firstSequence + count - 1;
    }

    /** Returns how many requests the batch holds. */
    public int size() {
        return count;
    }

    /** Returns the bytes the batch's datagram takes: every request, each padded. */
    public int datagramLength() {
        return built;
    }

    /** Returns the sequence number of request {@code index}. */
    public int sequence(int index) {
        return firstSequence + checkIndex(index);
    }

    /**
     * Sends every request in one sendmsg(2), then receives with recvmmsg(2)
     * until each request has its answer.
     *
     * @throws NetlinkException when sending fails, or EAGAIN when an answer
     *     does not come in time, EMSGSIZE when one does not fit its slot
     */
    public void exchange() throws NetlinkException {
        for (int i = 0; i < count; i++) {
            state[i] = WAITING;
            errors[i] = 0;
            replyOffsets[i] = -1;
            replyLengths[i] = 0;
        }
        unanswered = count;
        receiveCalls = 0;
        datagrams = 0;
        if (count == 0) {
            return;
        }
        sender.sendBuffer(built);
        int used = 0;
        while (unanswered > 0) {
            if (used == slots) {
                throw new NetlinkException("recvmmsg(fd " + socket.fd() + ")", Errno.ENOBUFS, "all " + slots
                        + " answer slots are full and " + unanswered + " requests are unanswered: the other"
                        + " datagrams were stale answers to an earlier batch that timed out, or came from"
                        + " another program: read the socket empty before the next batch");
            }
            int received = receive(used);
            for (int slot = used; slot < used + received; slot++) {
                absorbSlot(slot);
            }
            used += received;
        }
    }

    private int receive(int firstSlot) throws NetlinkException {
        // Each unanswered request needs at least one more datagram: asking for
        // no more spares the kernel a last, empty try at the queue.
        int wanted = Math.min(slots - firstSlot, unanswered);
        for (int slot = firstSlot; slot < firstSlot + wanted; slot++) {
            vectorFields.putInt(slot * entrySize + entryNameLengthOffset, SOCKADDR_NL_SIZE);
        }
        while (true) {
            try {
                int received = FastCalls.recvmmsg(socket.fd(), vectorAddress + (long) firstSlot * entrySize,
                        wanted, MSG_WAITFORONE | RecvCalls.MSG_TRUNC, 0);
                receiveCalls++;
                datagrams += received;
                return received;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw receiveFailed(e.getErrorCode());
                }
            }
        }
    }

    private void absorbSlot(int slot) throws NetlinkException {
        int entry = slot * entrySize;
        int length = vectorFields.getInt(entry + entryLengthOffset);
        if ((vectorFields.getInt(entry + entryFlagsOffset) & RecvCalls.MSG_TRUNC) != 0) {
            throw new NetlinkException("recvmmsg(fd " + socket.fd() + ")", Errno.EMSGSIZE, "an answer of "
                    + length + " bytes was cut to its " + slotSize + "-byte slot: create the batch with larger slots");
        }
        // Only the kernel (port 0) answers requests; anything else is not ours to count.
        if (names.getInt(slot * SOCKADDR_NL_SIZE + SOCKADDR_NL_PID_OFFSET) != 0) {
            return;
        }
        absorb(replies, slot * slotSize, length);
    }

    /**
     * Matches every netlink message of one received datagram (at
     * {@code offset}, {@code length} bytes in {@code data}) to its request.
     * Messages for no request of this batch (stale answers to an earlier one)
     * are skipped.
     */
    void absorb(ByteBuffer data, int offset, int length) {
        int at = offset;
        int end = offset + length;
        while (end - at >= Nlmsg.HDRLEN) {
            int messageLength = data.getInt(at + MessageHeader.LENGTH_OFFSET);
            if (messageLength < Nlmsg.HDRLEN || messageLength > end - at) {
                return;
            }
            int type = Short.toUnsignedInt(data.getShort(at + MessageHeader.TYPE_OFFSET));
            int index = requestIndex(data.getInt(at + MessageHeader.SEQUENCE_OFFSET), firstSequence, count);
            if (index >= 0 && state[index] == WAITING) {
                if (type == MessageType.ERROR && messageLength >= Nlmsg.HDRLEN + 4) {
                    // An ack (error 0) or an error: the last answer a request gets.
                    errors[index] = -data.getInt(at + NLMSGERR_ERROR_OFFSET);
                    markAnswered(index);
                } else {
                    replyOffsets[index] = at;
                    replyLengths[index] = messageLength;
                    // Without NLM_F_ACK, the reply is the whole answer; with it, an ack follows.
                    if ((flags[index] & Flags.ACK) == 0) {
                        markAnswered(index);
                    }
                }
            }
            at += Nlmsg.align(messageLength);
        }
    }

    private void markAnswered(int index) {
        state[index] = ANSWERED;
        unanswered--;
    }

    /** The index of the request whose answer carries {@code sequence}, or -1 for a stale answer. */
    private static int requestIndex(int sequence, int firstSequence, int count) {
        int index = sequence - firstSequence;
        return index >= 0 && index < count ? index : -1;
    }

    /** Starts the receive side of a batch of {@code n} requests without sending, for BatchLoops. */
    void expect(int first, int n, int requestFlags) {
        firstSequence = first;
        count = n;
        unanswered = n;
        for (int i = 0; i < n; i++) {
            flags[i] = requestFlags | Flags.REQUEST;
            state[i] = WAITING;
            errors[i] = 0;
            replyOffsets[i] = -1;
            replyLengths[i] = 0;
        }
    }

    /** Returns how many requests have no answer yet. */
    public int unanswered() {
        return unanswered;
    }

    /** Returns whether request {@code index} has its whole answer. */
    public boolean answered(int index) {
        return state[checkIndex(index)] == ANSWERED;
    }

    /** Returns 0 when request {@code index} succeeded, else the errno of its NLMSG_ERROR (e.g. EOPNOTSUPP). */
    public int error(int index) {
        return errors[checkIndex(index)];
    }

    /** Returns how many requests of the last exchange ended with an error. */
    public int failures() {
        int failed = 0;
        for (int i = 0; i < count; i++) {
            if (errors[i] != 0) {
                failed++;
            }
        }
        return failed;
    }

    /** Returns where request {@code index}'s reply message starts in {@link #replies()}, or -1 without one. */
    public int replyOffset(int index) {
        return replyOffsets[checkIndex(index)];
    }

    /** Returns the length (nlmsg_len) of request {@code index}'s reply message, or 0 without one. */
    public int replyLength(int index) {
        return replyLengths[checkIndex(index)];
    }

    /** Returns the buffer the answers are received into (native byte order). */
    public ByteBuffer replies() {
        return replies;
    }

    /** Returns how many recvmmsg(2) calls the last exchange made. */
    public int receiveCalls() {
        return receiveCalls;
    }

    /** Returns how many datagrams the last exchange received. */
    public int datagrams() {
        return datagrams;
    }

    /** Returns the errno's hint for a failed request, as one line. */
    public NetlinkException describeError(int index) {
        return new NetlinkException("request " + index + " of the batch (seq " + sequence(index) + ")",
                error(index), "the kernel refused this request alone; the others were handled");
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("request " + index + " is not in this batch of " + count);
        }
        return index;
    }

    private NetlinkException receiveFailed(int errno) {
        String call = "recvmmsg(fd " + socket.fd() + ")";
        switch (errno) {
            case Errno.EAGAIN:
                return new NetlinkException(call, errno, unanswered + " of " + count + " requests got no answer within "
                        + timeoutMillis + " ms: does the kernel side answer each of them (NLM_F_ACK, or a reply)?");
            case Errno.ENOBUFS:
                return new NetlinkException(call, errno, "the socket's receive queue overflowed and the kernel dropped"
                        + " answers: send fewer requests per batch, or raise SO_RCVBUF");
            default:
                return new NetlinkException(call, errno, "unexpected: see recvmmsg(2) and netlink(7)");
        }
    }
}
