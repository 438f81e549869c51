package netlink.workshop;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * Mmsghdr is {@code struct mmsghdr} (sys/socket.h, see recvmmsg(2)): one
 * entry of the vector recvmmsg takes, a msghdr and the length of the datagram
 * received into it, 64 bytes on x86-64.
 */
@FieldOrder({"msg_hdr", "msg_len"})
public final class Mmsghdr extends Structure {
    /** Where this entry's datagram goes, as for recvmsg(2). */
    public Msghdr msg_hdr = new Msghdr();
    /** Filled in by recvmmsg: the datagram's length (with MSG_TRUNC: its real length). */
    public int msg_len;
}
