package netlink.workshop.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import netlink.workshop.BoundSocket;
import netlink.workshop.Errno;
import netlink.workshop.Iovec;
import netlink.workshop.MessageHeader;
import netlink.workshop.MessageType;
import netlink.workshop.Msghdr;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.RecvCalls;
import netlink.workshop.SockaddrNl;

/**
 * FastClient is the lesson's MessageSender and MessageReceiver (stages 9 and
 * 10) rebuilt for the bench's fast path: the message buffers, iovecs and
 * msghdrs are allocated once, their fields are written in place through
 * ByteBuffer views (a Pointer.setInt is a JNI call each), and the msghdrs go
 * to sendmsg/recvmsg as raw addresses (FastCalls). A round trip then
 * allocates nothing on the Java heap and makes two native calls.
 *
 * <p>Why it lives here and not in the lesson: on host-noop (./workshop bench,
 * 3 December 2026) a NOOP round trip costs the lesson's client 14.2 us of CPU
 * and 2,803 heap bytes, this one 2.94 us and 0 bytes, 1.02 times two bare JNA
 * calls (docs/en/performance.md). The lesson keeps the plain
 * structure-per-call code that reads like the C program.
 */
public final class FastClient {
    /** The largest message this client sends, header included. */
    public static final int CAPACITY = 64 * 1024;

    private final BoundSocket socket;
    private final int capacity;
    private final long timeoutMillis;

    private final ByteBuffer out;
    private final long sendAddress;
    private final ByteBuffer sendIovFields;
    private final int iovLengthOffset;

    private final ByteBuffer in;
    private final long receiveAddress;
    private final ByteBuffer receiveFields;
    private final int flagsOffset;
    private final int nameLengthOffset;
    private final int nameLength;

    /** The Structures and Memory behind the raw addresses above: reachable as long as the client is. */
    @SuppressWarnings("unused")
    private final Object[] keepAlive;

    /** A client on {@code socket} with a {@code capacity}-byte receive buffer and SO_RCVTIMEO {@code timeout}. */
    public FastClient(BoundSocket socket, int capacity, Duration timeout) throws NetlinkException {
        this.socket = socket;
        this.capacity = capacity;
        this.timeoutMillis = timeout.toMillis();

        Memory sendMemory = new Memory(CAPACITY);
        out = sendMemory.getByteBuffer(0, CAPACITY).order(ByteOrder.nativeOrder());
        SockaddrNl kernel = new SockaddrNl(0);
        kernel.write();
        Iovec sendIov = new Iovec();
        sendIov.iov_base = sendMemory;
        sendIov.write();
        Msghdr sendMsg = msghdr(kernel, sendIov);
        sendAddress = Pointer.nativeValue(sendMsg.getPointer());
        sendIovFields = sendIov.getPointer().getByteBuffer(0, sendIov.size()).order(ByteOrder.nativeOrder());
        Iovec probe = new Iovec();
        probe.iov_len = Layout.MARKER;
        iovLengthOffset = Layout.offsetOf(probe);

        Memory receiveMemory = new Memory(capacity);
        in = receiveMemory.getByteBuffer(0, capacity).order(ByteOrder.nativeOrder());
        SockaddrNl from = new SockaddrNl(0);
        Iovec receiveIov = new Iovec();
        receiveIov.iov_base = receiveMemory;
        receiveIov.iov_len = capacity;
        receiveIov.write();
        Msghdr receiveMsg = msghdr(from, receiveIov);
        receiveAddress = Pointer.nativeValue(receiveMsg.getPointer());
        receiveFields = receiveMsg.getPointer().getByteBuffer(0, receiveMsg.size()).order(ByteOrder.nativeOrder());
        Msghdr flagsProbe = new Msghdr();
        flagsProbe.msg_flags = Layout.MARKER;
        flagsOffset = Layout.offsetOf(flagsProbe);
        Msghdr nameProbe = new Msghdr();
        nameProbe.msg_namelen = Layout.MARKER;
        nameLengthOffset = Layout.offsetOf(nameProbe);
        nameLength = from.size();

        keepAlive = new Object[] {sendMemory, kernel, sendIov, sendMsg, receiveMemory, from, receiveIov, receiveMsg};
        setTimeout(timeout);
    }

