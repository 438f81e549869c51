package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** BatchCalls binds chapter 16's C call with JNA direct mapping: recvmmsg(2). */
public final class BatchCalls {
    /** MSG_WAITFORONE (sys/socket.h): recvmmsg(2) waits for the first datagram only, then takes what is queued. */
    public static final int MSG_WAITFORONE = 0x10000;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private BatchCalls() {
    }

    /**
     * recvmmsg(2): {@code int recvmmsg(int fd, struct mmsghdr *msgvec, unsigned int vlen, int flags,
     * struct timespec *timeout)}; a null timeout waits as SO_RCVTIMEO allows.
     *
     * @return how many datagrams were received, each with its length in {@code msg_len}
     */
    public static native int recvmmsg(int fd, Pointer msgvec, int vlen, int flags, Pointer timeout)
            throws LastErrorException;
}
