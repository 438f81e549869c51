package netlink.workshop.part2.ch14;

import java.util.ArrayList;
import java.util.List;
import netlink.workshop.Attributes;
import netlink.workshop.Dump;
import netlink.workshop.GenericNetlink;
import netlink.workshop.Genl;
import netlink.workshop.GenlFamily;
import netlink.workshop.MalformedAttributeException;
import netlink.workshop.Message;
import netlink.workshop.MessageType;
import netlink.workshop.NetlinkConnection;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.NlwsContract;
import netlink.workshop.NlwsFamily;
import netlink.workshop.Options;
import netlink.workshop.Protocol;
import netlink.workshop.Rtnetlink;

/**
 * HelloList is chapter 14's program: it says hello a few times, then dumps
 * NLWS_CMD_LIST (NLM_F_DUMP) and prints the hellos the module remembers.
 *
 * <p>Options: {@code --hellos N} says hello N times first (default 3);
 * {@code --links} instead dumps this kernel's network interfaces with
 * RTM_GETLINK on NETLINK_ROUTE, as {@code ip link} does; {@code --intr}
 * changes the list in the middle of a dump, to show NLM_F_DUMP_INTR;
 * {@code --sizes} dumps 16 long hellos twice on a fresh socket and prints
 * each datagram's size: the room the kernel gave each call of the dump.
 */
public final class HelloList {
    private HelloList() {
    }

