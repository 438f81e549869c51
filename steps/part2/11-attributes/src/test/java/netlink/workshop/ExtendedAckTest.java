package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Test;

/** Extended ACKs decoded from NLMSG_ERROR messages laid out by C with struct nlmsgerr and NLMSGERR_ATTR_*. */
class ExtendedAckTest {
    /** C printing an NLMSG_ERROR as the kernel's netlink_ack() builds it; argv[1] "capped" or "full". */
    private static final String C_ERROR = """
            #include <stdint.h>
            #include <stdio.h>
            #include <string.h>
            #include <linux/netlink.h>
            static unsigned char buf[512];
            static int at;
            static void put(uint16_t type, const void *val, int len)
            {
            	struct nlattr *nla = (void *)(buf + at);
            	nla->nla_len = NLA_HDRLEN + len;
            	nla->nla_type = type;
            	memcpy(buf + at + NLA_HDRLEN, val, len);
            	at += NLA_ALIGN(NLA_HDRLEN + len);
            }
            int main(int argc, char **argv)
            {
            	struct nlmsghdr *nlh = (void *)buf;
            	struct nlmsgerr *err = NLMSG_DATA(nlh);
            	int capped = argc > 1 && !strcmp(argv[1], "capped");
            	uint32_t offs = 16, miss = 1;
            	err->error = -22;
            	err->msg.nlmsg_len = 36;
            	err->msg.nlmsg_type = 0x10;
            	err->msg.nlmsg_flags = NLM_F_REQUEST;
            	err->msg.nlmsg_seq = 7;
            	at = NLMSG_LENGTH(sizeof(*err));
            	if (!capped)
            		at += NLMSG_ALIGN(36 - NLMSG_HDRLEN);  /* the request's payload, copied back */
            	put(NLMSGERR_ATTR_MSG, "Attribute failed policy validation",
            	    sizeof("Attribute failed policy validation"));
            	put(NLMSGERR_ATTR_OFFS, &offs, 4);
            	put(NLMSGERR_ATTR_MISS_TYPE, &miss, 4);
            	nlh->nlmsg_len = at;
            	nlh->nlmsg_type = NLMSG_ERROR;
            	nlh->nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
            	nlh->nlmsg_seq = 7;
            	printf("%d %d %d %d\\n", NLM_F_CAPPED, NLM_F_ACK_TLVS, NLMSGERR_ATTR_POLICY, NETLINK_EXT_ACK);
            	for (int i = 0; i < at; i++)
            		printf("%02x", buf[i]);
            	printf("\\n");
            	return 0;
            }
            """;

    private static ExtendedAck parse(String mode) throws Exception {
        String[] lines = CProgram.run(C_ERROR, java.util.List.of(mode)).split("\n");
        assertThat(lines[0]).isEqualTo(ExtendedAck.NLM_F_CAPPED + " " + ExtendedAck.NLM_F_ACK_TLVS + " "
                + ExtendedAck.NLMSGERR_ATTR_POLICY + " " + SocketOptions.NETLINK_EXT_ACK);
        byte[] bytes = HexFormat.of().parseHex(lines[1]);
        return ExtendedAck.parse(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), 0, bytes.length);
    }

    @Test
    void aCappedErrorGivesTheMessageTheOffsetAndTheMissingAttribute() throws Exception {
        ExtendedAck ack = parse("capped");

        assertThat(ack.error()).isEqualTo(Errno.EINVAL);
        assertThat(ack.request().sequence()).isEqualTo(7);
        assertThat(ack.message()).contains("Attribute failed policy validation");
        assertThat(ack.offset()).contains(16);
        assertThat(ack.missingType()).contains(1);
        assertThat(ack.describe(NlwsContract::attributeName, "NLWS_ATTR_MSG")).isEqualTo(
                "\"Attribute failed policy validation\" at offset 16 (NLWS_ATTR_MSG), missing attribute"
                + " NLWS_ATTR_MSG (1)");
    }

    @Test
    void anUncappedErrorSkipsTheCopiedRequestBeforeTheAttributes() throws Exception {
        ExtendedAck ack = parse("full");

        assertThat(ack.message()).contains("Attribute failed policy validation");
        assertThat(ack.offset()).contains(16);
    }

    @Test
    void anErrorWithoutAttributesSaysSoInOneLine() {
        ByteBuffer bytes = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
        new MessageHeader(36, MessageType.ERROR, ExtendedAck.NLM_F_CAPPED, 3, 0).writeTo(bytes, 0);
        bytes.putInt(16, -Errno.EPERM);
        ExtendedAck ack = parseQuietly(bytes);

        assertThat(ack.error()).isEqualTo(Errno.EPERM);
        assertThat(ack.isAck()).isFalse();
        assertThat(ack.describe(t -> null, null)).startsWith("no extended ACK (the kernel adds one only on a socket"
                + " with NETLINK_EXT_ACK set");
    }

    private static ExtendedAck parseQuietly(ByteBuffer bytes) {
        try {
            return ExtendedAck.parse(bytes, 0, bytes.capacity());
        } catch (MalformedAttributeException e) {
            throw new AssertionError(e);
        }
    }
}
