package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The header encoding, byte for byte, and the message types against workshop_netlink.h. */
class MessageHeaderTest {
    @Tag("todo1")
    @Test
    void helloEncodesByteForByte() {
        ByteBuffer message = Message.of(MessageType.WORKSHOP_HELLO, Flags.REQUEST, 1, 0,
                CString.encode("Hello Kernel")).encode();

        // Little-endian x86-64/arm64: len 29, type 0x10, flags 1, seq 1, pid 0, text, NUL, 3 bytes padding.
        assertThat(HexDump.hex(message, 0, message.capacity())).isEqualTo(
                "1d 00 00 00 10 00 01 00 01 00 00 00 00 00 00 00 "
                + "48 65 6c 6c 6f 20 4b 65 72 6e 65 6c 00 00 00 00");
    }

    @Tag("todo1")
    @Test
    void readsBackWhatItWrites() {
        ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        MessageHeader header = new MessageHeader(0xffff_fff0, 0xfffe, 0x8001, -1, 0x8000_0000);
        header.writeTo(buffer, 0);
        assertThat(MessageHeader.readFrom(buffer, 0)).isEqualTo(header);
    }

    @Test
    void describesTheFieldsByTheirCNames() {
        MessageHeader header = new MessageHeader(29, MessageType.WORKSHOP_HELLO, Flags.REQUEST | Flags.ACK, 7, 0);
        assertThat(header.describe())
                .isEqualTo("len 29, type 0x10 WORKSHOP_MSG_HELLO, flags NLM_F_REQUEST|NLM_F_ACK, seq 7, pid 0");
    }

    @Test
    void typesFlagsAndLimitsEqualTheCHeaders() throws Exception {
        String c = CProgram.run("""
                #include <stdio.h>
                #include <linux/netlink.h>
                #include "workshop_netlink.h"
                int main(void)
                {
                	printf("%d %d %d %d %d %d %d %d %d %d %d %d\\n", NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE,
                	       NLMSG_OVERRUN, NLMSG_MIN_TYPE, WORKSHOP_MSG_HELLO, WORKSHOP_MSG_REPLY,
                	       WORKSHOP_PAYLOAD_MAX, NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO);
                	return 0;
                }
                """);
        assertThat(c.trim()).isEqualTo(String.join(" ", s(MessageType.NOOP), s(MessageType.ERROR),
                s(MessageType.DONE), s(MessageType.OVERRUN), s(MessageType.MIN_TYPE), s(MessageType.WORKSHOP_HELLO),
                s(MessageType.WORKSHOP_REPLY), s(MessageType.WORKSHOP_PAYLOAD_MAX), s(Flags.REQUEST),
                s(Flags.MULTI), s(Flags.ACK), s(Flags.ECHO)));
        assertThat(MessageType.WORKSHOP_HELLO).as("our types are not control messages")
                .isGreaterThanOrEqualTo(MessageType.MIN_TYPE);
    }

    private static String s(int value) {
        return Integer.toString(value);
    }
}
