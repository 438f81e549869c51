package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Stage 1: in the VM, the module only names the protocol, so no socket can
 * be opened on it yet; on this machine, the module refuses to build for a
 * protocol number outside 0..MAX_LINKS-1 (its BUILD_BUG_ON).
 */
class Stage01IT {
    @Tag("vm")
    @Tag("todo1")
    @Tag("todo2")
    @Test
    void runOneShowsWhatTheLessonSays() throws Exception {
        Workshop.Result result = Workshop.runStage(1);
        String out = result.stdout();

        assertThat(out).as("TODO 1: the module did not log \"protocol 31 chosen (valid range 0..31), no socket"
                + " yet\": pr_info() it in nlws_init()").contains("nlws: protocol 31 chosen (valid range 0..31)");
        assertThat(out).as("TODO 2: the program did not ask for a socket on protocol 31: call"
                + " LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol); the kernel answers EPROTONOSUPPORT")
                .contains("socket(AF_NETLINK, SOCK_RAW, 31): Protocol not supported (EPROTONOSUPPORT)");
        assertThat(result.exitCode()).as(result.toString()).isZero();
        ExpectedOutput.assertMatches(Workshop.stepDir(1).resolve("expected-output.txt"), out);
    }

    @Tag("todo1")
    @Test
    void theModuleRefusesToBuildForAProtocolOutsideTheRange() throws Exception {
        // The learner's (or the kit's) module, built against a header that says 32.
        Path tree = Files.createTempDirectory("stage01-range");
        Path module = tree.resolve("step01-protocol");
        Files.createDirectories(module);
        for (String file : List.of("nlws.c", "Kbuild", "Makefile")) {
            Files.copy(Workshop.moduleDir(1).resolve(file), module.resolve(file));
        }
        Files.copy(Workshop.root().resolve("kernel/module.mk"), tree.resolve("module.mk"));
        Files.createDirectories(tree.resolve("include"));
        String header = Files.readString(Workshop.root().resolve("kernel/include/workshop_netlink.h"));
        assertThat(header).contains("#define NETLINK_WORKSHOP\t31");
        Files.writeString(tree.resolve("include/workshop_netlink.h"),
                header.replace("#define NETLINK_WORKSHOP\t31", "#define NETLINK_WORKSHOP\t32"));

        Workshop.Result build = Workshop.run(new ProcessBuilder("make", "-C", module.toString(),
                "KDIR=/lib/modules/" + Workshop.vmKernel() + "/build"), 300);

        assertThat(build.exitCode() != 0 && (build.stdout() + build.stderr()).contains("BUILD_BUG_ON failed"))
                .as("TODO 1: the module built with NETLINK_WORKSHOP 32, a protocol no socket can ever have:"
                + " BUILD_BUG_ON(NETLINK_WORKSHOP < 0 || NETLINK_WORKSHOP >= MAX_LINKS) must stop the build"
                + " (make said: " + (build.stdout() + build.stderr()).lines().filter(l -> l.contains("error"))
                .findFirst().orElse("no error") + ")").isTrue();
    }
}
