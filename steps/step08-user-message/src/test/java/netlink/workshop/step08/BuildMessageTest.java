package netlink.workshop.step08;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import netlink.workshop.HexDump;
import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stage 8's message, byte for byte, against the same message built in C the
 * seed's way: a zeroed buffer of NLMSG_SPACE bytes, nlmsg_len =
 * NLMSG_LENGTH(strlen + 1), the text copied to NLMSG_DATA, with the real
 * linux/netlink.h macros.
 */
@Tag("todo1")
@Tag("todo2")
class BuildMessageTest {
    /** Prints the message for argv[1] (text), argv[2] (seq), argv[3] (pid), one message per line. */
    private static final String C_BUILDER = """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <linux/netlink.h>
            #include "workshop_netlink.h"

            static void build(const char *text, unsigned int seq, unsigned int pid)
            {
            	size_t payload = strlen(text) + 1;
            	struct nlmsghdr *nlh = calloc(1, NLMSG_SPACE(payload));
            	unsigned char *bytes = (unsigned char *)nlh;

            	nlh->nlmsg_len = NLMSG_LENGTH(payload);
            	nlh->nlmsg_type = WORKSHOP_MSG_HELLO;
            	nlh->nlmsg_flags = NLM_F_REQUEST;
            	nlh->nlmsg_seq = seq;
            	nlh->nlmsg_pid = pid;
            	strcpy(NLMSG_DATA(nlh), text);
            	for (size_t i = 0; i < NLMSG_SPACE(payload); i++)
            		printf("%s%02x", i ? " " : "", bytes[i]);
            	printf("\\n");
            	free(nlh);
            }

            int main(int argc, char **argv)
            {
            	for (int i = 1; i + 2 < argc; i += 3)
            		build(argv[i], strtoul(argv[i + 1], NULL, 0), strtoul(argv[i + 2], NULL, 0));
            	return 0;
            }
            """;

    private record Case(String text, int seq, int pid) {
    }

    @Test
    void theHelloRequestEqualsWhatCBuilds() throws Exception {
        ByteBuffer java = BuildMessage.build(BuildMessage.HELLO, 1, 0);
        String c = CProgram.run(C_BUILDER, List.of(BuildMessage.HELLO, "1", "0")).trim();

        assertThat(HexDump.hex(java, 0, java.capacity())).isEqualTo(c);
        assertThat(java.capacity()).as("NLMSG_SPACE(13)").isEqualTo(32);
    }

    @Test
    void otherTextsSequencesAndPidsEqualWhatCBuilds() throws Exception {
        List<Case> cases = List.of(new Case("", 0, 0), new Case("A", 2, 4242), new Case("abc", 3, 1),
                new Case("four", 0x7fffffff, 0x40000000), new Case("x".repeat(255), 65536, 100));
        StringBuilder java = new StringBuilder();
        List<String> args = new java.util.ArrayList<>();
        for (Case k : cases) {
            ByteBuffer message = BuildMessage.build(k.text(), k.seq(), k.pid());
            java.append(HexDump.hex(message, 0, message.capacity())).append('\n');
            args.addAll(List.of(k.text(), Integer.toUnsignedString(k.seq()), Integer.toUnsignedString(k.pid())));
        }

        assertThat(java.toString()).isEqualTo(CProgram.run(C_BUILDER, args));
    }
}
