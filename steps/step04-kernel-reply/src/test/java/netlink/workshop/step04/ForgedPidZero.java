package netlink.workshop.step04;

import netlink.workshop.NetlinkException;
import netlink.workshop.WorkshopClient;

/**
 * ForgedPidZero sends one "Hello Kernel" whose nlmsg_pid claims port 0, the
 * kernel's own. SeedForgedPidIT runs it against the seed's module, which
 * replies to that port, that is to itself, again and again.
 */
public final class ForgedPidZero {
    private ForgedPidZero() {
    }

    public static void main(String[] args) throws NetlinkException {
        try (WorkshopClient client = WorkshopClient.open()) {
            System.out.println("sending \"Hello Kernel\" with nlmsg_pid 0 from port "
                    + Integer.toUnsignedString(client.portId()));
            System.out.flush();
            int seq = client.sendHello(0);
            System.out.println("sent; the kernel is still running");
            System.out.println("reply: " + client.receiveReply(seq).text());
        }
    }
}
