package netlink.workshop.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * FastCalls binds sendmsg(2), recvmsg(2) and recvmmsg(2) with JNA direct
 * mapping, their structures passed as raw addresses (a {@code long}): a
 * Pointer argument costs an object and a lookup per call, which FastClient's
 * figures (see there) cannot afford.
 */
final class FastCalls {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private FastCalls() {
    }

    /** sendmsg(2), the msghdr as a raw address. */
    static native long sendmsg(int fd, long msg, int flags) throws LastErrorException;

    /** recvmsg(2), the msghdr as a raw address. */
    static native long recvmsg(int fd, long msg, int flags) throws LastErrorException;

    /** recvmmsg(2), the vector and the timespec as raw addresses; a timeout of 0 is NULL. */
    static native int recvmmsg(int fd, long msgvec, int vlen, int flags, long timeout) throws LastErrorException;
}
