package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import org.junit.jupiter.api.Test;

/**
 * The host kernel really answers the socket() mistakes that SocketErrorsTest
 * explains. It calls socket(2) itself, not the learner's NetlinkSocket:
 * NetlinkSocketIT checks TODO 1.
 */
class SocketErrorsIT {
    /** SOCK_STREAM (sys/socket.h): a byte stream, which netlink does not offer. */
    private static final int SOCK_STREAM = 1;

    @Test
    void aStreamSocketIsNotANetlinkType() {
        assertThatThrownBy(() -> LibC.socket(Protocol.AF_NETLINK, SOCK_STREAM, Protocol.NETLINK_ROUTE))
                .isInstanceOfSatisfying(LastErrorException.class,
                        e -> assertThat(e.getErrorCode())
                                .isEqualTo(Errno.ESOCKTNOSUPPORT));
    }

    @Test
    void unknownTypeFlagsAreInvalid() {
        assertThatThrownBy(() -> LibC.socket(Protocol.AF_NETLINK, Protocol.SOCK_RAW | 0x4000_0000,
                Protocol.NETLINK_ROUTE))
                .isInstanceOfSatisfying(LastErrorException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo(Errno.EINVAL));
    }
}
