package netlink.workshop.ch16;

import java.time.Duration;
import netlink.workshop.BoundSocket;
import netlink.workshop.CString;
import netlink.workshop.Errno;
import netlink.workshop.Message;
import netlink.workshop.MessageType;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.Options;
import netlink.workshop.Protocol;
import netlink.workshop.RequestBatch;
import netlink.workshop.WorkshopClient;

/**
 * BatchHello is chapter 16's program: 32 "Hello Kernel" requests to the
 * workshop module in one sendmsg(2), their answers read with recvmmsg(2) and
 * matched to their requests by sequence number. One request carries a type
 * the module does not know, to show that its error comes back for it alone.
 *
 * <p>Options: {@code --requests N} (1 to 64) sends N requests, {@code --bad K}
 * gives request K (1-based; 0: none) the unknown type.
 */
public final class BatchHello {
    /** A message type the stage 10 module does not handle: it answers EOPNOTSUPP. */
    static final int UNKNOWN_TYPE = 0x12;

    private BatchHello() {
    }

    public static void main(String[] args) {
        Options options = new Options("BatchHello",
                "chapter 16: many requests in one sendmsg, their answers matched by sequence number")
                .number("--requests", "N", 32, 1, 64, "send N requests")
                .number("--bad", "K", 8, 0, 64, "give request K (1-based; 0: none) a type the module does not know")
                .parseOrExit(args);
        int requests = options.intValue("--requests");
        int bad = options.intValue("--bad");
        if (bad > requests) {
            options.fail("--bad takes 0 (none) to the number of requests (" + requests + "), not " + bad);
        }
        byte[] hello = CString.encode(WorkshopClient.HELLO);
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_WORKSHOP)) {
            System.out.println("socket open on protocol 31 (fd " + socket.fd() + "), bound to port "
                    + Integer.toUnsignedString(socket.portId()) + ", picked by the kernel");
            RequestBatch batch = new RequestBatch(socket, requests, WorkshopClient.DEFAULT_TIMEOUT);
            for (int i = 1; i <= requests; i++) {
                batch.add(i == bad ? UNKNOWN_TYPE : MessageType.WORKSHOP_HELLO, 0, hello);
            }
            System.out.println("sent " + requests + " requests in one sendmsg: " + batch.datagramLength()
                    + " bytes, seq " + batch.sequence(0) + " to " + batch.sequence(requests - 1)
                    + (bad > 0 ? "; request " + bad + " has type 0x" + Integer.toHexString(UNKNOWN_TYPE)
                    + ", which the module does not know" : ""));
            batch.exchange();
            System.out.println("received " + batch.datagrams() + " answers in " + batch.receiveCalls()
                    + " recvmmsg call" + (batch.receiveCalls() == 1 ? "" : "s")
                    + ", each matched to its request by sequence number");
            int replies = 0;
            for (int i = 0; i < requests; i++) {
                boolean shown = i == 0 || i == requests - 1 || batch.error(i) != 0;
                if (batch.error(i) != 0) {
                    System.out.println("request " + (i + 1) + ", seq " + batch.sequence(i) + ": error "
                            + Errno.name(batch.error(i)) + " (" + batch.error(i) + ") for this request alone:"
                            + " the module knows only type 0x10, WORKSHOP_MSG_HELLO");
                } else {
                    Message reply = batch.reply(i);
                    String text = CString.decode(reply.payloadBuffer(), 0, reply.payload().length);
                    if (text.equals("Hello Userspace")) {
                        replies++;
                    }
                    if (shown) {
                        System.out.println("request " + (i + 1) + ", seq " + batch.sequence(i) + ": \"" + text + "\"");
                    }
                }
            }
            System.out.println(replies + " of " + requests + " requests answered \"Hello Userspace\", "
                    + batch.failures() + " refused");
            System.exit(replies + batch.failures() == requests ? 0 : 1);
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }
}
