package netlink.workshop.step09;

import netlink.workshop.BoundSocket;
import netlink.workshop.CString;
import netlink.workshop.Flags;
import netlink.workshop.Message;
import netlink.workshop.MessageSender;
import netlink.workshop.MessageType;
import netlink.workshop.NetlinkException;
import netlink.workshop.Options;
import netlink.workshop.Protocol;

/**
 * SendMessage is stage 9's program: it opens and binds a socket (stages 6 and
 * 7), builds "Hello Kernel" (stage 8) and sends it to the kernel, port 0, with
 * sendmsg(2). It does not read the reply; stage 10 does. The module's line in
 * the kernel log shows that the message arrived.
 */
public final class SendMessage {
    /** The request's text; the C string adds its NUL. */
    public static final String HELLO = "Hello Kernel";

    private SendMessage() {
    }

    public static void main(String[] args) {
        new Options("SendMessage", "stage 9: sends \"Hello Kernel\" to the kernel with sendmsg(2)").parseOrExit(args);
        System.exit(run());
    }

    /** Sends one message; returns the exit status. */
    static int run() {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_WORKSHOP)) {
            String port = Integer.toUnsignedString(socket.portId());
            System.out.println("socket open on protocol 31 (fd " + socket.fd() + "), bound to port " + port
                    + ", picked by the kernel");
            Message hello = Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, 1, socket.portId(),
                    CString.encode(HELLO));
            int sent = new MessageSender(socket).send(hello);
            System.out.println("sendmsg(fd " + socket.fd() + ", to port 0, the kernel) = " + sent + " bytes");
            System.out.println("sent: " + hello.header().describe()
                    + ", payload \"" + HELLO + "\\0\"");
            System.out.println("this stage does not read the reply (stage 10 does): the kernel log below shows"
                    + " the message arrived from port " + port);
            return 0;
        } catch (NetlinkException e) {
            System.out.println(e.getMessage());
            return 1;
        }
    }
}
