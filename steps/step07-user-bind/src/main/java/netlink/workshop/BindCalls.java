package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.ptr.IntByReference;

/** BindCalls binds the C calls of stage 7 with JNA direct mapping (bind(2), getsockname(2), getpid(2)). */
public final class BindCalls {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private BindCalls() {
    }

    /** bind(2): {@code int bind(int fd, const struct sockaddr *addr, socklen_t addrlen)}. */
    public static native int bind(int fd, SockaddrNl addr, int addrlen) throws LastErrorException;

    /** getsockname(2): {@code int getsockname(int fd, struct sockaddr *addr, socklen_t *addrlen)}. */
    public static native int getsockname(int fd, SockaddrNl addr, IntByReference addrlen) throws LastErrorException;

    /** getpid(2): {@code pid_t getpid(void)}. */
    public static native int getpid();
}
