package netlink.workshop.part2.ch13;

import java.time.Duration;
import java.util.List;
import netlink.workshop.Attributes;
import netlink.workshop.Errno;
import netlink.workshop.EventSubscriber;
import netlink.workshop.Genl;
import netlink.workshop.MalformedAttributeException;
import netlink.workshop.Message;
import netlink.workshop.NetlinkException;
import netlink.workshop.NlwsContract;
import netlink.workshop.NlwsFamily;
import netlink.workshop.Options;

/**
 * EventWatch is chapter 13's program: a subscriber joins the "events" group
 * of the family "nlws", a second socket says hello, and the subscriber
 * prints the NLWS_CMD_EVENT each hello causes.
 *
 * <p>Options: {@code --hellos N} says hello N times (default 2);
 * {@code --listen SECONDS} says nothing and prints the events other
 * programs cause for that long; {@code --overrun N} says hello N times
 * without reading the subscriber, to show ENOBUFS and the resync.
 */
public final class EventWatch {
    private EventWatch() {
    }

    public static void main(String[] args) {
        Options options = new Options("EventWatch",
                "chapter 13: a subscriber of the \"events\" group prints the event each hello causes")
                .number("--hellos", "N", 2, 0, Integer.MAX_VALUE, "say hello N times")
                .number("--listen", "SECONDS", 0, 0, 86_400,
                        "say nothing; print the events other programs cause for that long")
                .number("--overrun", "N", 0, 0, Integer.MAX_VALUE,
                        "say hello N times without reading the subscriber, to show ENOBUFS and the resync")
                .parseOrExit(args);
        int hellos = options.intValue("--hellos");
        int listen = options.intValue("--listen");
        int overrun = options.intValue("--overrun");
        Duration timeout = Duration.ofSeconds(listen > 0 ? listen : 5);
        try (EventSubscriber subscriber = EventSubscriber.join(NlwsContract.GENL_NAME, NlwsContract.MCGRP_EVENTS,
                timeout)) {
            // What the kernel lists (NETLINK_LIST_MEMBERSHIPS), not what was meant.
            System.out.println("subscriber: port " + Integer.toUnsignedString(subscriber.portId())
                    + (subscriber.isMember() ? " joined \"" : " has NOT joined \"")
                    + NlwsContract.MCGRP_EVENTS + "\" of family \"" + NlwsContract.GENL_NAME + "\" (family id "
                    + subscriber.family().id() + ", group id " + subscriber.groupId() + ")"
                    + (subscriber.isMember() ? " with NETLINK_ADD_MEMBERSHIP"
                    : ": NETLINK_LIST_MEMBERSHIPS does not list the group, so no event will reach it"));
            if (listen > 0) {
                listen(subscriber);
            } else if (overrun > 0) {
                overrun(subscriber, overrun);
            } else {
                try (NlwsFamily sender = NlwsFamily.open()) {
                    for (int i = 1; i <= hellos; i++) {
                        String text = "Hello Kernel #" + i;
                        Attributes reply = Attributes.of(sender.hello(text), Genl.HDRLEN);
                        System.out.println("sender: port " + Integer.toUnsignedString(sender.portId()) + " said \""
                                + text + "\"; the kernel says: " + reply.require(NlwsContract.ATTR_MSG,
                                "NLWS_ATTR_MSG").string() + " (hello number " + Integer.toUnsignedString(
                                reply.require(NlwsContract.ATTR_COUNT, "NLWS_ATTR_COUNT").u32()) + ")");
                        printEvents(subscriber.next());
                    }
                }
            }
        } catch (NetlinkException | MalformedAttributeException | IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    private static void printEvents(List<Message> events) throws MalformedAttributeException {
        for (Message event : events) {
            Attributes attributes = Attributes.of(event, Genl.HDRLEN);
            System.out.println("subscriber: " + NlwsContract.commandName(Genl.command(event)) + " (nlmsg_pid "
                    + Integer.toUnsignedString(event.header().pid()) + ", seq " + event.header().sequence()
                    + "): NLWS_ATTR_PORT " + Integer.toUnsignedString(attributes.require(NlwsContract.ATTR_PORT,
                    "NLWS_ATTR_PORT").u32()) + ", NLWS_ATTR_MSG \"" + attributes.require(NlwsContract.ATTR_MSG,
                    "NLWS_ATTR_MSG").string() + "\"");
        }
    }

    private static void listen(EventSubscriber subscriber) throws NetlinkException, MalformedAttributeException {
        System.out.println("subscriber: listening; say hello from another program");
        while (true) {
            try {
                printEvents(subscriber.next());
            } catch (NetlinkException e) {
                if (e.errno() != Errno.EAGAIN) {
                    throw e;
                }
                System.out.println("subscriber: no event for a while; done");
                return;
            }
        }
    }

    private static void overrun(EventSubscriber subscriber, int hellos)
            throws NetlinkException, MalformedAttributeException {
        try (NlwsFamily sender = NlwsFamily.open()) {
            for (int i = 0; i < hellos; i++) {
                sender.hello("flood");
            }
            System.out.println("sender: said hello " + hellos + " times; the subscriber read nothing meanwhile");
            int events = 0;
            try {
                while (true) {
                    events += subscriber.next().size();
                }
            } catch (NetlinkException e) {
                System.out.println("subscriber: " + events + " events, then: " + e.getMessage());
                if (e.errno() != Errno.ENOBUFS) {
                    return;
                }
            }
            System.out.println("subscriber: resync dropped " + subscriber.resync() + " queued datagrams");
            sender.hello("after the resync");
            System.out.println("sender: said \"after the resync\"");
            printEvents(subscriber.next());
        }
    }
}
