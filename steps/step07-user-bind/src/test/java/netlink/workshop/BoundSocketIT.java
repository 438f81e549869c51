package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * BoundSocket.open on the host kernel's NETLINK_ROUTE: the kernel picks each
 * socket's port, so one process can hold several sockets (the seed's getpid()
 * bind allows one).
 */
@Tag("todo1")
class BoundSocketIT {
    @Test
    void twoSocketsInOneProcessGetTwoPortsPickedByTheKernel() throws Exception {
        try (BoundSocket first = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            BoundSocket second;
            try {
                second = BoundSocket.open(Protocol.NETLINK_ROUTE);
            } catch (NetlinkException e) {
                throw new AssertionError("[TODO 1: a second BoundSocket.open() in this process failed (" + e.getMessage()
                        + "): bind to nl_pid 0 (KERNEL_PICKS) so the kernel picks a free port, not getpid()]", e);
            }
            try (second) {
                assertThat(first.portId()).as("TODO 1: the kernel picks a port, never 0").isNotZero();
                assertThat(second.portId()).as("TODO 1: each socket gets its own port")
                        .isNotZero().isNotEqualTo(first.portId());
            }
        }
    }
}
