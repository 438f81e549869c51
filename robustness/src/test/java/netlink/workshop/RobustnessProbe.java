package netlink.workshop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * RobustnessProbe is the Java client under stress, run inside the VM by the
 * robustness tests. Every line it prints is either a result or a
 * NetlinkException's message, exactly as a learner's program would show it.
 *
 * <ul>
 * <li>{@code hello}: one round trip; prints the reply or the error line.</li>
 * <li>{@code flood N}: sends N requests without reading, then receives
 *     (ENOBUFS expected), then makes one normal round trip.</li>
 * <li>{@code churn STOPFILE}: open, round trip, close, again, until STOPFILE
 *     exists; prints how many worked and each distinct error line.</li>
 * </ul>
 */
public final class RobustnessProbe {
    private RobustnessProbe() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "hello":
                System.exit(hello() ? 0 : 1);
                break;
            case "flood":
                System.exit(flood(Integer.parseInt(args[1])) ? 0 : 1);
                break;
            case "churn":
                System.exit(churn(Path.of(args[1])) ? 0 : 1);
                break;
            default:
                System.err.println("usage: RobustnessProbe hello | flood N | churn STOPFILE");
                System.exit(2);
        }
    }

    private static boolean hello() {
        try (WorkshopClient client = WorkshopClient.open()) {
            // The module's NL_SET_ERR_MSG text with a refusal (chapter 11 teaches these options).
            com.sun.jna.Memory one = new com.sun.jna.Memory(4);
            one.setInt(0, 1);
            RecvCalls.setsockopt(client.fd(), RecvCalls.SOL_NETLINK, RecvCalls.NETLINK_EXT_ACK, one, 4);
            RecvCalls.setsockopt(client.fd(), RecvCalls.SOL_NETLINK, RecvCalls.NETLINK_CAP_ACK, one, 4);
            System.out.println("java hello: the kernel says: " + client.hello().text());
            return true;
        } catch (NetlinkException e) {
            System.out.println("java hello: " + e.getMessage());
            return false;
        }
    }

    private static boolean flood(int requests) {
        boolean enobufs = false;
        try (WorkshopClient client = WorkshopClient.open()) {
            int last = 0;
            for (int i = 0; i < requests; i++) {
                last = client.sendHello(client.portId());
            }
            try {
                client.receiveReply(last);
                System.out.println("java flood: sent " + requests + " requests without reading, and no error");
            } catch (NetlinkException e) {
                enobufs = e.errno() == Errno.ENOBUFS;
                System.out.println("java flood: sent " + requests + " requests without reading, then: "
                        + e.getMessage());
            }
            // Until the queue is read empty the kernel drops every new reply (the socket is "congested").
            System.out.println("java flood: discarded " + client.receiver().discardQueued() + " queued replies");
            System.out.println("java flood: afterwards the kernel says: " + client.hello().text());
            return enobufs;
        } catch (NetlinkException e) {
            System.out.println("java flood: " + e.getMessage());
            return false;
        }
    }

    private static boolean churn(Path stop) throws InterruptedException {
        Map<String, Integer> errors = new TreeMap<>();
        int ok = 0;
        while (!Files.exists(stop)) {
            // A generous timeout: under a loaded emulator a reply can be late, but it must not be missing.
            try (WorkshopClient client = WorkshopClient.open(MessageReceiver.DEFAULT_BUFFER, Duration.ofSeconds(10))) {
                if (client.hello().text().equals("Hello Userspace")) {
                    ok++;
                }
            } catch (NetlinkException e) {
                errors.merge(e.getMessage(), 1, Integer::sum);
            }
            Thread.sleep(20); // gaps with no socket open: an open socket pins the module
        }
        System.out.println("java churn: " + ok + " round trips ok");
        errors.forEach((message, count) -> System.out.println("java churn error x" + count + ": " + message));
        return ok > 0;
    }
}
