package netlink.workshop.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import netlink.workshop.BoundSocket;
import netlink.workshop.CString;
import netlink.workshop.Flags;
import netlink.workshop.MessageHeader;
import netlink.workshop.MessageReceiver;
import netlink.workshop.MessageSender;
import netlink.workshop.MessageType;
import netlink.workshop.NetlinkException;
import netlink.workshop.Nlmsg;
import netlink.workshop.Protocol;
import netlink.workshop.WorkshopClient;

/**
 * RoundTripBench is {@code ./workshop bench}: it times request/answer round
 * trips of the kit's Java client (MessageSender, MessageReceiver,
 * WorkshopClient) against other programs doing the same round trips, and
 * checks the goals of issue 7.
 *
 * <p>Comparisons: {@code host-noop} sends NLMSG_NOOP with NLM_F_ACK on
 * NETLINK_ROUTE to the running kernel; {@code vm-hello} sends "Hello Kernel"
 * to the workshop module (stage 10), in the embedded VM. Each other contender
 * is a program that reads a number of round trips from stdin, does them and
 * prints the nanoseconds they took (see src/bench/c/bench.h). The rounds of
 * all contenders take turns, so that they share the machine's noise; the
 * report gives the median of the rounds after the warm-up.
 *
 * <p>Usage: {@code RoundTripBench host-noop|vm-hello [--rounds R] [--warmup W]
 * [--round-trips N] NAME[:FRACTION]=COMMAND...}; the first NAME is the one
 * Java is compared with, FRACTION scales the round trips of a slow contender,
 * and a contender named pyroute2 must be slower than Java.
 */
public final class RoundTripBench {
    /** The goal: Java takes at most this many times C's time per round trip. */
    static final double MAX_RATIO = 1.15;

    private static final byte[] NO_PAYLOAD = new byte[0];
    private static final int ACK_LENGTH = Nlmsg.HDRLEN + 4 + Nlmsg.HDRLEN;
    private static final byte[] REPLY_TEXT = CString.encode("Hello Userspace");

    private RoundTripBench() {
    }

    /** A contender: does {@code count} round trips and records the nanoseconds they took. */
    private interface Contender {
        String name();

        /** Does the round trips; then {@link #wall} and {@link #cpu} give their nanoseconds. */
        void run(int count) throws Exception;

        long wall();

        long cpu();

        default void close() throws Exception {
        }
    }

    /** The Java loop of one comparison: {@code count} checked round trips. */
    private interface JavaLoop extends AutoCloseable {
        void roundTrips(int count) throws NetlinkException;
    }

    /** host-noop in Java: MessageSender and MessageReceiver on NETLINK_ROUTE. */
    private static final class RouteNoop implements JavaLoop {
        private final BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE);
        private final MessageSender sender = new MessageSender(socket);
        private final MessageReceiver receiver = new MessageReceiver(socket, MessageReceiver.DEFAULT_BUFFER,
                Duration.ofSeconds(2));
        private int seq;

        RouteNoop() throws NetlinkException {
        }

