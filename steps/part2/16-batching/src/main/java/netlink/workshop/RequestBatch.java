package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * RequestBatch sends many netlink requests in one datagram and reads their
 * answers back, each matched to its request by sequence number.
 *
 * <p>The requests are written back to back, each padded to NLMSG_ALIGN, into
 * one buffer and sent with a single sendmsg(2). The kernel's
 * {@code netlink_rcv_skb()} (net/netlink/af_netlink.c) walks every message of
 * that datagram, calls the family's handler for each, and acknowledges each
 * one on its own: an error for one request does not stop the others. The
 * answers arrive as separate datagrams, which recvmmsg(2) reads many at a
 * time, one struct mmsghdr each.
 *
 * <p>After {@link #exchange()}, {@link #error(int)} says how each request
 * ended (0, or the errno its NLMSG_ERROR carried) and {@link #reply(int)}
 * gives its reply. Dumps (NLM_F_DUMP, several messages per answer) are not
 * handled. A batch is used by one thread at a time.
 */
public final class RequestBatch {
    /** The default size of one answer's buffer: an NLMSG_ERROR quoting a request, with room to spare. */
    public static final int DEFAULT_SLOT = 1024;
    /** The largest datagram a batch builds: the kernel's default send buffer holds it easily. */
    public static final int MAX_DATAGRAM = 64 * 1024;

    /** struct nlmsgerr: int error, then the request's nlmsghdr. */
    private static final int NLMSGERR_SIZE = 4 + Nlmsg.HDRLEN;

    private final BoundSocket socket;
    private final int capacity;
    private final int slotSize;
    private final long timeoutMillis;

    private final List<Message> requests = new ArrayList<>();
    private final boolean[] answered;
    private final int[] errors;
    private final Message[] replies;

    private int nextSequence;
    private int unanswered;
    private int receiveCalls;
    private int datagrams;

    /**
     * Creates a batch of at most {@code capacity} requests on {@code socket},
     * whose answers may each take {@code slotSize} bytes, and whose receives
     * give up after {@code timeout} (SO_RCVTIMEO).
     */
    public RequestBatch(BoundSocket socket, int capacity, int slotSize, Duration timeout) throws NetlinkException {
        if (capacity < 1 || slotSize < Nlmsg.HDRLEN) {
            throw new IllegalArgumentException("a batch needs room for at least one request and one header");
        }
        this.socket = socket;
        this.capacity = capacity;
        this.slotSize = Nlmsg.align(slotSize);
        this.timeoutMillis = timeout.toMillis();
        answered = new boolean[capacity];
        errors = new int[capacity];
        replies = new Message[capacity];
        setTimeout(timeout);
    }

    /** Creates a batch with {@link #DEFAULT_SLOT}-byte answer buffers. */
    public RequestBatch(BoundSocket socket, int capacity, Duration timeout) throws NetlinkException {
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
        requests.clear();
    }

    /**
     * Appends one request with the next sequence number and {@code NLM_F_REQUEST}
     * added to {@code requestFlags}; it waits for its answer from now on.
     *
     * @return the request's index in this batch, 0 for the first
     * @throws NetlinkException EMSGSIZE when the batch is full or its datagram would pass MAX_DATAGRAM
     */
    public int add(int type, int requestFlags, byte[] payload) throws NetlinkException {
        if (requests.size() == capacity || datagramLength() + Nlmsg.space(payload.length) > MAX_DATAGRAM) {
            throw new NetlinkException("RequestBatch.add", Errno.EMSGSIZE, requests.size() == capacity
                    ? "the batch holds " + capacity + " requests: exchange() them, then clear() and go on"
                    : "the batch's datagram would pass " + MAX_DATAGRAM + " bytes: send fewer at a time");
        }
        int index = requests.size();
        requests.add(Message.of(type, requestFlags | Flags.REQUEST, ++nextSequence, socket.portId(), payload));
        expectAnswers();
        return index;
    }

    /**
     * Keeps the batch's requests and gives them the next sequence numbers, to
     * send the same requests again (a poll, say) without building them anew.
     */
    public void renumber() {
        for (int i = 0; i < requests.size(); i++) {
            Message request = requests.get(i);
            MessageHeader h = request.header();
            requests.set(i, new Message(new MessageHeader(h.length(), h.type(), h.flags(), ++nextSequence, h.pid()),
                    request.payload()));
        }
        expectAnswers();
    }

    /** Returns how many requests the batch holds. */
    public int size() {
        return requests.size();
    }

    /** Returns the bytes the batch's datagram takes: every request, each padded to NLMSG_ALIGN. */
    public int datagramLength() {
        int length = 0;
        for (Message request : requests) {
            length += Nlmsg.space(request.payload().length);
        }
        return length;
    }

    /** Returns the sequence number of request {@code index}. */
    public int sequence(int index) {
        return requests.get(checkIndex(index)).header().sequence();
    }

    /**
     * Sends every request in one sendmsg(2), then receives with recvmmsg(2)
     * until each request has its answer.
     *
     * @throws NetlinkException when sending fails, or EAGAIN when an answer
     *     does not come in time, EMSGSIZE when one does not fit its buffer
     */
    public void exchange() throws NetlinkException {
        expectAnswers();
        receiveCalls = 0;
        datagrams = 0;
        if (requests.isEmpty()) {
            return;
        }
        send();
        // A request with NLM_F_ACK can get two answers: its reply, then the ack.
        int room = 2 * capacity;
        while (unanswered > 0) {
            if (datagrams >= room) {
                throw new NetlinkException("recvmmsg(fd " + socket.fd() + ")", Errno.ENOBUFS, "all " + room
                        + " answers read and " + unanswered + " requests are unanswered: the other"
                        + " datagrams were stale answers to an earlier batch that timed out, or came from"
                        + " another program: read the socket empty before the next batch");
            }
            // Each unanswered request needs at least one more datagram: asking for
            // no more spares the kernel a last, empty try at the queue.
            for (ByteBuffer datagram : receive(Math.min(room - datagrams, unanswered))) {
                absorb(datagram);
            }
        }
    }

    /** Sends the requests, back to back, as one datagram to the kernel. */
    private void send() throws NetlinkException {
        Memory datagram = new Memory(datagramLength());
        int at = 0;
        for (Message request : requests) {
            ByteBuffer encoded = request.encode();
            datagram.write(at, encoded.array(), 0, encoded.capacity());
            at += encoded.capacity();
        }
        SockaddrNl kernel = new SockaddrNl(0);
        kernel.write();
        Iovec iov = new Iovec();
        iov.iov_base = datagram;
        iov.iov_len = at;
        iov.write();
        Msghdr msg = new Msghdr();
        msg.msg_name = kernel.getPointer();
        msg.msg_namelen = kernel.size();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        msg.write();
        while (true) {
            try {
                SendCalls.sendmsg(socket.fd(), msg.getPointer(), 0);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new NetlinkException("sendmsg(fd " + socket.fd() + ", to port 0)", e.getErrorCode(),
                            "the kernel did not take the batch's " + at + "-byte datagram: see sendmsg(2)");
                }
            }
        }
    }

    /**
     * Receives up to {@code wanted} datagrams with one recvmmsg(2): it waits
     * for the first (MSG_WAITFORONE), then takes what is already queued.
     * Datagrams from another socket than the kernel's (port 0) are dropped.
     */
    private List<ByteBuffer> receive(int wanted) throws NetlinkException {
        Memory buffers = new Memory((long) wanted * slotSize);
        SockaddrNl[] senders = new SockaddrNl[wanted];
        Iovec[] iovs = (Iovec[]) new Iovec().toArray(wanted);
        Mmsghdr[] vector = (Mmsghdr[]) new Mmsghdr().toArray(wanted);
        for (int i = 0; i < wanted; i++) {
            senders[i] = new SockaddrNl(0);
            iovs[i].iov_base = buffers.share((long) i * slotSize);
            iovs[i].iov_len = slotSize;
            iovs[i].write();
            vector[i].msg_hdr.msg_name = senders[i].getPointer();
            vector[i].msg_hdr.msg_namelen = senders[i].size();
            vector[i].msg_hdr.msg_iov = iovs[i].getPointer();
            vector[i].msg_hdr.msg_iovlen = 1;
            vector[i].write();
        }
        int received;
        while (true) {
            try {
                received = BatchCalls.recvmmsg(socket.fd(), vector[0].getPointer(), wanted,
                        BatchCalls.MSG_WAITFORONE | RecvCalls.MSG_TRUNC, null);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw receiveFailed(e.getErrorCode());
                }
            }
        }
        receiveCalls++;
        datagrams += received;
        List<ByteBuffer> kernels = new ArrayList<>();
        for (int i = 0; i < received; i++) {
            vector[i].read();
            senders[i].read();
            int length = vector[i].msg_len;
            if ((vector[i].msg_hdr.msg_flags & RecvCalls.MSG_TRUNC) != 0) {
                throw new NetlinkException("recvmmsg(fd " + socket.fd() + ")", Errno.EMSGSIZE, "an answer of "
                        + length + " bytes was cut to its " + slotSize + "-byte buffer: create the batch with larger slots");
            }
            // Only the kernel (port 0) answers requests; anything else is not ours to count.
            if (senders[i].nl_pid == 0) {
                byte[] bytes = buffers.getByteArray((long) i * slotSize, length);
                kernels.add(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()));
            }
        }
        return kernels;
    }

    /**
     * Matches every netlink message of one received datagram to its request.
     * Messages for no request of this batch (stale answers to an earlier one)
     * are skipped.
     */
    void absorb(ByteBuffer datagram) {
        int at = 0;
        int end = datagram.limit();
        while (end - at >= Nlmsg.HDRLEN) {
            MessageHeader header = MessageHeader.readFrom(datagram, at);
            if (header.length() < Nlmsg.HDRLEN || header.length() > end - at) {
                return;
            }
            int index = requestIndex(header.sequence(), firstSequence(), requests.size());
            if (index >= 0 && !answered[index]) {
                if (header.type() == MessageType.ERROR && header.length() >= Nlmsg.HDRLEN + 4) {
                    // An ack (error 0) or an error: the last answer a request gets.
                    errors[index] = -datagram.getInt(at + Nlmsg.HDRLEN);
                    markAnswered(index);
                } else {
                    byte[] payload = new byte[header.length() - Nlmsg.HDRLEN];
                    datagram.get(at + Nlmsg.HDRLEN, payload);
                    replies[index] = new Message(header, payload);
                    // Without NLM_F_ACK, the reply is the whole answer; with it, an ack follows.
                    if ((requests.get(index).header().flags() & Flags.ACK) == 0) {
                        markAnswered(index);
                    }
                }
            }
            at += Nlmsg.align(header.length());
        }
    }

    private void markAnswered(int index) {
        answered[index] = true;
        unanswered--;
    }

    /** Every request waits for its answer again. */
    private void expectAnswers() {
        for (int i = 0; i < requests.size(); i++) {
            answered[i] = false;
            errors[i] = 0;
            replies[i] = null;
        }
        unanswered = requests.size();
    }

    private int firstSequence() {
        return requests.isEmpty() ? 0 : requests.get(0).header().sequence();
    }

    /**
     * Returns the index of the request whose answer carries {@code sequence},
     * in a batch of {@code count} requests numbered from {@code firstSequence};
     * -1 when the answer belongs to no request of the batch.
     */
    static int requestIndex(int sequence, int firstSequence, int count) {
        // TODO 1: turn the answer's sequence number into the index of its request, or leave -1
        // HINT 1: add() gave the requests firstSequence, firstSequence + 1, ... in order
        // HINT 1: an answer outside [firstSequence, firstSequence + count) is stale: keep -1 for it
        int index = sequence - firstSequence;
        if (index >= 0 && index < count) {
            return index;
        }
        // END TODO 1
        return -1;
    }

    /** Returns how many requests have no answer yet. */
    public int unanswered() {
        return unanswered;
    }

    /** Returns whether request {@code index} has its whole answer. */
    public boolean answered(int index) {
        return answered[checkIndex(index)];
    }

    /** Returns 0 when request {@code index} succeeded, else the errno of its NLMSG_ERROR (e.g. EOPNOTSUPP). */
    public int error(int index) {
        return errors[checkIndex(index)];
    }

    /** Returns how many requests of the last exchange ended with an error. */
    public int failures() {
        int failed = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (errors[i] != 0) {
                failed++;
            }
        }
        return failed;
    }

    /** Returns request {@code index}'s reply message, or null without one. */
    public Message reply(int index) {
        return replies[checkIndex(index)];
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
        if (index < 0 || index >= requests.size()) {
            throw new IndexOutOfBoundsException("request " + index + " is not in this batch of " + requests.size());
        }
        return index;
    }

    private NetlinkException receiveFailed(int errno) {
        String call = "recvmmsg(fd " + socket.fd() + ")";
        switch (errno) {
            case Errno.EAGAIN:
                return new NetlinkException(call, errno, unanswered + " of " + requests.size()
                        + " requests got no answer within " + timeoutMillis
                        + " ms: does the kernel side answer each of them (NLM_F_ACK, or a reply)?");
            case Errno.ENOBUFS:
                return new NetlinkException(call, errno, "the socket's receive queue overflowed and the kernel dropped"
                        + " answers: send fewer requests per batch, or raise SO_RCVBUF");
            default:
                return new NetlinkException(call, errno, "unexpected: see recvmmsg(2) and netlink(7)");
        }
    }
}
