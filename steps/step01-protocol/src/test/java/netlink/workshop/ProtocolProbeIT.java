package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import org.junit.jupiter.api.Test;

/** The host kernel answers socket() for real: NETLINK_ROUTE opens, protocol 32 never does. */
class ProtocolProbeIT {
    @Test
    void routeOpensOnEveryLinuxKernel() {
        int fd = LibC.socket(Protocol.AF_NETLINK, Protocol.SOCK_RAW | Protocol.SOCK_CLOEXEC, Protocol.NETLINK_ROUTE);
        assertThat(fd).isGreaterThanOrEqualTo(0);
        assertThat(LibC.close(fd)).isZero();
    }

    @Test
    void protocolPastMaxLinksIsNotSupported() {
        assertThatThrownBy(() -> LibC.socket(Protocol.AF_NETLINK, Protocol.SOCK_RAW, Protocol.MAX_LINKS))
                .isInstanceOfSatisfying(LastErrorException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(Errno.EPROTONOSUPPORT));
    }
}
