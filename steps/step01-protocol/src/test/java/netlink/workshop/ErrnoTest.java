package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Test;

/** The errno values and messages the kit names must be the C library's. */
class ErrnoTest {
    @Test
    void errnoValuesEqualTheCLibrary() throws Exception {
        String out = CProgram.run("""
                #include <errno.h>
                #include <stdio.h>
                int main(void)
                {
                	printf("%d %d %d %d %d %d %d %d %d %d\\n", EPERM, EINTR, ECHILD, EAGAIN, EINVAL,
                	       EMSGSIZE, EPROTONOSUPPORT, EADDRINUSE, ENOBUFS, ECONNREFUSED);
                	return 0;
                }
                """);
        assertThat(out.trim()).isEqualTo(String.join(" ", String.valueOf(Errno.EPERM), String.valueOf(Errno.EINTR),
                String.valueOf(Errno.ECHILD), String.valueOf(Errno.EAGAIN), String.valueOf(Errno.EINVAL),
                String.valueOf(Errno.EMSGSIZE), String.valueOf(Errno.EPROTONOSUPPORT),
                String.valueOf(Errno.EADDRINUSE), String.valueOf(Errno.ENOBUFS), String.valueOf(Errno.ECONNREFUSED)));
    }

    @Test
    void theSeedsMinusTenIsNoChildProcesses() {
        assertThat(Errno.name(10)).isEqualTo("ECHILD");
        assertThat(LibC.strerror(Errno.ECHILD)).isEqualTo("No child processes");
    }

    @Test
    void socketErrorsExplainTheCauseAndTheFixOnOneLine() {
        String missing = NetlinkException.socketFailed(31, Errno.EPROTONOSUPPORT).getMessage();
        assertThat(missing).isEqualTo("socket(AF_NETLINK, SOCK_RAW, 31): Protocol not supported (EPROTONOSUPPORT):"
                + " no kernel socket listens on protocol 31: load a workshop module that creates one"
                + " (stage 2 or later), e.g. ./workshop run 10");
        assertThat(NetlinkException.socketFailed(32, Errno.EPROTONOSUPPORT).getMessage())
                .endsWith("protocol 32 is out of range: netlink has MAX_LINKS = 32 protocols, numbered 0 to 31");
        assertThat(NetlinkException.socketFailed(31, Errno.EMFILE).getMessage()).doesNotContain("\n")
                .contains("(EMFILE): too many open files");
    }
}
