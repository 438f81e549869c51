package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * NETLINK_GET_STRICT_CHK on NETLINK_ROUTE, on this machine's kernel: an
 * RTM_GETLINK dump whose ifinfomsg asks for one interface (ifi_index 1) lists
 * every link on a socket without the option, since the link dump ignores the
 * index (rtnl_valid_dump_ifinfo_req in net/core/rtnetlink.c, and
 * rtnl_dump_ifinfo goes on to walk_entries), and ends with EINVAL on a socket
 * with it: cb->strict_check, copied from the requesting socket in
 * __netlink_dump_start (net/netlink/af_netlink.c).
 */
@Tag("todo1") // its dumps go through Dump.start
class StrictCheckIT {
    @Test
    void aLinkDumpWithAnIndexIsRefusedOnlyWithStrictChecking() throws Exception {
        byte[] oneInterface = new byte[Rtnetlink.IFINFOMSG_SIZE];
        ByteBuffer.wrap(oneInterface).order(ByteOrder.nativeOrder()).putInt(4, 1); // ifi_index 1

        try (NetlinkConnection route = NetlinkConnection.open(Protocol.NETLINK_ROUTE)) {
            int allLinks = Dump.run(route, Rtnetlink.RTM_GETLINK, new byte[Rtnetlink.IFINFOMSG_SIZE],
                    Rtnetlink.IFINFOMSG_SIZE, t -> null).entries().size();

            String lenient = "NETLINK_GET_STRICT_CHK " + SocketOptions.get(route.socket(),
                    SocketOptions.NETLINK_GET_STRICT_CHK, "NETLINK_GET_STRICT_CHK") + ": " + answer(route, oneInterface);
            SocketOptions.set(route.socket(), SocketOptions.NETLINK_GET_STRICT_CHK, 1, "NETLINK_GET_STRICT_CHK");
            String strict = "NETLINK_GET_STRICT_CHK " + SocketOptions.get(route.socket(),
                    SocketOptions.NETLINK_GET_STRICT_CHK, "NETLINK_GET_STRICT_CHK") + ": " + answer(route, oneInterface);
            System.out.println(lenient);
            System.out.println(strict);

            assertThat(allLinks).isPositive();
            assertThat(lenient).isEqualTo("NETLINK_GET_STRICT_CHK 0: " + allLinks + " × RTM_NEWLINK, NLMSG_DONE error 0");
            assertThat(strict).isEqualTo("NETLINK_GET_STRICT_CHK 1: NLMSG_DONE error EINVAL"
                    + " \"Filter by device index not supported for link dumps\"");
        }
    }

    /** Sends the dump and says what came back: how many links, and the NLMSG_DONE's error and message. */
    private static String answer(NetlinkConnection route, byte[] ifinfomsg) throws NetlinkException {
        int seq = Dump.start(route, Rtnetlink.RTM_GETLINK, ifinfomsg);
        int links = 0;
        while (true) {
            for (Message message : route.receive()) {
                if (message.header().sequence() != seq) {
                    continue;
                }
                if (message.header().type() != MessageType.DONE) {
                    links++;
                    continue;
                }
                ByteBuffer done = message.payloadBuffer();
                int error = -done.getInt(0);
                StringBuilder line = new StringBuilder();
                if (links > 0) {
                    line.append(links).append(" × RTM_NEWLINK, ");
                }
                line.append("NLMSG_DONE error ").append(error == 0 ? "0" : Errno.name(error));
                // NLM_F_ACK_TLVS: extended-ACK attributes follow the error (netlink_dump_done)
                for (int at = 4; at + Nla.HDRLEN <= done.limit(); ) {
                    int length = Short.toUnsignedInt(done.getShort(at));
                    int type = Short.toUnsignedInt(done.getShort(at + 2));
                    if (length < Nla.HDRLEN) {
                        break;
                    }
                    if (type == ExtendedAck.NLMSGERR_ATTR_MSG) {
                        byte[] text = new byte[length - Nla.HDRLEN - 1];
                        done.get(at + Nla.HDRLEN, text);
                        line.append(" \"").append(new String(text, StandardCharsets.UTF_8)).append('"');
                    }
                    at += Nla.align(length);
                }
                return line.toString();
            }
        }
    }
}
