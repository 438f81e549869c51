package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java client's own robustness, against the host kernel's NETLINK_ROUTE
 * (no VM needed): a signal in the middle of recvmsg (EINTR) is retried, a
 * flood is reported as ENOBUFS, every failure is one clear line, and no path
 * leaks a descriptor or closes one twice.
 */
class ClientRobustnessIT {
    /** SIGUSR1 (signal.h); the JVM leaves it alone. */
    private static final int SIGUSR1 = 10;
    /** struct nlmsgerr after the header: int error, then the request's nlmsghdr. */
    private static final int ACK_SIZE = Nlmsg.HDRLEN + 4 + Nlmsg.HDRLEN;
    /** SO_SNDBUF (asm/socket.h): the socket's send buffer, which bounds a message's size. */
    private static final int SO_SNDBUF = 7;

    /** The calls of src/test/c/sigcount.c. */
    interface SigCount extends Library {
        int sigcount_install(int sig);

        int sigcount_hits_so_far();

        long sigcount_self();

        long sigcount_tid();

        int sigcount_kill(long thread, int sig);
    }

    private static SigCount sig;

    @BeforeAll
    static void loadSignalHelper() throws Exception {
        Path library = Workshop.root().resolve("target/robust/libsigcount.so");
        Files.createDirectories(library.getParent());
        Workshop.Result gcc = Workshop.run(new ProcessBuilder("gcc", "-Wall", "-Wextra", "-Werror", "-O1",
                "-shared", "-fPIC", "-o", library.toString(),
                Workshop.root().resolve("robustness/src/test/c/sigcount.c").toString()), 120);
        assertThat(gcc.exitCode()).as(gcc.toString()).isZero();
        sig = Native.load(library.toString(), SigCount.class);
        assertThat(sig.sigcount_install(SIGUSR1)).as("SIGUSR1 must be free for the test").isZero();
    }

    /** recvmsg's system call number: /proc/PID/task/TID/syscall shows it while a thread waits there. */
    private static String recvmsgSyscall() {
        return System.getProperty("os.arch").equals("aarch64") ? "212" : "47";
    }

    private static boolean inRecvmsg(long tid) throws IOException {
        Path syscall = Path.of("/proc/self/task/" + tid + "/syscall");
        return Files.exists(syscall) && Files.readString(syscall).startsWith(recvmsgSyscall() + " ");
    }

    private static void await(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waited 20 s for: " + what).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Runs {@code receive} in a new thread and returns its outcome; tid and pthread get the thread's ids. */
    private static <T> CompletableFuture<T> receiveInThread(java.util.concurrent.Callable<T> receive,
            AtomicLong tid, AtomicLong pthread) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            pthread.set(sig.sigcount_self());
            tid.set(sig.sigcount_tid());
            try {
                outcome.complete(receive.call());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, "blocked-in-recvmsg");
        thread.setDaemon(true);
        thread.start();
        return outcome;
    }

    @Test
    void aSignalDuringReceiveIsRetriedAndTheReplyStillArrives() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            MessageSender sender = new MessageSender(socket);
            MessageReceiver receiver = new MessageReceiver(socket, 8192, Duration.ofSeconds(30));
            AtomicLong tid = new AtomicLong(-1);
            AtomicLong pthread = new AtomicLong();
            CompletableFuture<Message> received = receiveInThread(receiver::receive, tid, pthread);
            await("the receiver blocks in recvmsg", () -> tid.get() > 0 && inRecvmsg(tid.get()));
            int before = sig.sigcount_hits_so_far();

            assertThat(sig.sigcount_kill(pthread.get(), SIGUSR1)).isZero();
            await("the handler runs", () -> sig.sigcount_hits_so_far() == before + 1);
            // recvmsg failed with EINTR; the loop must call it again, not give up.
            await("the receiver waits in recvmsg again", () -> {
                assertThat(received).as("receive() must not give up on EINTR").isNotDone();
                return inRecvmsg(tid.get());
            });

