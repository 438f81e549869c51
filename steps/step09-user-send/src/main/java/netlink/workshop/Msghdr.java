package netlink.workshop;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** Msghdr is {@code struct msghdr} (sys/socket.h): what sendmsg(2) and recvmsg(2) take, 56 bytes. */
@FieldOrder({"msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control", "msg_controllen", "msg_flags"})
public final class Msghdr extends Structure {
    /** The peer's address: a sockaddr_nl. */
    public Pointer msg_name;
    /** Its size (socklen_t). */
    public int msg_namelen;
    /** The buffers: an array of iovec. */
    public Pointer msg_iov;
    /** How many iovecs (size_t). */
    public long msg_iovlen;
    /** Ancillary data; unused here. */
    public Pointer msg_control;
    /** Its size (size_t). */
    public long msg_controllen;
    /** Flags recvmsg(2) reports, such as MSG_TRUNC. */
    public int msg_flags;

}
