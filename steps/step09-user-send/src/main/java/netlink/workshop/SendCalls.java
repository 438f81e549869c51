package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/** SendCalls binds stage 9's C call with JNA direct mapping: sendmsg(2). */
public final class SendCalls {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private SendCalls() {
    }

    /** sendmsg(2): {@code ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)}. */
    public static native long sendmsg(int fd, Pointer msg, int flags) throws LastErrorException;
}
