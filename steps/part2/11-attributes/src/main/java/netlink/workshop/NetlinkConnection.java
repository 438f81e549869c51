package netlink.workshop;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * NetlinkConnection is a request-and-answer conversation with a kernel
 * family on one netlink protocol, built on the ten stages' classes
 * ({@link BoundSocket}, {@link MessageSender}, {@link MessageReceiver}). It
 * turns on extended ACKs, numbers its requests, splits each datagram into its
 * messages, and turns an NLMSG_ERROR into a {@link KernelRefusal} that names
 * the offending attribute.
 */
public final class NetlinkConnection implements AutoCloseable {
    /** The receive buffer: a dump's datagrams fill up to a page or more (NLMSG_GOODSIZE). */
    public static final int BUFFER = 32 * 1024;
    /** How long a receive waits by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    private final BoundSocket socket;
    private final MessageSender sender;
    private final MessageReceiver receiver;
    private int sequence;
    private byte[] lastPayload = new byte[0];

    private NetlinkConnection(BoundSocket socket, Duration timeout) throws NetlinkException {
        this.socket = socket;
        this.sender = new MessageSender(socket);
        this.receiver = new MessageReceiver(socket, BUFFER, timeout);
    }

    /** Opens a socket on {@code protocol}, bound to a port the kernel picks, with extended ACKs on. */
    public static NetlinkConnection open(int protocol) throws NetlinkException {
        return open(protocol, DEFAULT_TIMEOUT);
    }

    /** Like {@link #open(int)}, with receives that give up after {@code timeout}. */
    public static NetlinkConnection open(int protocol, Duration timeout) throws NetlinkException {
        BoundSocket socket = BoundSocket.open(protocol);
        try {
            SocketOptions.enableExtendedAck(socket);
            return new NetlinkConnection(socket, timeout);
        } catch (NetlinkException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Returns the bound socket. */
    public BoundSocket socket() {
        return socket;
    }

    /** Returns the port id the kernel knows this socket by. */
    public int portId() {
        return socket.portId();
    }

    /**
     * Sends one message with the next sequence number and NLM_F_REQUEST
     * added to {@code flags}.
     *
     * @return the sequence number the answers will carry
     */
    public int send(int type, int flags, byte[] payload) throws NetlinkException {
        int seq = ++sequence;
        lastPayload = payload.clone();
        sender.send(Message.of(type, Flags.REQUEST | flags, seq, socket.portId(), payload));
        return seq;
    }

    /**
     * Receives one datagram and returns the messages in it (a datagram may
     * hold several: NLMSG_OK and NLMSG_NEXT walk them).
     */
    public List<Message> receive() throws NetlinkException {
        ByteBuffer data = receiver.receiveDatagram();
        int length = data.limit();
        List<Message> messages = new ArrayList<>();
        int at = 0;
        while (length - at >= Nlmsg.HDRLEN) {
            MessageHeader header = MessageHeader.readFrom(data, at);
            if (header.length() < Nlmsg.HDRLEN || header.length() > length - at) {
                throw new NetlinkException("recvmsg(fd " + socket.fd() + ")", Errno.EINVAL, "a message at offset "
                        + at + " claims nlmsg_len " + header.length() + " in a " + length + "-byte datagram");
            }
            byte[] payload = new byte[header.length() - Nlmsg.HDRLEN];
            data.get(at + Nlmsg.HDRLEN, payload);
            messages.add(new Message(header, payload));
            at += Nlmsg.align(header.length());
        }
        return messages;
    }

    /**
     * Sends a request and waits for its one answer: the first message with
     * the request's sequence number that is not an acknowledgement.
     *
     * @param familyHeaderLength the bytes before the attributes (0 here, GENL_HDRLEN for genl),
     *                           to find the attribute an extended ACK points at
     * @param names              names attribute types, for the refusal's line (may return null)
     * @throws KernelRefusal     when the kernel answers with an error
     */
    public Message request(int type, byte[] payload, int familyHeaderLength, IntFunction<String> names)
            throws NetlinkException {
        int seq = send(type, 0, payload);
        while (true) {
            for (Message message : receive()) {
                if (message.header().sequence() != seq) {
                    continue;
                }
                if (message.header().type() == MessageType.ERROR) {
                    ExtendedAck ack = parseError(message);
                    if (ack.isAck()) {
                        continue;
                    }
                    throw refusal(ack, familyHeaderLength, names);
                }
                return message;
            }
        }
    }

    /** Decodes an NLMSG_ERROR message; a malformed one is reported as such. */
    public ExtendedAck parseError(Message message) throws NetlinkException {
        ByteBuffer whole = ByteBuffer.allocate(message.header().length()).order(java.nio.ByteOrder.nativeOrder());
        message.header().writeTo(whole, 0);
        whole.put(Nlmsg.HDRLEN, message.payload());
        try {
            return ExtendedAck.parse(whole, 0, whole.capacity());
        } catch (MalformedAttributeException e) {
            throw new NetlinkException("recvmsg(fd " + socket.fd() + ")", Errno.EINVAL,
                    "the kernel's NLMSG_ERROR is malformed: " + e.getMessage());
        }
    }

    /**
     * Builds the refusal's line: the kernel's message, the offset, and the
     * attribute of the last request that sits at that offset.
     *
     * @param familyHeaderLength the bytes before the request's attributes
     * @param names              names attribute types (may return null)
     */
    public KernelRefusal refusal(ExtendedAck ack, int familyHeaderLength, IntFunction<String> names) {
        String atOffset = ack.offset().map(offset -> attributeAt(offset, familyHeaderLength, names)).orElse(null);
        return new KernelRefusal(ack, ack.describe(names, atOffset));
    }

    private String attributeAt(int offset, int familyHeaderLength, IntFunction<String> names) {
        int base = Nlmsg.HDRLEN + Nlmsg.align(familyHeaderLength);
        if (offset < base || offset >= Nlmsg.HDRLEN + lastPayload.length) {
            return null;
        }
        // Walk the request's attributes leniently: the request may be malformed on purpose.
        ByteBuffer request = ByteBuffer.wrap(lastPayload).order(java.nio.ByteOrder.nativeOrder());
        int at = base - Nlmsg.HDRLEN;
        while (at + Nla.HDRLEN <= lastPayload.length) {
            int length = Short.toUnsignedInt(request.getShort(at));
            int type = Short.toUnsignedInt(request.getShort(at + 2)) & Nla.TYPE_MASK;
            if (at + Nlmsg.HDRLEN == offset) {
                String name = names.apply(type);
                return name == null ? "attribute type " + type : name;
            }
            if (length < Nla.HDRLEN) {
                break;
            }
            at += Nla.align(length);
        }
        return null;
    }

    /**
     * Drops every datagram already queued, without waiting: after ENOBUFS
     * the kernel drops new messages until the queue is read empty (see
     * {@link MessageReceiver#discardQueued()}).
     *
     * @return how many datagrams were dropped
     */
    public int discardQueued() throws NetlinkException {
        return receiver.discardQueued();
    }

    @Override
    public void close() {
        socket.close();
    }
}