    public static void main(String[] args) {
        Options options = new Options("HelloList", "chapter 14: says hello, then dumps the hellos the module remembers")
                .number("--hellos", "N", 3, 0, Integer.MAX_VALUE, "say hello N times first")
                .flag("--links", "dump this kernel's network interfaces (RTM_GETLINK on NETLINK_ROUTE) instead")
                .flag("--intr", "change the list in the middle of a dump, to show NLM_F_DUMP_INTR")
                .flag("--sizes", "dump 16 long hellos twice on a fresh socket and print each datagram's size")
                .parseOrExit(args);
        if (options.flag("--links") && options.flag("--intr")) {
            options.fail("--links and --intr are two different runs: give one");
        }
        if (options.flag("--sizes") && (options.flag("--links") || options.flag("--intr"))) {
            options.fail("--sizes is a run of its own: give it without --links and --intr");
        }
        int hellos = options.intValue("--hellos");
        String mode = options.flag("--sizes") ? "sizes" : options.flag("--links") ? "links"
                : options.flag("--intr") ? "intr" : "list";
        try {
            switch (mode) {
                case "links": links(); break;
                case "intr": interrupted(); break;
                case "sizes": sizes(); break;
                default: list(hellos);
            }
        } catch (NetlinkException | MalformedAttributeException | IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    private static void list(int hellos) throws NetlinkException, MalformedAttributeException {
        try (NlwsFamily nlws = NlwsFamily.open()) {
            GenlFamily family = nlws.family();
            System.out.println("socket open on NETLINK_GENERIC (16), bound to port "
                    + Integer.toUnsignedString(nlws.portId()) + "; family \"nlws\" has id " + family.id());
            for (int i = 1; i <= hellos; i++) {
                nlws.hello("Hello Kernel #" + i);
            }
            System.out.println("said hello " + hellos + " times");
            Dump.Result dump = Dump.run(nlws.genl().connection(), family.id(), listRequest(family), Genl.HDRLEN,
                    NlwsContract::attributeName);
            System.out.println("NLWS_CMD_LIST with NLM_F_DUMP: " + dump.entries().size() + " entries (NLM_F_MULTI) in "
                    + dump.datagrams() + " datagram(s), then NLMSG_DONE" + (dump.interrupted()
                    ? "; NLM_F_DUMP_INTR set" : ""));
            print(dump.entries());
        }
    }

    private static void interrupted() throws NetlinkException, MalformedAttributeException {
        try (NlwsFamily sayer = NlwsFamily.open(); GenericNetlink dumper = GenericNetlink.open()) {
            GenlFamily family = sayer.family();
            // Long messages, so that the remembered hellos need more than one datagram.
            for (int i = 1; i <= 16; i++) {
                sayer.hello(i + " " + "x".repeat(NlwsContract.MSG_MAX - 8));
            }
            System.out.println("said 16 long hellos; starting a dump on a fresh socket");
            // A fresh socket: the kernel sizes the first part of the dump at NLMSG_GOODSIZE, about a page.
            NetlinkConnection connection = dumper.connection();
            int seq = Dump.start(connection, family.id(), listRequest(family));
            sayer.hello("a hello in the middle of the dump");
            System.out.println("said one more hello before reading the dump");
            Dump.Result first = Dump.collect(connection, seq, Genl.HDRLEN, NlwsContract::attributeName);
            System.out.println("first dump: " + first.entries().size() + " entries in " + first.datagrams()
                    + " datagrams, NLM_F_DUMP_INTR " + (first.interrupted() ? "set: the list changed during the dump"
                    : "not set"));
            Dump.Result again = Dump.consistent(connection, family.id(), listRequest(family), Genl.HDRLEN,
                    NlwsContract::attributeName, 5);
            System.out.println("dumped again: " + again.entries().size() + " entries, NLM_F_DUMP_INTR not set");
        }
    }

    /**
     * Says 16 long hellos, then dumps them twice on a socket that has received
     * nothing before, printing each datagram's bytes: the first part of the
     * first dump is built at request time, when the kernel knows no recvmsg()
     * buffer of the socket's, in NLMSG_GOODSIZE; every later part in the
     * largest buffer the socket has passed to recvmsg() (32 KiB here).
     */
    private static void sizes() throws NetlinkException {
        try (NlwsFamily sayer = NlwsFamily.open(); GenericNetlink dumper = GenericNetlink.open()) {
            GenlFamily family = sayer.family();
            for (int i = 1; i <= 16; i++) {
                sayer.hello(i + " " + "x".repeat(NlwsContract.MSG_MAX - 8));
            }
            System.out.println("said 16 long hellos; dumping them twice on a socket that has received nothing yet");
            for (String which : List.of("first dump", "second dump")) {
                NetlinkConnection connection = dumper.connection();
                int seq = Dump.start(connection, family.id(), listRequest(family));
                List<String> datagrams = new ArrayList<>();
                boolean done = false;
                while (!done) {
                    int bytes = 0;
                    int entries = 0;
                    for (Message message : connection.receive()) {
                        if (message.header().sequence() != seq) {
                            continue;
                        }
                        bytes += Nlmsg.align(message.header().length());
                        if (message.header().type() == MessageType.ERROR) {
                            throw connection.refusal(connection.parseError(message), Genl.HDRLEN,
                                    NlwsContract::attributeName);
                        }
                        done |= message.header().type() == MessageType.DONE;
                        entries += message.header().type() == family.id() ? 1 : 0;
                    }
                    datagrams.add(bytes + " bytes (" + (entries > 0 ? entries + " entries" : "NLMSG_DONE") + ")");
                }
                System.out.println(which + ": " + String.join(", ", datagrams));
            }
        }
    }

    private static void links() throws NetlinkException {
        try (NetlinkConnection route = NetlinkConnection.open(Protocol.NETLINK_ROUTE)) {
            List<Rtnetlink.Link> links = Rtnetlink.links(route);
            System.out.println("RTM_GETLINK with NLM_F_DUMP on NETLINK_ROUTE: " + links.size() + " links");
            for (Rtnetlink.Link link : links) {
                System.out.println("  " + link.index() + ": " + link.name() + " mtu " + link.mtu() + " state "
                        + link.operState() + link.address().map(a -> " address " + a).orElse("")
                        + link.kind().map(k -> " kind " + k).orElse(""));
            }
        }
    }

    private static byte[] listRequest(GenlFamily family) {
        return GenericNetlink.message(family, NlwsContract.CMD_LIST).toByteArray();
    }

    private static void print(List<Message> entries) throws MalformedAttributeException {
        for (Message entry : entries) {
            Attributes attributes = Attributes.of(entry, Genl.HDRLEN);
            String text = attributes.require(NlwsContract.ATTR_MSG, "NLWS_ATTR_MSG").string();
            System.out.println("  hello " + Integer.toUnsignedString(attributes.require(NlwsContract.ATTR_COUNT,
                    "NLWS_ATTR_COUNT").u32()) + " from port " + Integer.toUnsignedString(attributes.require(
                    NlwsContract.ATTR_PORT, "NLWS_ATTR_PORT").u32()) + ": \"" + (text.length() > 40
                    ? text.substring(0, 40) + "..." : text) + "\"");
        }
    }
}
