package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SO_RCVBUF, the receive queue's limit that decides when a subscriber gets
 * ENOBUFS, on this machine's kernel: sk_setsockopt (net/core/sock.c) caps the
 * value at net.core.rmem_max and __sock_set_rcvbuf stores twice it, which
 * getsockopt reads back. SO_RCVBUFFORCE skips the cap, and needs CAP_NET_ADMIN.
 */
class ReceiveBufferIT {
    private static final int SO_RCVBUF = 8;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int CAP_NET_ADMIN = 12;

    @Test
    void theKernelDoublesSoRcvbufCappedByRmemMax() throws Exception {
        int rmemMax = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/rmem_max")).get(0).trim());
        int small = Math.min(65536, rmemMax);
        int large = rmemMax + 4096;
        List<String> lines = new ArrayList<>();
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            lines.add("net.core.rmem_max = " + rmemMax);
            setRcvbuf(socket, SO_RCVBUF, small);
            lines.add("SO_RCVBUF " + small + ": getsockopt reads " + rcvbuf(socket));
            setRcvbuf(socket, SO_RCVBUF, large);
            lines.add("SO_RCVBUF " + large + " (rmem_max + 4096): getsockopt reads " + rcvbuf(socket));
            if (hasNetAdmin()) {
                setRcvbuf(socket, SO_RCVBUFFORCE, large);
                lines.add("SO_RCVBUFFORCE " + large + ": getsockopt reads " + rcvbuf(socket));
            } else {
                LastErrorException e = catchThrowableOfType(() -> setRcvbuf(socket, SO_RCVBUFFORCE, large),
                        LastErrorException.class);
                lines.add("SO_RCVBUFFORCE " + large + ": " + Errno.name(e.getErrorCode()) + " without CAP_NET_ADMIN");
            }
        }
        lines.forEach(System.out::println);

        assertThat(lines).containsExactly(
                "net.core.rmem_max = " + rmemMax,
                "SO_RCVBUF " + small + ": getsockopt reads " + 2 * small,
                "SO_RCVBUF " + large + " (rmem_max + 4096): getsockopt reads " + 2 * rmemMax,
                hasNetAdmin() ? "SO_RCVBUFFORCE " + large + ": getsockopt reads " + 2 * large
                        : "SO_RCVBUFFORCE " + large + ": EPERM without CAP_NET_ADMIN");
    }

    private static void setRcvbuf(BoundSocket socket, int option, int bytes) {
        Memory value = new Memory(4);
        value.setInt(0, bytes);
        RecvCalls.setsockopt(socket.fd(), RecvCalls.SOL_SOCKET, option, value, 4);
    }

    private static int rcvbuf(BoundSocket socket) {
        Memory value = new Memory(4);
        Memory length = new Memory(4);
        length.setInt(0, 4);
        Libc.getsockopt(socket.fd(), RecvCalls.SOL_SOCKET, SO_RCVBUF, value, length);
        return value.getInt(0);
    }

    /** Whether this process's effective capabilities (CapEff in /proc/self/status) hold CAP_NET_ADMIN. */
    private static boolean hasNetAdmin() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                return new BigInteger(line.substring(7).trim(), 16).testBit(CAP_NET_ADMIN);
            }
        }
        throw new IllegalStateException("/proc/self/status has no CapEff line");
    }

    /** getsockopt(2) at SOL_SOCKET level. */
    private static final class Libc {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int getsockopt(int fd, int level, int optname, Pointer optval, Pointer optlen)
                throws LastErrorException;
    }
}
