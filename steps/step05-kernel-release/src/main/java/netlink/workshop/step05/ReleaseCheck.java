package netlink.workshop.step05;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import netlink.workshop.Errno;
import netlink.workshop.NetlinkException;
import netlink.workshop.NetlinkSocket;
import netlink.workshop.Options;
import netlink.workshop.Protocol;
import netlink.workshop.Reply;
import netlink.workshop.WorkshopClient;

/**
 * ReleaseCheck is stage 5's program. Stage 5's module has an exit function
 * that releases its socket, so it can be unloaded: the program talks to it,
 * unloads it (rmmod), shows that protocol 31 has no kernel socket again, loads
 * it again (insmod) and talks to it once more.
 *
 * <p>Its argument is the path of the module; without one it takes the
 * environment's WORKSHOP_MODULE, which {@code ./workshop run 5} sets. When the
 * environment names WORKSHOP_SUDO (as {@code ./workshop run 5
 * --here} does for a non-root user), rmmod and insmod run through it.
 *
 * <p>It uses {@link WorkshopClient}, the client you write in stages 6 to 10,
 * ready-made here to show what the kernel side does.
 */
public final class ReleaseCheck {
    private ReleaseCheck() {
    }

    public static void main(String[] args) {
        Options options = new Options("ReleaseCheck", "stage 5: talks to the module, unloads it, loads it again, talks")
                .argument("PATH/nlws.ko", System.getenv("WORKSHOP_MODULE"),
                        "the module to load again (./workshop run 5 sets WORKSHOP_MODULE)")
                .parseOrExit(args);
        String module = options.text("PATH/nlws.ko");
        if (module == null) {
            options.fail("no module to load again: give PATH/nlws.ko, or set WORKSHOP_MODULE as ./workshop run 5 does");
        }
        System.exit(run(Path.of(module)));
    }

    /** Talks, unloads, checks, loads again, talks; returns the exit status. */
    static int run(Path module) {
        if (!Files.isRegularFile(module)) {
            System.out.println(module + " does not exist: build it first, e.g. with ./workshop run 5");
            return 1;
        }
        try {
            talk();
            command("rmmod", "nlws");
            try (NetlinkSocket socket = NetlinkSocket.open(Protocol.NETLINK_WORKSHOP)) {
                System.out.println(Protocol.socketCall(Protocol.NETLINK_WORKSHOP) + " = fd " + socket.fd()
                        + " after rmmod: another module serves protocol 31; rmmod it and run again");
                return 1;
            } catch (NetlinkException e) {
                if (e.errno() != Errno.EPROTONOSUPPORT) {
                    throw e;
                }
                System.out.println(e.getMessage());
            }
            System.out.println("as in stage 1: rmmod ran nlws_exit(), whose netlink_kernel_release() closed the"
                    + " kernel socket, so protocol 31 has none again");
            command("insmod", module.toString());
            talk();
            System.out.println("the module loaded again and answers again: unloading it left nothing behind");
            return 0;
        } catch (NetlinkException | CommandFailed e) {
            System.out.println(e.getMessage());
            return 1;
        }
    }

    /** One round trip; the client is closed before rmmod, since an open socket on 31 keeps the module in use. */
    private static void talk() throws NetlinkException {
        // WorkshopClient: the client you write in stages 6 to 10.
        try (WorkshopClient client = WorkshopClient.open()) {
            Reply reply = client.hello();
            System.out.println("client (the one you write in stages 6 to 10), port "
                    + Integer.toUnsignedString(client.portId()) + ": the kernel says: " + reply.text());
        }
    }

    /** Runs {@code [WORKSHOP_SUDO] tool args...}, printing it as a shell line. */
    private static void command(String tool, String... args) throws CommandFailed {
        List<String> command = new ArrayList<>();
        String sudo = System.getenv("WORKSHOP_SUDO");
        if (sudo != null && !sudo.isBlank()) {
            command.add(sudo.strip());
        }
        command.add(tool);
        command.addAll(List.of(args));
        System.out.println("$ " + String.join(" ", command));
        String output;
        int status;
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            status = process.waitFor();
        } catch (IOException e) {
            throw new CommandFailed(tool + " could not run (" + e.getMessage()
                    + "): install kmod (apt-get install kmod) or put " + tool + " on PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed(tool + " was interrupted: run the stage again");
        }
        if (status != 0) {
            String first = output.isEmpty() ? "no output" : output.lines().findFirst().orElse("");
            throw new CommandFailed(String.join(" ", command) + " failed (exit " + status + ", " + first + "): "
                    + (tool.equals("rmmod")
                    ? "is nlws loaded, and are all sockets on protocol 31 closed? see lsmod"
                    : "is the module built for this kernel (uname -r)? ./workshop run 5 builds it"));
        }
        if (!output.isEmpty()) {
            System.out.println(output);
        }
    }

    /** CommandFailed is rmmod or insmod failing, with the cause and the fix in one line. */
    static final class CommandFailed extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailed(String message) {
            super(message);
        }
    }
}
