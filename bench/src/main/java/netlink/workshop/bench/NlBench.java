package netlink.workshop.bench;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * NlBench binds, with JNA direct mapping, the bench's own C library
 * (bench/src/c/libnlbench.c, built by tools/bench.sh; its path is the system
 * property {@code bench.lib}) and libc's getppid(2): the rungs of the ladder
 * that take a JNA call apart from the kit's code.
 */
final class NlBench {
    private NlBench() {
    }

    /** Whether the library was given: the host-noop ladder needs it, the VM comparison does not. */
    static boolean available() {
        return System.getProperty("bench.lib") != null;
    }

    /** libnlbench.so's functions (route-noop.h's round trip, entered from Java). */
    static final class Lib {
        static {
            Native.register(NativeLibrary.getInstance(System.getProperty("bench.lib")));
        }

        private Lib() {
        }

        /** Opens and binds the library's NETLINK_ROUTE socket; its descriptor, or -1. */
        static native int nlb_noop_open();

        /** One NOOP round trip, checked, in C: 0, or -1 after printing why. */
        static native int nlb_noop_round_trip(int seq);

        /** {@code count} NOOP round trips in one C loop: 0, or -1 after printing why. */
        static native int nlb_noop_loop(int firstSeq, int count);
    }

    /** libc, for the bare system call. */
    static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        private LibC() {
        }

        /** getppid(2): {@code pid_t getppid(void)}, one system call that does almost nothing. */
        static native int getppid() throws LastErrorException;
    }
}
