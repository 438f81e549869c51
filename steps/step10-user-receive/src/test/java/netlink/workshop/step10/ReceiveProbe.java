package netlink.workshop.step10;

import com.sun.jna.Memory;
import java.time.Duration;
import netlink.workshop.CString;
import netlink.workshop.Errno;
import netlink.workshop.Flags;
import netlink.workshop.Message;
import netlink.workshop.MessageReceiver;
import netlink.workshop.NetlinkException;
import netlink.workshop.RecvCalls;
import netlink.workshop.Reply;
import netlink.workshop.WorkshopClient;

/**
 * ReceiveProbe reports what stage 10's receiver does, one line of facts
 * each, for Stage10IT to judge: the reply received into the seed's 28 bytes
 * ("truncated: ..."), and an NLMSG_ERROR with its extended ACK received into
 * the default buffer ("error answer: ...").
 */
public final class ReceiveProbe {
    /** A message type the module does not know: it answers with NLMSG_ERROR EOPNOTSUPP and its text. */
    private static final int UNKNOWN_TYPE = 0x12;

    private ReceiveProbe() {
    }

    public static void main(String[] args) throws NetlinkException {
        truncated();
        errorAnswer();
    }

    private static void truncated() throws NetlinkException {
        try (WorkshopClient client = WorkshopClient.open(28, Duration.ofSeconds(2))) {
            int seq = client.sendHello(client.portId());
            try {
                Reply reply = client.receiveReply(seq);
                System.out.println("truncated: no error; received " + reply.bytes() + " bytes, text \""
                        + reply.text() + "\"");
            } catch (NetlinkException e) {
                System.out.println("truncated: errno " + Errno.name(e.errno()) + "; message: " + e.getMessage());
            } catch (RuntimeException e) {
                System.out.println("truncated: no error from receive(), then " + e);
            }
        }
    }

    private static void errorAnswer() throws NetlinkException {
        try (WorkshopClient client = WorkshopClient.open()) {
            // NETLINK_EXT_ACK without NETLINK_CAP_ACK: the answer carries the request
            // back and the module's text, 84 bytes (Stage10CTwinIT measures it in C).
            Memory one = new Memory(4);
            one.setInt(0, 1);
            RecvCalls.setsockopt(client.fd(), RecvCalls.SOL_NETLINK, RecvCalls.NETLINK_EXT_ACK, one, 4);
            client.sender().send(Message.of(UNKNOWN_TYPE, Flags.REQUEST, 1, client.portId(),
                    CString.encode(WorkshopClient.HELLO)));
            MessageReceiver receiver = client.receiver();
            // Read at run time: javac copies a constant's value into the class that names it,
            // and under ./workshop check the learner's MessageReceiver holds the value to report.
            int buffer = defaultBuffer();
            try {
                int length = receiver.receiveDatagram().limit();
                System.out.println("error answer: " + length + " bytes into a buffer of " + buffer);
            } catch (NetlinkException e) {
                System.out.println("error answer: errno " + Errno.name(e.errno()) + " into a buffer of "
                        + buffer + "; message: " + e.getMessage());
            }
        }
    }

    /** MessageReceiver.DEFAULT_BUFFER as the loaded class has it. */
    private static int defaultBuffer() {
        try {
            return MessageReceiver.class.getField("DEFAULT_BUFFER").getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("MessageReceiver.DEFAULT_BUFFER is not a public static int field", e);
        }
    }
}
