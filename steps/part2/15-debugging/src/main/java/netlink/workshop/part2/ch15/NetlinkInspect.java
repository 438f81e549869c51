package netlink.workshop.part2.ch15;

import java.io.IOException;
import netlink.workshop.EventSubscriber;
import netlink.workshop.Genl;
import netlink.workshop.NetlinkException;
import netlink.workshop.NlwsContract;
import netlink.workshop.NlwsFamily;
import netlink.workshop.Options;
import netlink.workshop.ProcNetNetlink;

/**
 * NetlinkInspect is chapter 15's program: it opens a request socket and an
 * events subscriber, makes the subscriber overflow, and prints the two
 * sockets as /proc/net/netlink shows them, column by column. The lesson's
 * page then looks at the same sockets with ss, strace, nlmon and genl.
 *
 * <p>Options: {@code --hellos N} says hello N times without reading the
 * subscriber (default 600); {@code --wait} waits for Enter before closing,
 * to look at the sockets from another terminal.
 */
public final class NetlinkInspect {
    private NetlinkInspect() {
    }

    public static void main(String[] args) throws IOException {
        Options options = new Options("NetlinkInspect",
                "chapter 15: overflows an events subscriber and shows both sockets as /proc/net/netlink does")
                .number("--hellos", "N", 600, 0, Integer.MAX_VALUE, "say hello N times without reading the subscriber")
                .flag("--wait", "wait for Enter before closing, to look at the sockets from another terminal")
                .parseOrExit(args);
        int hellos = options.intValue("--hellos");
        boolean wait = options.flag("--wait");
        try (NlwsFamily requests = NlwsFamily.open();
                EventSubscriber events = EventSubscriber.join(NlwsContract.GENL_NAME, NlwsContract.MCGRP_EVENTS,
                        java.time.Duration.ofSeconds(2))) {
            for (int i = 0; i < hellos; i++) {
                requests.hello("inspect me");
            }
            System.out.println("said hello " + hellos + " times on port " + Integer.toUnsignedString(
                    requests.portId()) + "; the subscriber on port " + Integer.toUnsignedString(events.portId())
                    + " (group " + events.groupId() + ") read none of the events");
            print("the request socket", requests.portId(), requests.genl().connection().socket().fd());
            print("the subscriber", events.portId(), -1);
            ProcNetNetlink.find(Genl.NETLINK_GENERIC, 0).ifPresent(kernel -> System.out.println(
                    "the kernel's NETLINK_GENERIC socket: " + kernel.describe()));
            if (wait) {
                System.out.println("look at them now (ss -f netlink -a -p, cat /proc/net/netlink); Enter ends");
                System.in.read();
            }
        } catch (NetlinkException | IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    private static void print(String what, int port, int fd) throws IOException {
        ProcNetNetlink.Row row = ProcNetNetlink.find(Genl.NETLINK_GENERIC, port).orElseThrow(() -> new IOException(
                "no row for port " + Integer.toUnsignedString(port) + " in " + ProcNetNetlink.FILE));
        System.out.println(what + ": " + row.describe());
        if (fd >= 0) {
            System.out.println("  its descriptor " + fd + " is socket:[" + ProcNetNetlink.inodeOf(fd)
                    + "], the same inode");
        }
    }
}
