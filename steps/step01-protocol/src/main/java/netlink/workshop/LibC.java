package netlink.workshop;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * LibC binds the C library calls of stage 1 with JNA direct mapping: each
 * method copies its C signature, and a failing call throws
 * {@link LastErrorException} carrying errno. Later stages add their own calls
 * in their own classes.
 */
public final class LibC {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private LibC() {
    }

    /** socket(2): {@code int socket(int domain, int type, int protocol)}. */
    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    /** close(2): {@code int close(int fd)}. */
    public static native int close(int fd) throws LastErrorException;

    /** strerror(3): {@code char *strerror(int errnum)}, the text for an errno value. */
    public static native String strerror(int errnum);
}
