package netlink.workshop.step03;

import java.time.Duration;
import netlink.workshop.Errno;
import netlink.workshop.MessageReceiver;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.Options;
import netlink.workshop.WorkshopClient;

/**
 * SendHello is stage 3's program: it sends "Hello Kernel" to the module, which
 * now logs the payload and the sender's port, and waits briefly for a reply
 * that stage 3's module does not send yet.
 *
 * <p>It uses {@link WorkshopClient}, the client you write in stages 6 to 10,
 * ready-made here to show what the kernel side does.
 */
public final class SendHello {
    /** How long to wait for the reply that does not come. */
    static final Duration WAIT = Duration.ofMillis(1000);

    private SendHello() {
    }

    public static void main(String[] args) {
        new Options("SendHello", "stage 3: sends \"Hello Kernel\" and waits briefly for a reply that does not come yet")
                .parseOrExit(args);
        System.exit(run());
    }

    /** Sends the message and waits; returns the exit status. */
    static int run() {
        // WorkshopClient: the client you write in stages 6 to 10.
        try (WorkshopClient client = WorkshopClient.open(MessageReceiver.DEFAULT_BUFFER, WAIT)) {
            String port = Integer.toUnsignedString(client.portId());
            System.out.println("client (the one you write in stages 6 to 10): socket on protocol 31, port " + port);
            int seq = client.sendHello(client.portId());
            System.out.println("sent \"" + WorkshopClient.HELLO + "\" to the kernel (port 0): "
                    + Nlmsg.length(WorkshopClient.HELLO.length() + 1) + " bytes, seq " + seq + ", from port " + port);
            try {
                client.receiveReply(seq);
                System.out.println("a reply came, but stage 3's module sends none: another stage's module is"
                        + " loaded; rmmod nlws (or reboot) and run ./workshop run 3 again");
                return 1;
            } catch (NetlinkException e) {
                if (e.errno() != Errno.EAGAIN) {
                    throw e;
                }
            }
            System.out.println("no reply within " + WAIT.toMillis() + " ms, as expected: stage 3's module"
                    + " logs the message but does not answer yet (stage 4 adds the reply)");
            System.out.println("the kernel log below shows the payload and port " + port
                    + ", the port the kernel saw the message come from");
            return 0;
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            return 1;
        }
    }
}
