package netlink.workshop.step02;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import netlink.workshop.LibC;
import netlink.workshop.NetlinkException;
import netlink.workshop.Options;
import netlink.workshop.Protocol;

/**
 * KernelSocketCheck is stage 2's program. Stage 1 showed socket(AF_NETLINK,
 * SOCK_RAW, 31) failing; with stage 2's module loaded it succeeds, and
 * /proc/net/netlink lists the socket the module created: protocol 31, port 0.
 */
public final class KernelSocketCheck {
    /** The kernel's table of netlink sockets (proc(5), "/proc/net/netlink"). */
    static final Path PROC_NET_NETLINK = Path.of("/proc/net/netlink");

    private KernelSocketCheck() {
    }

    public static void main(String[] args) {
        new Options("KernelSocketCheck", "stage 2: opens a socket on protocol 31 and finds the module's in /proc/net/netlink")
                .parseOrExit(args);
        System.exit(run() ? 0 : 1);
    }

    /** Opens a socket on protocol 31, as stage 1 tried to, and looks at the table while it is open. */
    static boolean run() {
        int protocol = Protocol.NETLINK_WORKSHOP;
        int fd;
        try {
            fd = LibC.socket(Protocol.AF_NETLINK, Protocol.SOCK_RAW | Protocol.SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            System.out.println(NetlinkException.socketFailed(protocol, e.getErrorCode()).getMessage());
            return false;
        }
        try {
            System.out.println(Protocol.socketCall(protocol) + " = fd " + fd
                    + ": it works now, because the module created a kernel socket on protocol " + protocol);
            return showKernelSocket();
        } finally {
            LibC.close(fd);
        }
    }

    /** Prints /proc/net/netlink's rows for protocol 31 and finds the kernel's socket (port 0) among them. */
    static boolean showKernelSocket() {
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC_NET_NETLINK);
        } catch (IOException e) {
            System.out.println("cannot read " + PROC_NET_NETLINK + " (" + e.getMessage()
                    + "): mount /proc, or run this inside the workshop VM (./workshop run 2)");
            return false;
        }
        if (lines.isEmpty()) {
            System.out.println(PROC_NET_NETLINK + " is empty: this kernel lists no netlink sockets; see proc(5)");
            return false;
        }
        System.out.println(PROC_NET_NETLINK + ", the header and the rows for protocol (Eth) "
                + Protocol.NETLINK_WORKSHOP + ":");
        System.out.println("  " + lines.get(0).strip());
        boolean kernelSocket = false;
        int others = 0;
        for (String line : lines.subList(1, lines.size())) {
            Row row = Row.parse(line);
            if (row != null && row.protocol() == Protocol.NETLINK_WORKSHOP) {
                System.out.println("  " + line.strip());
                kernelSocket |= row.port() == 0;
                others += row.port() == 0 ? 0 : 1;
            }
        }
        if (!kernelSocket) {
            System.out.println("no socket with protocol " + Protocol.NETLINK_WORKSHOP + " and port 0 in "
                    + PROC_NET_NETLINK + ": the module did not create one; load stage 2's module (./workshop run 2)");
            return false;
        }
        System.out.println("protocol " + Protocol.NETLINK_WORKSHOP
                + ", port 0: the kernel's own socket, made by netlink_kernel_create() in nlws.ko");
        if (others == 0) {
            System.out.println("our socket, open but unbound, has no row: a socket is listed once it has a port,"
                    + " which bind() gives it (stage 7)");
        } else {
            System.out.println(others + " more row(s) on protocol " + Protocol.NETLINK_WORKSHOP
                    + ": other programs' bound sockets; ours, unbound, is not listed until bind() (stage 7)");
        }
        return true;
    }

    /**
     * Row is one line of /proc/net/netlink: "sk Eth Pid Groups Rmem Wmem Dump
     * Locks Drops Inode", of which we need the protocol (Eth) and the port (Pid).
     */
    record Row(int protocol, long port) {
        static Row parse(String line) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 3 || !fields[1].matches("\\d+") || !fields[2].matches("\\d+")) {
                return null;
            }
            return new Row(Integer.parseInt(fields[1]), Long.parseLong(fields[2]));
        }
    }
}
