package netlink.workshop.bench.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * FfmRouteNoop is the java.lang.foreign contender of {@code ./workshop bench}
 * host-noop (JDK 22 or newer; tools/bench.sh compiles it with such a JDK): the
 * same round trip as route-noop-raw.c, NLMSG_NOOP with NLM_F_ACK on
 * NETLINK_ROUTE through sendmsg(2) and recvmsg(2), each called through a
 * downcall handle that captures errno (Linker.Option.captureCallState), each
 * ack checked. Like the C contenders it reads a count per line on stdin and
 * prints the nanoseconds the round trips took, on the clock and on this
 * thread's CPU clock.
 */
public final class FfmRouteNoop {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int NETLINK_ROUTE = 0;
    private static final int MSG_TRUNC = 0x20;
    private static final int EINTR = 4;
    private static final int NLMSG_NOOP = 1;
    private static final int NLMSG_ERROR = 2;
    private static final int NLM_F_REQUEST_ACK = 0x01 | 0x04;
    /** struct msghdr (sys/socket.h) on x86-64. */
    private static final long MSGHDR_SIZE = 56;
    private static final long MSG_NAMELEN = 8;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_FLAGS = 48;
    private static final int ACK_SIZE = 16 + 4 + 16;

    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET;
    private static final MethodHandle BIND;
    private static final MethodHandle SENDMSG;
    private static final MethodHandle RECVMSG;

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errno = Linker.Option.captureCallState("errno");
        SOCKET = linker.downcallHandle(libc.find("socket").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), errno);
        BIND = linker.downcallHandle(libc.find("bind").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), errno);
        SENDMSG = linker.downcallHandle(libc.find("sendmsg").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
        RECVMSG = linker.downcallHandle(libc.find("recvmsg").orElseThrow(),
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), errno);
    }

    private final MemorySegment state;
    private final int fd;
    private final MemorySegment request;
    private final MemorySegment ack;
    private final MemorySegment out;
    private final MemorySegment in;

    private FfmRouteNoop(Arena arena) throws Throwable {
        state = arena.allocate(CALL_STATE);
        fd = (int) SOCKET.invokeExact(state, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0) {
            throw new IllegalStateException("socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE): errno " + errno());
        }
        MemorySegment self = arena.allocate(12);
        self.set(JAVA_SHORT, 0, (short) AF_NETLINK);
        if ((int) BIND.invokeExact(state, fd, self, 12) < 0) {
            throw new IllegalStateException("bind: errno " + errno());
        }
        request = arena.allocate(16, 8);
        request.set(JAVA_INT, 0, 16);
        request.set(JAVA_SHORT, 4, (short) NLMSG_NOOP);
        request.set(JAVA_SHORT, 6, (short) NLM_F_REQUEST_ACK);
        ack = arena.allocate(8192, 8);
        MemorySegment kernel = arena.allocate(12);
        kernel.set(JAVA_SHORT, 0, (short) AF_NETLINK);
        MemorySegment from = arena.allocate(12);
        out = msghdr(arena, kernel, request, 16);
        in = msghdr(arena, from, ack, 8192);
    }

    private static MemorySegment msghdr(Arena arena, MemorySegment name, MemorySegment buffer, long length) {
        MemorySegment iov = arena.allocate(16, 8);
        iov.set(ADDRESS, 0, buffer);
        iov.set(JAVA_LONG, 8, length);
        MemorySegment msg = arena.allocate(MSGHDR_SIZE, 8);
        msg.set(ADDRESS, 0, name);
        msg.set(JAVA_INT, MSG_NAMELEN, 12);
        msg.set(ADDRESS, MSG_IOV, iov);
        msg.set(JAVA_LONG, MSG_IOVLEN, 1);
        return msg;
    }

    private int errno() {
        return (int) ERRNO.get(state, 0L);
    }

    private void roundTrip(int seq) throws Throwable {
        request.set(JAVA_INT, 8, seq);
        while ((long) SENDMSG.invokeExact(state, fd, out, 0) < 0) {
            if (errno() != EINTR) {
                throw new IllegalStateException("sendmsg: errno " + errno());
            }
        }
        long length;
        do {
            in.set(JAVA_INT, MSG_NAMELEN, 12);
            length = (long) RECVMSG.invokeExact(state, fd, in, MSG_TRUNC);
        } while (length < 0 && errno() == EINTR);
        if (length < ACK_SIZE || (in.get(JAVA_INT, MSG_FLAGS) & MSG_TRUNC) != 0
                || ack.get(JAVA_SHORT, 4) != NLMSG_ERROR || ack.get(JAVA_INT, 8) != seq || ack.get(JAVA_INT, 16) != 0) {
            throw new IllegalStateException("bad ack for seq " + seq + " (length " + length + ", errno "
                    + (length < 0 ? errno() : 0) + ")");
        }
    }

    public static void main(String[] args) throws Throwable {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        FfmRouteNoop noop = new FfmRouteNoop(Arena.global());
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in));
        int seq = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            int count = Integer.parseInt(line.trim());
            long wall = System.nanoTime();
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                noop.roundTrip(++seq);
            }
            cpu = threads.getCurrentThreadCpuTime() - cpu;
            System.out.println((System.nanoTime() - wall) + " " + cpu);
            System.out.flush();
        }
    }
}
