package netlink.workshop.step08;

import java.nio.ByteBuffer;
import netlink.workshop.CString;
import netlink.workshop.Flags;
import netlink.workshop.HexDump;
import netlink.workshop.Message;
import netlink.workshop.MessageType;
import netlink.workshop.Nlmsg;
import netlink.workshop.Options;

/**
 * BuildMessage is stage 8's program: it builds the "Hello Kernel" request,
 * an nlmsghdr followed by the payload, and prints it byte by byte.
 */
public final class BuildMessage {
    /** The request's text; the C string adds its NUL. */
    public static final String HELLO = "Hello Kernel";

    private BuildMessage() {
    }

    /**
     * Builds the request carrying {@code text} (as a C string): type
     * WORKSHOP_MSG_HELLO, flags NLM_F_REQUEST, then the payload and the padding.
     */
    public static ByteBuffer build(String text, int sequence, int pid) {
        return Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, sequence, pid, CString.encode(text)).encode();
    }

    public static void main(String[] args) {
        new Options("BuildMessage", "stage 8: builds the \"Hello Kernel\" request and prints it byte by byte")
                .parseOrExit(args);
        ByteBuffer message = build(HELLO, 1, 0);
        System.out.println("\"" + HELLO + "\" as a netlink message: " + message.capacity()
                + " bytes = NLMSG_SPACE(" + (HELLO.length() + 1) + ")");
        System.out.print(HexDump.labelled(message));
        System.out.println("nlmsg_pid 0: the kernel learns the sender's real port from the socket, not from this field");
        System.out.println("hex: " + HexDump.hex(message, 0, message.capacity()) + " (" + Nlmsg.HDRLEN
                + "-byte header + payload + padding)");
    }
}
