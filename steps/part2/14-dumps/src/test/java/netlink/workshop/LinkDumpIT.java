package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real dump on this machine's kernel: RTM_GETLINK on NETLINK_ROUTE must
 * list the same links, with the same names, MTUs, states, queue lengths,
 * addresses and kinds, as {@code ip -j -d link} (iproute2) on the same kernel.
 * The exercise's TODO 1 (NLM_F_DUMP in Dump.start) is what they check.
 */
@Tag("todo1")
class LinkDumpIT {
    @Test
    void theLinkDumpMatchesIpLink() throws Exception {
        List<Rtnetlink.Link> dump;
        try (NetlinkConnection route = NetlinkConnection.open(Protocol.NETLINK_ROUTE)) {
            dump = Rtnetlink.links(route);
        }
        Workshop.Result ip = Workshop.run(new ProcessBuilder("ip", "-j", "-d", "link", "show"), 60);
        assertThat(ip.exitCode()).as(ip.toString()).isZero();

        Map<Integer, String> expected = LinkComparison.fromIpJson(ip.stdout());
        assertThat(expected).as("ip -j link found no links").isNotEmpty();
        assertThat(LinkComparison.fromDump(dump)).isEqualTo(expected);
        assertThat(dump).anyMatch(link -> link.name().equals("lo"));
    }

    @Test
    void theDumpEndsWithDoneAndTheSocketGoesOn() throws Exception {
        try (NetlinkConnection route = NetlinkConnection.open(Protocol.NETLINK_ROUTE)) {
            Dump.Result first = Dump.run(route, Rtnetlink.RTM_GETLINK, new byte[Rtnetlink.IFINFOMSG_SIZE],
                    Rtnetlink.IFINFOMSG_SIZE, t -> null);
            Dump.Result second = Dump.run(route, Rtnetlink.RTM_GETLINK, new byte[Rtnetlink.IFINFOMSG_SIZE],
                    Rtnetlink.IFINFOMSG_SIZE, t -> null);

            assertThat(first.entries()).isNotEmpty()
                    .allMatch(m -> (m.header().flags() & Flags.MULTI) != 0, "NLM_F_MULTI on every entry")
                    .allMatch(m -> m.header().type() == Rtnetlink.RTM_NEWLINK, "RTM_NEWLINK");
            assertThat(second.entries()).hasSameSizeAs(first.entries());
        }
    }
}
