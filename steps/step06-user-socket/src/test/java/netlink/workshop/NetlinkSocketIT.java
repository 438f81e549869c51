package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * NetlinkSocket.open on this machine's kernel (NETLINK_ROUTE always has a
 * kernel socket): the descriptor is a netlink socket, and it closes on exec
 * (SOCK_CLOEXEC), as /proc/self/fdinfo shows (O_CLOEXEC in its flags).
 */
@Tag("todo1")
class NetlinkSocketIT {
    /** O_CLOEXEC (asm-generic/fcntl.h), as fdinfo's octal flags show it. */
    private static final int O_CLOEXEC = 02000000;

    @Test
    void openGivesANetlinkSocketThatClosesOnExec() throws Exception {
        try (NetlinkSocket socket = NetlinkSocket.open(Protocol.NETLINK_ROUTE)) {
            Path fd = Path.of("/proc/self/fd/" + socket.fd());
            assertThat(Files.readSymbolicLink(fd).toString()).as("TODO 1: fd " + socket.fd() + " is not a socket:"
                    + " NetlinkSocket must wrap the descriptor socket(2) returned").startsWith("socket:[");
            String flags = Files.readAllLines(Path.of("/proc/self/fdinfo/" + socket.fd())).stream()
                    .filter(l -> l.startsWith("flags:")).findFirst().orElseThrow().replaceAll("\\D", "");
            assertThat(Integer.parseInt(flags, 8) & O_CLOEXEC).as("TODO 1: the socket does not close on exec"
                    + " (fdinfo flags " + flags + "): pass SOCK_RAW | SOCK_CLOEXEC as socket(2)'s type, so that a"
                    + " program this one starts does not inherit it").isEqualTo(O_CLOEXEC);
            assertThat(socket.protocol()).as("TODO 1: the socket says protocol " + socket.protocol()
                    + ", not the one it was opened on").isEqualTo(Protocol.NETLINK_ROUTE);
        }
    }
}
