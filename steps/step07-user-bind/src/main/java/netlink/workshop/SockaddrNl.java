package netlink.workshop;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** SockaddrNl is {@code struct sockaddr_nl} (linux/netlink.h): a netlink address, 12 bytes. */
@FieldOrder({"nl_family", "nl_pad", "nl_pid", "nl_groups"})
public final class SockaddrNl extends Structure {
    /** Always AF_NETLINK. */
    public short nl_family = (short) Protocol.AF_NETLINK;
    /** Zero. */
    public short nl_pad;
    /** The port id: 0 is the kernel; for bind(), 0 asks the kernel to pick one. */
    public int nl_pid;
    /** Multicast group mask; 0 for unicast. */
    public int nl_groups;

    /** Creates the address of {@code portId} with no multicast groups. */
    public SockaddrNl(int portId) {
        this.nl_pid = portId;
    }
}
