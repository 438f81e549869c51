package netlink.workshop.step03;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import netlink.workshop.CString;
import netlink.workshop.Errno;
import netlink.workshop.Flags;
import netlink.workshop.MessageHeader;
import netlink.workshop.MessageReceiver;
import netlink.workshop.Message;
import netlink.workshop.MessageSender;
import netlink.workshop.MessageType;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.RecvCalls;
import netlink.workshop.Reply;
import netlink.workshop.WorkshopClient;

/**
 * PayloadProbe sends the module requests that the seed's module would read
 * past the end of, then a good one, and prints how each was answered, one line
 * each. Stage03IT runs it in the VM against stage 3's module, which answers
 * a refused request with an NLMSG_ERROR and a good one not at all (yet).
 */
public final class PayloadProbe {
    private PayloadProbe() {
    }

    public static void main(String[] args) throws NetlinkException {
        try (WorkshopClient client = WorkshopClient.open(MessageReceiver.DEFAULT_BUFFER, Duration.ofMillis(700))) {
            askForExtendedAck(client.fd());
            MessageSender sender = client.sender();
            System.out.println("client on port " + Integer.toUnsignedString(client.portId()));
            byte[] noNul = "Hello Kernel".getBytes(StandardCharsets.US_ASCII);
            byte[] tooLong = CString.encode("A".repeat(MessageType.WORKSHOP_PAYLOAD_MAX));

            sender.send(Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, 1, client.portId(), noNul));
            answer(client, 1, "no NUL (\"Hello Kernel\" without its terminator, 12 bytes)");
            sender.send(Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, 2, client.portId(), new byte[0]));
            answer(client, 2, "empty payload (nlmsg_len 16)");
            sender.send(Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, 3, client.portId(), tooLong));
            answer(client, 3, "too long (" + tooLong.length + " bytes, limit " + MessageType.WORKSHOP_PAYLOAD_MAX + ")");
            sender.send(Message.of(0x12, Flags.REQUEST, 4, client.portId(), CString.encode("Hello Kernel")));
            answer(client, 4, "unknown type 0x12");

            byte[] hello = CString.encode("Hello Kernel");
            // The header claims 100 bytes; the sender sends NLMSG_LENGTH(13), 29.
            sender.send(new Message(new MessageHeader(100, MessageType.WORKSHOP_HELLO, Flags.REQUEST, 5,
                    client.portId()), hello));
            answer(client, 5, "nlmsg_len 100 in a 29-byte datagram");

            sender.send(Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, 6, client.portId(), hello));
            answer(client, 6, "a good request");
        }
    }

    /**
     * Sets NETLINK_EXT_ACK, so that a refusal carries the module's NL_SET_ERR_MSG
     * text (chapter 11's TODO writes this call), and NETLINK_CAP_ACK, so that it
     * does not carry the request back too.
     */
    static void askForExtendedAck(int fd) {
        Memory one = new Memory(4);
        one.setInt(0, 1);
        RecvCalls.setsockopt(fd, RecvCalls.SOL_NETLINK, RecvCalls.NETLINK_EXT_ACK, one, 4);
        RecvCalls.setsockopt(fd, RecvCalls.SOL_NETLINK, RecvCalls.NETLINK_CAP_ACK, one, 4);
    }

    private static void answer(WorkshopClient client, int seq, String what) {
        try {
            Reply reply = client.receiveReply(seq);
            System.out.println(what + ": reply \"" + reply.text() + "\"");
        } catch (NetlinkException e) {
            // The module's own words come with the error: the probe asked for extended ACKs.
            java.util.regex.Matcher text = java.util.regex.Pattern.compile("the kernel says (\"[^\"]*\")")
                    .matcher(e.getMessage());
            String answer = e.errno() == Errno.EAGAIN ? "no answer in 700 ms"
                    : "NLMSG_ERROR " + Errno.name(e.errno()) + (text.find() ? ", the kernel says " + text.group(1) : "");
            System.out.println(what + ": " + answer);
        }
    }
}