            sender.send(Message.of(MessageType.NOOP, Flags.REQUEST | Flags.ACK, 77, 0, new byte[0]));
            MessageHeader ack = received.get(20, TimeUnit.SECONDS).header();
            assertThat(ack.length()).isEqualTo(ACK_SIZE);
            assertThat(ack.sequence()).isEqualTo(77);
        }
    }

    @Test
    void theSameSignalMakesARawRecvmsgFailWithEintr() throws Exception {
        // The control for the test above: without the retry loop, the caller would see EINTR.
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            RawMsghdr buffers = new RawMsghdr();
            AtomicLong tid = new AtomicLong(-1);
            AtomicLong pthread = new AtomicLong();
            CompletableFuture<Long> received = receiveInThread(
                    () -> RecvCalls.recvmsg(socket.fd(), buffers.msg(), 0), tid, pthread);
            await("the raw recvmsg blocks", () -> tid.get() > 0 && inRecvmsg(tid.get()));

            assertThat(sig.sigcount_kill(pthread.get(), SIGUSR1)).isZero();

            assertThatThrownBy(() -> received.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(LastErrorException.class)
                    .satisfies(e -> assertThat(((LastErrorException) e.getCause()).getErrorCode())
                            .isEqualTo(Errno.EINTR));
        }
    }

    /** A msghdr with one 8 KiB buffer, for calling recvmsg(2) directly. */
    private static final class RawMsghdr {
        private final com.sun.jna.Memory data = new com.sun.jna.Memory(8192);
        private final Iovec iov = new Iovec();
        private final Msghdr msg = new Msghdr();

        RawMsghdr() {
            iov.iov_base = data;
            iov.iov_len = data.size();
            iov.write();
            msg.msg_iov = iov.getPointer();
            msg.msg_iovlen = 1;
            msg.write();
        }

        com.sun.jna.Pointer msg() {
            return msg.getPointer();
        }
    }

    @Test
    void aClientThatSendsWithoutReadingIsToldENOBUFS() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            MessageSender sender = new MessageSender(socket);
            MessageReceiver receiver = new MessageReceiver(socket, 8192, Duration.ofSeconds(2));
            for (int seq = 1; seq <= 20_000; seq++) {
                sender.send(Message.of(MessageType.NOOP, Flags.REQUEST | Flags.ACK, seq, 0, new byte[0]));
            }

            assertThatThrownBy(receiver::receive).isInstanceOfSatisfying(NetlinkException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.ENOBUFS);
                assertThat(e.getMessage()).isEqualTo("recvmsg(fd " + socket.fd() + "): No buffer space available"
                        + " (ENOBUFS): the socket's receive queue overflowed and the kernel dropped messages,"
                        + " and drops new ones until the queue is read empty: read replies as fast as you send"
                        + " them (discardQueued() to go on), or raise SO_RCVBUF");
            });
            // The error is reported once; what did fit is still queued, and the socket stays congested.
            assertThat(receiver.receiveDatagram().limit()).isEqualTo(ACK_SIZE);
            sender.send(Message.of(MessageType.NOOP, Flags.REQUEST | Flags.ACK, 30_001, 0, new byte[0]));
            int stale = receiver.discardQueued();
            assertThat(stale).as("acks that fitted before the overrun").isPositive().isLessThan(20_000);

            // Read empty, the socket takes messages again.
            sender.send(Message.of(MessageType.NOOP, Flags.REQUEST | Flags.ACK, 30_002, 0, new byte[0]));
            ByteBuffer fresh = receiver.receiveDatagram();
            assertThat(fresh.limit()).isEqualTo(ACK_SIZE);
            assertThat(MessageHeader.readFrom(fresh, 0).sequence()).isEqualTo(30_002);
        }
    }

    @Test
    void everyFailureIsOneLineWithTheCallTheCauseAndTheFix() throws Exception {
        List<NetlinkException> failures = new ArrayList<>();
        collect(failures, () -> NetlinkSocket.open(Protocol.MAX_LINKS));
        if (!Files.readString(Path.of("/proc/net/netlink")).lines()
                .anyMatch(line -> line.trim().split("\\s+")[1].equals("31"))) {
            collect(failures, WorkshopClient::open);
        }
        try (BoundSocket first = BoundSocket.open(Protocol.NETLINK_ROUTE);
                NetlinkSocket second = NetlinkSocket.open(Protocol.NETLINK_ROUTE)) {
            collect(failures, () -> BoundSocket.bind(second, first.portId()));
            collect(failures, () -> BoundSocket.bind(first.socket(), 0));
            collect(failures, () -> new MessageReceiver(first, 8192, Duration.ofMillis(50)).receive());
            new MessageSender(first).send(Message.of(MessageType.NOOP, Flags.REQUEST | Flags.ACK, 1, 0, new byte[0]));
            collect(failures, () -> new MessageReceiver(first, 20, Duration.ofSeconds(2)).receive());
            // SO_SNDBUF 4096 (the kernel doubles it): a 16 KiB message cannot be sent (EMSGSIZE).
            Memory sendBuffer = new Memory(4);
            sendBuffer.setInt(0, 4096);
            RecvCalls.setsockopt(first.fd(), RecvCalls.SOL_SOCKET, SO_SNDBUF, sendBuffer, 4);
            collect(failures, () -> new MessageSender(first).send(Message.of(MessageType.NOOP, Flags.REQUEST, 1, 0,
                    new byte[16 * 1024])));
        }

        assertThat(failures).extracting(NetlinkException::errno).contains(Errno.EPROTONOSUPPORT,
                Errno.EADDRINUSE, Errno.EINVAL, Errno.EAGAIN, Errno.EMSGSIZE);
        for (NetlinkException e : failures) {
            assertThat(e.getMessage()).as("one line").doesNotContain("\n")
                    .matches("[^:]+: [A-Z][^()]+ \\(" + Errno.name(e.errno()) + "\\): .{20,}")
                    .contains(LibC.strerror(e.errno()));
            assertThat(e.hint()).as("a cause and a fix: " + e.getMessage()).doesNotStartWith("unexpected");
        }
    }

    private interface Failing {
        void run() throws NetlinkException;
    }

    private static void collect(List<NetlinkException> failures, Failing call) {
        try {
            call.run();
        } catch (NetlinkException e) {
            failures.add(e);
            return;
        }
        throw new AssertionError("expected a NetlinkException");
    }

    private static long socketDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false; // the descriptor of the listing itself, gone by now
                }
            }).count();
        }
    }

    private static long descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    private static void everyPath() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            assertThat(socket.portId()).isNotZero();
        }
        assertThatThrownBy(() -> NetlinkSocket.open(Protocol.MAX_LINKS)).isInstanceOf(NetlinkException.class);
        try (WorkshopClient client = WorkshopClient.open()) {
            assertThat(client.fd()).isPositive(); // only where the module is loaded
        } catch (NetlinkException e) {
            assertThat(e.errno()).isEqualTo(Errno.EPROTONOSUPPORT);
        }
        try (BoundSocket first = BoundSocket.open(Protocol.NETLINK_ROUTE);
                NetlinkSocket second = NetlinkSocket.open(Protocol.NETLINK_ROUTE)) {
            assertThatThrownBy(() -> BoundSocket.bind(second, first.portId())).isInstanceOf(NetlinkException.class);
            MessageReceiver receiver = new MessageReceiver(first, 64, Duration.ofMillis(1));
            assertThatThrownBy(receiver::receive).isInstanceOf(NetlinkException.class);
        }
        assertThatThrownBy(() -> {
            try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
                throw new IllegalStateException("the body fails: " + socket.fd());
            }
        }).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noPathLeaksADescriptor() throws Exception {
        everyPath(); // loads every class first, so that only sockets can change the count
        long sockets = socketDescriptors();
        long all = descriptors();

        for (int i = 0; i < 500; i++) {
            everyPath();
        }

        assertThat(socketDescriptors()).as("open sockets after 500 rounds of every path").isEqualTo(sockets);
        assertThat(descriptors()).as("open descriptors after 500 rounds of every path").isEqualTo(all);
    }

    @Test
    void closingTwiceNeverClosesSomeoneElsesDescriptor() throws Exception {
        NetlinkSocket first = NetlinkSocket.open(Protocol.NETLINK_ROUTE);
        int fd = first.fd();
        first.close();
        try (NetlinkSocket second = NetlinkSocket.open(Protocol.NETLINK_ROUTE)) {
            assertThat(second.fd()).as("the kernel reuses the lowest free number").isEqualTo(fd);
            first.close();
            assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString()).startsWith("socket:");
        }
    }
}
