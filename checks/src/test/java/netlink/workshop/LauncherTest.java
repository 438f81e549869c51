package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;

/** The launcher: a short dispatcher whose help names every setting the code reads. */
class LauncherTest {
    @Test
    void helpNamesEveryWorkshopVariableTheLauncherAndTheVagrantfileRead() throws Exception {
        List<Path> files = new ArrayList<>(List.of(Workshop.root().resolve("workshop"),
                Workshop.root().resolve("Vagrantfile")));
        try (Stream<Path> tools = Files.list(Workshop.root().resolve("tools"))) {
            tools.filter(p -> p.toString().endsWith(".sh")).forEach(files::add);
        }
        TreeSet<String> read = new TreeSet<>();
        Matcher m = Pattern.compile("WORKSHOP_[A-Z_]+").matcher("");
        for (Path file : files) {
            m.reset(Files.readString(file));
            while (m.find()) {
                read.add(m.group());
            }
        }
        Workshop.Result help = Workshop.launcher(Workshop.root(), 60, "help");

        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(read).as("the settings the code reads").hasSizeGreaterThan(15);
        for (String variable : read) {
            assertThat(help.stdout()).as(variable + " is read but './workshop help' does not name it")
                    .contains(variable);
        }
    }

    @Test
    void theTestKitPicksTheVmKernelTheLauncherPicks() throws Exception {
        Workshop.Result setup = Workshop.run(new ProcessBuilder(Workshop.root().resolve("workshop").toString(),
                "setup"), 600);

        assertThat(setup.exitCode()).as(setup.toString()).isZero();
        assertThat(setup.stderr()).as(setup.toString()).contains("setup: done (" + Workshop.vmKernel() + " for the VM");
    }

    @Test
    void theLauncherIsADispatcherOfAtMostTwoHundredLines() throws Exception {
        assertThat(Files.readAllLines(Workshop.root().resolve("workshop"))).hasSizeLessThanOrEqualTo(200);
    }
}
