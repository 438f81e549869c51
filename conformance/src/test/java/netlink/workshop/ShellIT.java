package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code ./workshop shell --step 10} as a learner uses it, in a terminal
 * (script(1) gives it one): the seed's routine by hand, insmod, dmesg, the
 * client, rmmod, then exit powers the VM off and no qemu stays behind. The
 * kit's guest is seeded at boot (RDRAND, and virtio-rng), so /proc/net/netlink shows
 * hashed addresses, not (____ptrval____).
 */
@Tag("vm")
class ShellIT {
    private static final long BOUND_MS = 600_000;

    @Test
    void theLearnerLoadsRunsAndUnloadsByHandAndExitPowersOff() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("script", "-qefc", "./workshop shell --step 10", "/dev/null")
                .directory(Workshop.root().toFile()).redirectErrorStream(true);
        builder.environment().put("WORKSHOP_NO_SETUP", "1");
        builder.environment().put("WORKSHOP_NO_BUILD", "1");
        builder.environment().put("TERM", "dumb");
        Process shell = builder.start();
        ProcessHandle qemu;
        Transcript out = new Transcript(shell.getInputStream());
        try (OutputStream in = shell.getOutputStream()) {
            out.await("Ctrl-D (or exit) powers the VM off.");
            // This shell's own qemu (other tests may run VMs of their own at the same time).
            qemu = shell.descendants().filter(p -> p.info().command().orElse("").contains("qemu-system"))
                    .findFirst().orElse(null);
            for (String command : List.of("pwd", "cat /proc/net/netlink", "insmod nlws.ko",
                    "dmesg | grep 'nlws: netlink socket ready'", "HelloClient", "rmmod nlws", "echo done-$((6*7))")) {
                in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            out.await("done-42");
            in.write("exit\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        assertThat(shell.waitFor(120, TimeUnit.SECONDS)).as(out.text()).isTrue();
        String text = out.text();

        assertThat(text).contains("/kernel/step10-user-receive")
                .contains("nlws: netlink socket ready on protocol 31")
                .contains("the kernel says: Hello Userspace")
                .contains("==> shell: the VM is off");
        // The host seeds the guest: the kernel hashes the pointers it prints.
        assertThat(text).as(text).containsPattern("\n[0-9a-f]{16} 0 +0 ").doesNotContain("(____ptrval____)");
        assertThat(shell.exitValue()).as(text).isZero();
        assertThat(qemu).as("the shell runs in a qemu of its own").isNotNull();
        assertThat(qemu.isAlive()).as("the shell's qemu is left running: " + qemu.pid()).isFalse();
    }

    /** What the terminal showed, read as it comes. */
    private static final class Transcript {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Transcript(InputStream stream) {
            Thread reader = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try {
                    for (int n; (n = stream.read(buffer)) > 0;) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                            bytes.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // The process ended.
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8).replace("\r", "");
            }
        }

        /** Waits, with a bound, until the terminal has shown {@code what}. */
        void await(String what) throws InterruptedException {
            long end = System.currentTimeMillis() + BOUND_MS;
            synchronized (bytes) {
                while (!bytes.toString(StandardCharsets.UTF_8).contains(what)) {
                    long left = end - System.currentTimeMillis();
                    assertThat(left).as("the shell never showed '" + what + "':\n" + text()).isPositive();
                    bytes.wait(left);
                }
            }
        }
    }
}
