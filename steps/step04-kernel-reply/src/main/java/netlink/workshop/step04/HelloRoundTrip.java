package netlink.workshop.step04;

import java.time.Duration;
import netlink.workshop.Errno;
import netlink.workshop.MessageReceiver;
import netlink.workshop.NetlinkException;
import netlink.workshop.Options;
import netlink.workshop.Reply;
import netlink.workshop.WorkshopClient;

/**
 * HelloRoundTrip is stage 4's program: "Hello Kernel" goes out and "Hello
 * Userspace" comes back. Then it forges nlmsg_pid, the sender's port as the
 * sender claims it, twice: 0 (the kernel's own port, which crashes the seed's
 * module) and the port of a second socket. The module replies to the port the
 * kernel saw the message come from, so both replies still reach the real sender.
 *
 * <p>It uses {@link WorkshopClient}, the client you write in stages 6 to 10,
 * ready-made here to show what the kernel side does.
 */
public final class HelloRoundTrip {
    /** How long the second socket listens for a reply that must not come. */
    static final Duration QUIET = Duration.ofMillis(500);

    private HelloRoundTrip() {
    }

    public static void main(String[] args) {
        new Options("HelloRoundTrip", "stage 4: a round trip, then two requests with a forged nlmsg_pid")
                .parseOrExit(args);
        System.exit(run());
    }

    /** Runs the three requests; returns the exit status. */
    static int run() {
        // WorkshopClient: the client you write in stages 6 to 10.
        try (WorkshopClient client = WorkshopClient.open();
             WorkshopClient other = WorkshopClient.open(MessageReceiver.DEFAULT_BUFFER, QUIET)) {
            String port = Integer.toUnsignedString(client.portId());
            String otherPort = Integer.toUnsignedString(other.portId());
            System.out.println("client (the one you write in stages 6 to 10): socket on protocol 31, port " + port
                    + "; a second socket: port " + otherPort);

            System.out.println("1. request with nlmsg_pid " + port + " (our real port)");
            int seq = client.sendHello(client.portId());
            Reply reply = client.receiveReply(seq);
            System.out.println("   received " + reply.bytes() + " bytes: " + reply.header().describe());
            System.out.println("   the kernel says: " + reply.text());

            System.out.println("2. request with a forged nlmsg_pid 0 (the kernel's own port)");
            reply = client.receiveReply(client.sendHello(0));
            System.out.println("   the reply came to port " + port + ", the real sender: " + reply.text());

            System.out.println("3. request with a forged nlmsg_pid " + otherPort + " (the second socket's port)");
            reply = client.receiveReply(client.sendHello(other.portId()));
            System.out.println("   the reply came to port " + port + ", the real sender: " + reply.text());
            try {
                int length = other.receiver().receiveDatagram().limit();
                System.out.println("   the second socket received " + length + " bytes: the module replied to"
                        + " nlmsg_pid; reply to NETLINK_CB(skb).portid instead (see kernel/step04-kernel-reply)");
                return 1;
            } catch (NetlinkException e) {
                if (e.errno() != Errno.EAGAIN) {
                    throw e;
                }
            }
            System.out.println("   the second socket (port " + otherPort + ") received nothing in "
                    + QUIET.toMillis() + " ms");
            System.out.println("the module answers NETLINK_CB(skb).portid, set by the kernel from the sending"
                    + " socket: a forged nlmsg_pid cannot redirect the reply");
            return 0;
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            return 1;
        }
    }
}