        @Override
        public void roundTrips(int count) throws NetlinkException {
            ByteBuffer ack = receiver.buffer();
            for (int i = 0; i < count; i++) {
                int s = ++seq;
                sender.send(MessageType.NOOP, Flags.REQUEST | Flags.ACK, s, 0, NO_PAYLOAD);
                int length = receiver.receive();
                if (length < ACK_LENGTH || ack.getShort(MessageHeader.TYPE_OFFSET) != MessageType.ERROR
                        || ack.getInt(MessageHeader.SEQUENCE_OFFSET) != s || ack.getInt(Nlmsg.HDRLEN) != 0) {
                    throw new IllegalStateException("bad ack for seq " + s + ": "
                            + MessageHeader.readFrom(ack, 0).describe() + ", error " + ack.getInt(Nlmsg.HDRLEN));
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** vm-hello in Java: WorkshopClient against the workshop module. */
    private static final class WorkshopHello implements JavaLoop {
        private final WorkshopClient client = WorkshopClient.open();

        WorkshopHello() throws NetlinkException {
        }

        @Override
        public void roundTrips(int count) throws NetlinkException {
            ByteBuffer reply = client.receiver().buffer();
            for (int i = 0; i < count; i++) {
                int length = client.awaitReply(client.sendHello(client.portId()));
                if (length < Nlmsg.length(REPLY_TEXT.length) || !sameText(reply)) {
                    throw new IllegalStateException("bad reply: " + MessageHeader.readFrom(reply, 0).describe());
                }
            }
        }

        private static boolean sameText(ByteBuffer reply) {
            for (int i = 0; i < REPLY_TEXT.length; i++) {
                if (reply.get(Nlmsg.HDRLEN + i) != REPLY_TEXT[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Runs a JavaLoop in this JVM and counts the heap bytes this thread allocates. */
    private static final class InProcess implements Contender {
        private final JavaLoop loop;
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long lastAllocated;
        private long wall;
        private long cpu;

        InProcess(JavaLoop loop) {
            this.loop = loop;
        }

        @Override
        public String name() {
            return "java";
        }

        @Override
        public void run(int count) throws Exception {
            long bytes = threads.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            long startCpu = threads.getCurrentThreadCpuTime();
            loop.roundTrips(count);
            cpu = threads.getCurrentThreadCpuTime() - startCpu;
            wall = System.nanoTime() - start;
            lastAllocated = threads.getCurrentThreadAllocatedBytes() - bytes;
        }

        @Override
        public long wall() {
            return wall;
        }

        @Override
        public long cpu() {
            return cpu;
        }

        @Override
        public void close() throws Exception {
            loop.close();
        }
    }

    /** A program that reads a count per line on stdin and answers with nanoseconds. */
    private static final class Child implements Contender {
        private final String name;
        private final double fraction;
        private final Process process;
        private final Writer in;
        private final BufferedReader out;
        private long wall;
        private long cpu;

        Child(String name, double fraction, String command) throws IOException {
            this.name = name;
            this.fraction = fraction;
            this.process = new ProcessBuilder("/bin/sh", "-c", "exec " + command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
        }

        @Override
        public String name() {
            return name;
        }

        int scaled(int count) {
            return Math.max(1, (int) (count * fraction));
        }

        @Override
        public void run(int count) throws IOException {
            in.write(count + "\n");
            in.flush();
            String line = out.readLine();
            if (line == null) {
                throw new IOException(name + " ended early (exit " + waitFor() + "): see its message above");
            }
            String[] nanos = line.trim().split(" ");
            wall = Long.parseLong(nanos[0]);
            cpu = Long.parseLong(nanos[1]);
        }

        @Override
        public long wall() {
            return wall;
        }

        @Override
        public long cpu() {
            return cpu;
        }

        private int waitFor() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
            waitFor();
        }
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("host-noop") || args[0].equals("vm-hello"))) {
            System.err.println("usage: RoundTripBench host-noop|vm-hello [--rounds R] [--warmup W]"
                    + " [--round-trips N] NAME[:FRACTION]=COMMAND...");
            System.exit(2);
        }
        String comparison = args[0];
        int rounds = 15;
        int warmup = 5;
        int roundTrips = 20000;
        List<String[]> others = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--round-trips" -> roundTrips = Integer.parseInt(args[++i]);
                default -> others.add(args[i].split("=", 2));
            }
        }
        if (others.isEmpty() || others.get(0).length != 2) {
            System.err.println("RoundTripBench: name the C program to compare with, e.g. c=path/to/route-noop-raw");
            System.exit(2);
        }

        InProcess java = new InProcess(comparison.equals("host-noop") ? new RouteNoop() : new WorkshopHello());
        List<Contender> all = new ArrayList<>(List.of(java));
        for (String[] other : others) {
            String[] nameAndFraction = other[0].split(":", 2);
            double fraction = nameAndFraction.length == 2 ? Double.parseDouble(nameAndFraction[1]) : 1.0;
            all.add(new Child(nameAndFraction[0], fraction, other[1]));
        }

        int k = all.size();
        double[][] cpuMicros = new double[k][rounds];
        double[][] wallMicros = new double[k][rounds];
        long[] javaBytes = new long[rounds];
        for (int round = -warmup; round < rounds; round++) {
            // Each round starts with the next contender, so none always runs first.
            for (int turn = 0; turn < k; turn++) {
                int c = Math.floorMod(round + turn, k);
                Contender contender = all.get(c);
                int count = contender instanceof Child child ? child.scaled(roundTrips) : roundTrips;
                contender.run(count);
                if (round >= 0) {
                    cpuMicros[c][round] = contender.cpu() / 1000.0 / count;
                    wallMicros[c][round] = contender.wall() / 1000.0 / count;
                    if (contender == java) {
                        javaBytes[round] = java.lastAllocated;
                    }
                }
            }
        }
        for (Contender contender : all) {
            contender.close();
        }

        System.out.printf("%s: microseconds per round trip, median of %d rounds after %d warm-up rounds;%n"
                + "  cpu: the thread's CPU time (user + system), wall: the clock%n", comparison, rounds, warmup);
        double[] medians = new double[k];
        for (int c = 0; c < k; c++) {
            medians[c] = median(cpuMicros[c]);
            Contender contender = all.get(c);
            int count = contender instanceof Child child ? child.scaled(roundTrips) : roundTrips;
            System.out.printf("  %-9s cpu %8.2f us  (rounds %.2f to %.2f)  wall %8.2f us  %6d round trips a round%n",
                    contender.name(), medians[c], min(cpuMicros[c]), max(cpuMicros[c]), median(wallMicros[c]), count);
        }
        long allocated = Arrays.stream(javaBytes).sum();
        long[] sortedBytes = javaBytes.clone();
        Arrays.sort(sortedBytes);
        long medianBytes = sortedBytes[rounds / 2];
        System.out.printf("  java heap: %.2f bytes per round trip in the median round; %d bytes in all %d rounds%n",
                (double) medianBytes / roundTrips, allocated, rounds);
        double ratio = medians[0] / medians[1];
        System.out.printf("ratio java/%s %s %.2f%n", all.get(1).name(), comparison, ratio);

        List<String> failures = new ArrayList<>();
        if (ratio > MAX_RATIO) {
            failures.add(String.format("Java takes %.2fx %s's CPU time per round trip (goal: at most %.2fx)",
                    ratio, all.get(1).name(), MAX_RATIO));
        }
        // Steady state: a round trip that allocates makes every round allocate; one JIT event does not.
        if (medianBytes != 0) {
            failures.add(String.format("Java allocates %.2f heap bytes per round trip in steady state (goal: none)",
                    (double) medianBytes / roundTrips));
        }
        for (int c = 1; c < k; c++) {
            if (all.get(c).name().equals("pyroute2") && medians[0] >= medians[c]) {
                failures.add(String.format("Java (%.2f us) is not ahead of pyroute2 (%.2f us)",
                        medians[0], medians[c]));
            }
        }
        for (String failure : failures) {
            System.out.println("FAIL " + comparison + ": " + failure);
        }
        System.exit(failures.isEmpty() ? 0 : 1);
    }
}
