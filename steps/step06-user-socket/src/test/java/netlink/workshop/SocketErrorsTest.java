package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way socket(2) and netlink(7) document for socket(AF_NETLINK, ...) to
 * fail gets its own one-line message: the call, strerror, the errno name, and
 * the cause with the fix.
 */
class SocketErrorsTest {
    @ParameterizedTest(name = "errno {0}")
    @ValueSource(ints = {Errno.EACCES, Errno.EPERM, Errno.EAFNOSUPPORT, Errno.EINVAL, Errno.EMFILE, Errno.ENFILE,
            Errno.ENOBUFS, Errno.ENOMEM, Errno.EPROTONOSUPPORT, Errno.ESOCKTNOSUPPORT})
    void eachDocumentedErrnoHasItsOwnExplanation(int errno) {
        NetlinkException e = NetlinkException.socketFailed(Protocol.NETLINK_WORKSHOP, errno);

        assertThat(e.getMessage()).doesNotContain("\n")
                .startsWith("socket(AF_NETLINK, SOCK_RAW, 31): " + LibC.strerror(errno) + " (" + Errno.name(errno) + "): ");
        assertThat(Errno.name(errno)).doesNotStartWith("errno ");
        assertThat(e.hint()).isNotBlank().doesNotStartWith("unexpected");
    }

    @Test
    void anUnknownErrnoStillSaysWhereToLook() {
        assertThat(NetlinkException.socketFailed(31, Errno.EBUSY).hint()).isEqualTo("unexpected: see socket(2) and netlink(7)");
    }

    @Test
    void esocktnosupportIsTheCLibrarysValue() throws Exception {
        String c = CProgram.run("""
                #include <errno.h>
                #include <stdio.h>
                int main(void)
                {
                	printf("%d\\n", ESOCKTNOSUPPORT);
                	return 0;
                }
                """);
        assertThat(c.trim()).isEqualTo(Integer.toString(Errno.ESOCKTNOSUPPORT));
    }
}
