package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Test;

/** The protocol number lives in kernel/include/workshop_netlink.h; Java must agree with it. */
class ProtocolHeaderTest {
    @Test
    void javaConstantsEqualTheCHeader() throws Exception {
        String out = CProgram.run("""
                #include <stdio.h>
                #include <sys/socket.h>
                #include <linux/netlink.h>
                #include "workshop_netlink.h"
                int main(void)
                {
                	printf("%d %d %d %d %d %d\\n", NETLINK_WORKSHOP, MAX_LINKS, NETLINK_ROUTE,
                	       AF_NETLINK, SOCK_RAW, SOCK_CLOEXEC);
                	return 0;
                }
                """);
        assertThat(out.trim()).isEqualTo(Protocol.NETLINK_WORKSHOP + " " + Protocol.MAX_LINKS + " "
                + Protocol.NETLINK_ROUTE + " " + Protocol.AF_NETLINK + " " + Protocol.SOCK_RAW + " "
                + Protocol.SOCK_CLOEXEC);
    }

    @Test
    void ourProtocolIsInRange() {
        assertThat(Protocol.NETLINK_WORKSHOP).isBetween(0, Protocol.MAX_LINKS - 1);
    }
}
