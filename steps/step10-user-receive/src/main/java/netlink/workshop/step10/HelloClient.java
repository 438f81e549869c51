package netlink.workshop.step10;

import java.time.Duration;
import netlink.workshop.MessageReceiver;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.Options;
import netlink.workshop.Reply;
import netlink.workshop.WorkshopClient;

/**
 * HelloClient is stage 10's program and the whole userspace flow: open, bind,
 * build, send "Hello Kernel", receive and print the kernel's reply.
 *
 * <p>Options: {@code --buffer N} receives into N bytes (try 28, the seed's size),
 * {@code --timeout MS} changes how long it waits for the reply.
 */
public final class HelloClient {
    private HelloClient() {
    }

    public static void main(String[] args) {
        Options options = new Options("HelloClient", "stage 10: sends \"Hello Kernel\" and prints the kernel's reply")
                .number("--buffer", "N", MessageReceiver.DEFAULT_BUFFER, 1, 1 << 20,
                        "receive into N bytes (try 28, the seed's size)")
                .number("--timeout", "MS", WorkshopClient.DEFAULT_TIMEOUT.toMillis(), 1, 3_600_000,
                        "wait at most MS milliseconds for the reply")
                .parseOrExit(args);
        int buffer = options.intValue("--buffer");
        long timeout = options.longValue("--timeout");
        try (WorkshopClient client = WorkshopClient.open(buffer, Duration.ofMillis(timeout))) {
            System.out.println("socket open on protocol 31 (fd " + client.fd() + "), bound to port "
                    + Integer.toUnsignedString(client.portId()) + ", picked by the kernel");
            int seq = client.sendHello(client.portId());
            System.out.println("sent \"" + WorkshopClient.HELLO + "\" to the kernel (port 0): "
                    + Nlmsg.length(WorkshopClient.HELLO.length() + 1) + " bytes, seq " + seq);
            Reply reply = client.receiveReply(seq);
            System.out.println("received " + reply.bytes() + " bytes: " + reply.header().describe());
            System.out.println("the kernel says: " + reply.text());
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }
}
