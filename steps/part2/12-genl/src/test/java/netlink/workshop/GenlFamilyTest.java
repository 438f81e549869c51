package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Map;
import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Test;

/**
 * Genl's numbers against linux/genetlink.h, and a controller answer
 * (CTRL_CMD_NEWFAMILY, with the nested CTRL_ATTR_OPS and
 * CTRL_ATTR_MCAST_GROUPS) laid out by C, decoded by GenericNetlink.
 */
class GenlFamilyTest {
    @Test
    void theNumbersAgreeWithLinuxGenetlinkH() throws Exception {
        String c = CProgram.run("""
                #include <stdio.h>
                #include <linux/genetlink.h>
                #include <linux/netlink.h>
                int main(void)
                {
                	printf("%d %d %d %d\\n", NETLINK_GENERIC, (int)GENL_HDRLEN, GENL_ID_CTRL, GENL_NAMSIZ);
                	printf("%d %d %d\\n", CTRL_CMD_NEWFAMILY, CTRL_CMD_DELFAMILY, CTRL_CMD_GETFAMILY);
                	printf("%d %d %d %d %d %d %d\\n", CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_VERSION,
                	       CTRL_ATTR_HDRSIZE, CTRL_ATTR_MAXATTR, CTRL_ATTR_OPS, CTRL_ATTR_MCAST_GROUPS);
                	printf("%d %d %d %d\\n", CTRL_ATTR_OP_ID, CTRL_ATTR_OP_FLAGS, CTRL_ATTR_MCAST_GRP_NAME,
                	       CTRL_ATTR_MCAST_GRP_ID);
                	printf("%d %d %d %d\\n", GENL_ADMIN_PERM, GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP, GENL_UNS_ADMIN_PERM);
                	return 0;
                }
                """);
        String java = Genl.NETLINK_GENERIC + " " + Genl.HDRLEN + " " + Genl.ID_CTRL + " " + Genl.NAMSIZ + "\n"
                + Genl.CTRL_CMD_NEWFAMILY + " " + Genl.CTRL_CMD_DELFAMILY + " " + Genl.CTRL_CMD_GETFAMILY + "\n"
                + Genl.CTRL_ATTR_FAMILY_ID + " " + Genl.CTRL_ATTR_FAMILY_NAME + " " + Genl.CTRL_ATTR_VERSION + " "
                + Genl.CTRL_ATTR_HDRSIZE + " " + Genl.CTRL_ATTR_MAXATTR + " " + Genl.CTRL_ATTR_OPS + " "
                + Genl.CTRL_ATTR_MCAST_GROUPS + "\n" + Genl.CTRL_ATTR_OP_ID + " " + Genl.CTRL_ATTR_OP_FLAGS + " "
                + Genl.CTRL_ATTR_MCAST_GRP_NAME + " " + Genl.CTRL_ATTR_MCAST_GRP_ID + "\n" + Genl.GENL_ADMIN_PERM + " "
                + Genl.GENL_CMD_CAP_DO + " " + Genl.GENL_CMD_CAP_DUMP + " " + Genl.GENL_UNS_ADMIN_PERM + "\n";
        assertThat(java).isEqualTo(c);
    }

    @Test
    void aControllerAnswerLaidOutByCDecodesIntoTheFamily() throws Exception {
        String hex = CProgram.run("""
                #include <stdint.h>
                #include <stdio.h>
                #include <string.h>
                #include <linux/genetlink.h>
                #include <linux/netlink.h>
                static unsigned char buf[1024];
                static int at;
                static void put(uint16_t type, const void *val, int len)
                {
                	struct nlattr *nla = (void *)(buf + at);
                	nla->nla_len = NLA_HDRLEN + len;
                	nla->nla_type = type;
                	memcpy(buf + at + NLA_HDRLEN, val, len);
                	at += NLA_ALIGN(NLA_HDRLEN + len);
                }
                static int begin(uint16_t type)
                {
                	int start = at;
                	((struct nlattr *)(buf + at))->nla_type = type | NLA_F_NESTED;
                	at += NLA_HDRLEN;
                	return start;
                }
                static void end(int start)
                {
                	((struct nlattr *)(buf + start))->nla_len = at - start;
                }
                int main(void)
                {
                	struct nlmsghdr *nlh = (void *)buf;
                	struct genlmsghdr *g = NLMSG_DATA(nlh);
                	uint16_t id = 0x20;
                	uint32_t one = 1, zero = 0, three = 3, list = 3, doit = GENL_CMD_CAP_DO;
                	uint32_t dump = GENL_CMD_CAP_DUMP, hello = 1, group = 9;
                	int ops, op, groups, grp;
                	g->cmd = CTRL_CMD_NEWFAMILY;
                	g->version = 2;
                	at = NLMSG_LENGTH(GENL_HDRLEN);
                	put(CTRL_ATTR_FAMILY_NAME, "nlws", 5);
                	put(CTRL_ATTR_FAMILY_ID, &id, 2);
                	put(CTRL_ATTR_VERSION, &one, 4);
                	put(CTRL_ATTR_HDRSIZE, &zero, 4);
                	put(CTRL_ATTR_MAXATTR, &three, 4);
                	ops = begin(CTRL_ATTR_OPS);
                	op = begin(1);
                	put(CTRL_ATTR_OP_ID, &hello, 4);
                	put(CTRL_ATTR_OP_FLAGS, &doit, 4);
                	end(op);
                	op = begin(2);
                	put(CTRL_ATTR_OP_ID, &list, 4);
                	put(CTRL_ATTR_OP_FLAGS, &dump, 4);
                	end(op);
                	end(ops);
                	groups = begin(CTRL_ATTR_MCAST_GROUPS);
                	grp = begin(1);
                	put(CTRL_ATTR_MCAST_GRP_NAME, "events", 7);
                	put(CTRL_ATTR_MCAST_GRP_ID, &group, 4);
                	end(grp);
                	end(groups);
                	nlh->nlmsg_len = at;
                	nlh->nlmsg_type = GENL_ID_CTRL;
                	for (int i = 0; i < at; i++)
                		printf("%02x", buf[i]);
                	printf("\\n");
                	return 0;
                }
                """).trim();
        byte[] bytes = HexFormat.of().parseHex(hex);
        MessageHeader header = MessageHeader.readFrom(ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()), 0);
        byte[] payload = java.util.Arrays.copyOfRange(bytes, Nlmsg.HDRLEN, header.length());

        GenlFamily family = GenericNetlink.decodeFamily(new Message(header, payload));

        assertThat(family.name()).isEqualTo("nlws");
        assertThat(family.id()).isEqualTo(0x20);
        assertThat(family.version()).isEqualTo(1);
        assertThat(family.maxAttr()).isEqualTo(3);
        assertThat(family.commands()).isEqualTo(Map.of(1, Genl.GENL_CMD_CAP_DO, 3, Genl.GENL_CMD_CAP_DUMP));
        assertThat(family.groups()).isEqualTo(Map.of("events", 9));
        assertThat(family.commandList()).containsExactly(1, 3);
    }
}
