package netlink.workshop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ProcNetNetlink reads /proc/net/netlink: one line per netlink socket in
 * the reader's network namespace, kernel sockets included, as
 * netlink_native_seq_show() in net/netlink/af_netlink.c prints them.
 */
public final class ProcNetNetlink {
    /** The file. */
    public static final Path FILE = Path.of("/proc/net/netlink");

    private ProcNetNetlink() {
    }

    /**
     * One line of /proc/net/netlink.
     *
     * @param protocol Eth: sk_protocol, the netlink protocol (16 is NETLINK_GENERIC)
     * @param port     Pid: the port id (nl_pid); 0 for a kernel socket
     * @param groups   Groups: the bit mask of joined groups 1 to 32 (later groups are not shown)
     * @param rmem     Rmem: bytes queued for reading (sk_rmem_alloc)
     * @param wmem     Wmem: bytes being sent (sk_wmem_alloc)
     * @param dump     Dump: 1 while a dump to this socket is under way (cb_running)
     * @param refs     Locks: the socket's reference count (sk_refcnt), not a lock
     * @param drops    Drops: messages dropped because the receive queue was full (sk_drops)
     * @param inode    Inode: the socket's inode, as in /proc/PID/fd/N's "socket:[inode]"
     */
    public record Row(int protocol, long port, long groups, long rmem, long wmem, int dump, long refs, long drops,
            long inode) {
        /** Returns the row in one line, each value with its column's name. */
        public String describe() {
            return "Eth " + protocol + ", Pid " + port + ", Groups " + String.format("%08x", groups) + ", Rmem " + rmem
                    + ", Wmem " + wmem + ", Dump " + dump + ", Locks " + refs + ", Drops " + drops + ", Inode " + inode;
        }
    }

    /** Reads every row. */
    public static List<Row> read() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(FILE)) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || f[0].equals("sk")) {
                continue;
            }
            rows.add(new Row(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3], 16),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]), Long.parseLong(f[7]),
                    Long.parseLong(f[8]), Long.parseLong(f[9])));
        }
        return rows;
    }

    /** Returns the row of the socket bound to {@code port} on {@code protocol}, if there is one. */
    public static Optional<Row> find(int protocol, int port) throws IOException {
        Optional<Row> row = Optional.empty();
        // TODO 1: find the row whose Eth column is the protocol and whose Pid column is the port id
        // HINT 1: read() returns every row; a port id is unique per protocol, not across protocols
        row = read().stream().filter(r -> r.protocol() == protocol && r.port() == Integer.toUnsignedLong(port))
                .findFirst();
        // END TODO 1
        return row;
    }

    /** Returns the inode of descriptor {@code fd} of this process: /proc/self/fd/N links to "socket:[inode]". */
    public static long inodeOf(int fd) throws IOException {
        String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        if (!target.startsWith("socket:[")) {
            throw new IOException("fd " + fd + " is " + target + ", not a socket");
        }
        return Long.parseLong(target.substring("socket:[".length(), target.length() - 1));
    }
}
