package netlink.workshop.part2.ch13;

import java.time.Duration;
import java.util.List;
import netlink.workshop.Attributes;
import netlink.workshop.Errno;
import netlink.workshop.EventSubscriber;
import netlink.workshop.Flags;
import netlink.workshop.GenericNetlink;
import netlink.workshop.Genl;
import netlink.workshop.GenlFamily;
import netlink.workshop.MalformedAttributeException;
import netlink.workshop.Message;
import netlink.workshop.MessageType;
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
 * without reading the subscriber, to show ENOBUFS and the resync;
 * {@code --echo} says hello twice, the second time with NLM_F_ECHO, and
 * prints what reaches the sender's own socket: the echoed event too.
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
                .flag("--echo", "say hello twice, the second time with NLM_F_ECHO, and print what the sender gets")
                .parseOrExit(args);
        int hellos = options.intValue("--hellos");
        int listen = options.intValue("--listen");
        int overrun = options.intValue("--overrun");
        boolean echo = options.flag("--echo");
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
            } else if (echo) {
                echo(subscriber);
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
            System.out.println("subscriber: " + describe(event));
        }
    }

    /** Returns an event, or a hello's reply, in one line: command, nlmsg_pid, seq and attributes. */
    private static String describe(Message message) throws MalformedAttributeException {
        Attributes attributes = Attributes.of(message, Genl.HDRLEN);
        String line = NlwsContract.commandName(Genl.command(message)) + " (nlmsg_pid "
                + Integer.toUnsignedString(message.header().pid()) + ", seq " + message.header().sequence() + "): ";
        if (Genl.command(message) == NlwsContract.CMD_HELLO) {
            return line + "hello number " + Integer.toUnsignedString(attributes.require(NlwsContract.ATTR_COUNT,
                    "NLWS_ATTR_COUNT").u32());
        }
        return line + "NLWS_ATTR_PORT " + Integer.toUnsignedString(attributes.require(NlwsContract.ATTR_PORT,
                "NLWS_ATTR_PORT").u32()) + ", NLWS_ATTR_MSG \"" + attributes.require(NlwsContract.ATTR_MSG,
                "NLWS_ATTR_MSG").string() + "\"";
    }

    /**
     * Sends a hello without NLM_F_ECHO, then one with it, before reading, and
     * prints every message the sender's socket gets until the second reply
     * and the echo: the kernel handles both requests in sendmsg(), so all the
     * first one caused is queued before the second reply.
     */
    private static void echo(EventSubscriber subscriber) throws NetlinkException, MalformedAttributeException {
        try (GenericNetlink sender = GenericNetlink.open()) {
            GenlFamily family = sender.resolve(NlwsContract.GENL_NAME);
            String port = Integer.toUnsignedString(sender.portId());
            int plain = sender.connection().send(family.id(), 0, GenericNetlink.message(family,
                    NlwsContract.CMD_HELLO).putString(NlwsContract.ATTR_MSG, "Hello Kernel #1").toByteArray());
            int echoed = sender.connection().send(family.id(), Flags.ECHO, GenericNetlink.message(family,
                    NlwsContract.CMD_HELLO).putString(NlwsContract.ATTR_MSG, "Hello Kernel #2").toByteArray());
            System.out.println("sender: port " + port + " sent \"Hello Kernel #1\" (seq " + plain
                    + "), then \"Hello Kernel #2\" with NLM_F_ECHO (seq " + echoed + ")");
            boolean secondReply = false;
            boolean echo = false;
            while (!echo) {
                List<Message> messages;
                try {
                    messages = sender.connection().receive();
                } catch (NetlinkException e) {
                    if (e.errno() != Errno.EAGAIN || !secondReply) {
                        throw e;
                    }
                    System.out.println("sender: no echo within the timeout: the family sent none");
                    break;
                }
                for (Message message : messages) {
                    if (message.header().type() == MessageType.ERROR) {
                        throw sender.connection().refusal(sender.connection().parseError(message), Genl.HDRLEN,
                                NlwsContract::attributeName);
                    }
                    System.out.println("sender got: " + describe(message));
                    secondReply |= Genl.command(message) == NlwsContract.CMD_HELLO
                            && message.header().sequence() == echoed;
                    echo |= Genl.command(message) == NlwsContract.CMD_EVENT;
                }
            }
            printEvents(subscriber.next());
            printEvents(subscriber.next());
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
