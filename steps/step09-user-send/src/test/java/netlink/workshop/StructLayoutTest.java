package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Structure;
import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Test;

/** The JNA structs must have C's sizes and offsets, or the kernel reads the wrong bytes. */
class StructLayoutTest {
    private static final String LAYOUT = CProgramLayout.SOURCE;

    @Test
    void sizesAndOffsetsEqualC() throws Exception {
        String c = CProgram.run(LAYOUT).trim();

        SockaddrNl address = new SockaddrNl(MARKER);
        Iovec iov = new Iovec();
        iov.iov_len = MARKER;
        Msghdr namelen = new Msghdr();
        namelen.msg_namelen = MARKER;
        Msghdr flags = new Msghdr();
        flags.msg_flags = MARKER;
        String java = String.join(" ",
                "sockaddr_nl", str(address.size()), str(offsetOf(address)),
                "nlmsghdr", str(Nlmsg.HDRLEN), str(MessageHeader.TYPE_OFFSET), str(MessageHeader.FLAGS_OFFSET),
                str(MessageHeader.SEQUENCE_OFFSET), str(MessageHeader.PID_OFFSET),
                "iovec", str(iov.size()), str(offsetOf(iov)),
                "msghdr", str(namelen.size()), str(offsetOf(namelen)), str(offsetOf(flags)));
        assertThat(java).isEqualTo(c);
    }

    /** A value no other field holds: where write() puts it is its field's offset. */
    private static final int MARKER = 0x5a5a_a5a5;

    /** The offset of the one field set to MARKER, as write() lays the structure out in native memory. */
    private static int offsetOf(Structure structure) {
        structure.write();
        for (int at = 0; at + 4 <= structure.size(); at += 4) {
            if (structure.getPointer().getInt(at) == MARKER) {
                return at;
            }
        }
        return -1;
    }

    private static String str(int value) {
        return Integer.toString(value);
    }

    /** The C side of the comparison. */
    static final class CProgramLayout {
        static final String SOURCE = """
                #include <stddef.h>
                #include <stdio.h>
                #include <sys/socket.h>
                #include <sys/uio.h>
                #include <linux/netlink.h>
                int main(void)
                {
                	printf("sockaddr_nl %zu %zu ", sizeof(struct sockaddr_nl), offsetof(struct sockaddr_nl, nl_pid));
                	printf("nlmsghdr %zu %zu %zu %zu %zu ", sizeof(struct nlmsghdr),
                	       offsetof(struct nlmsghdr, nlmsg_type), offsetof(struct nlmsghdr, nlmsg_flags),
                	       offsetof(struct nlmsghdr, nlmsg_seq), offsetof(struct nlmsghdr, nlmsg_pid));
                	printf("iovec %zu %zu ", sizeof(struct iovec), offsetof(struct iovec, iov_len));
                	printf("msghdr %zu %zu %zu\\n", sizeof(struct msghdr), offsetof(struct msghdr, msg_namelen),
                	       offsetof(struct msghdr, msg_flags));
                	return 0;
                }
                """;
    }
}