    /** A msghdr with {@code address} as msg_name and the one iovec {@code iov}, written to native memory. */
    private static Msghdr msghdr(SockaddrNl address, Iovec iov) {
        Msghdr msg = new Msghdr();
        msg.msg_name = address.getPointer();
        msg.msg_namelen = address.size();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        msg.write();
        return msg;
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

    /** Writes header fields in place, without a MessageHeader. */
    static void putHeader(ByteBuffer buffer, int at, int length, int type, int flags, int sequence, int pid) {
        buffer.putInt(at + MessageHeader.LENGTH_OFFSET, length)
                .putShort(at + MessageHeader.TYPE_OFFSET, (short) type)
                .putShort(at + MessageHeader.FLAGS_OFFSET, (short) flags)
                .putInt(at + MessageHeader.SEQUENCE_OFFSET, sequence)
                .putInt(at + MessageHeader.PID_OFFSET, pid);
    }

    /** Builds one message in the send buffer and sends it to the kernel; returns the bytes sent. */
    public int send(int type, int flags, int sequence, int pid, byte[] payload) throws NetlinkException {
        int length = Nlmsg.length(payload.length);
        if (Nlmsg.align(length) > CAPACITY) {
            throw new NetlinkException("sendmsg", Errno.EMSGSIZE,
                    "a " + length + "-byte message does not fit the client's " + CAPACITY + "-byte buffer");
        }
        putHeader(out, 0, length, type, flags, sequence, pid);
        out.put(Nlmsg.HDRLEN, payload);
        for (int at = length; at < Nlmsg.align(length); at++) {
            out.put(at, (byte) 0);
        }
        return sendBuffer(length);
    }

    /** Sends the first {@code length} bytes of {@link #sendBuffer()} as they are. */
    public int sendBuffer(int length) throws NetlinkException {
        sendIovFields.putLong(iovLengthOffset, length);
        while (true) {
            try {
                return (int) FastCalls.sendmsg(socket.fd(), sendAddress, 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new NetlinkException("sendmsg(fd " + socket.fd() + ", to port 0)", e.getErrorCode(),
                            "see sendmsg(2) and netlink(7)");
                }
            }
        }
    }

    /** The send buffer, native byte order, to build messages in place. */
    public ByteBuffer sendBuffer() {
        return out;
    }

    /** Receives one datagram into {@link #received()}; returns its length. */
    public int receive() throws NetlinkException {
        while (true) {
            long length;
            try {
                in.putInt(0, 0);
                receiveFields.putInt(nameLengthOffset, nameLength);
                length = FastCalls.recvmsg(socket.fd(), receiveAddress, RecvCalls.MSG_TRUNC);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EINTR) {
                    continue;
                }
                throw new NetlinkException("recvmsg(fd " + socket.fd() + ")", e.getErrorCode(),
                        e.getErrorCode() == Errno.EAGAIN ? "no answer within " + timeoutMillis + " ms"
                                : "see recvmsg(2) and netlink(7)");
            }
            if ((receiveFields.getInt(flagsOffset) & RecvCalls.MSG_TRUNC) != 0) {
                throw new NetlinkException("recvmsg(fd " + socket.fd() + ")", Errno.EMSGSIZE,
                        "the kernel sent " + length + " bytes but the buffer holds only " + capacity);
            }
            return (int) length;
        }
    }

    /** The receive buffer, native byte order; a received datagram starts at 0. */
    public ByteBuffer received() {
        return in;
    }

    /**
     * Waits for the answer with sequence number {@code seq} that is not an
     * acknowledgement and leaves it in {@link #received()}; returns its
     * datagram's length. Fields are read in place: nothing is allocated.
     */
    public int awaitReply(int seq) throws NetlinkException {
        while (true) {
            int length = receive();
            if (length < Nlmsg.HDRLEN || in.getInt(MessageHeader.SEQUENCE_OFFSET) != seq) {
                continue;
            }
            int type = Short.toUnsignedInt(in.getShort(MessageHeader.TYPE_OFFSET));
            if (type == MessageType.ERROR && length >= Nlmsg.HDRLEN + 4) {
                int error = in.getInt(Nlmsg.HDRLEN);
                if (error == 0) {
                    continue;
                }
                throw new NetlinkException("the kernel's answer (NLMSG_ERROR)", -error,
                        "the module refused the request: see its lines in the kernel log (dmesg)");
            }
            return length;
        }
    }
}
