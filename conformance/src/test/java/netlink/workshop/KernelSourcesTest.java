package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import netlink.workshop.testkit.Stages;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;

/** The kernel stages: one source per idea, no copies, and a table that matches the tree. */
class KernelSourcesTest {
    @Test
    void noKernelStageIsACopyOfAnother() throws Exception {
        List<Path> real = new ArrayList<>();
        for (Stages.Stage stage : Stages.all()) {
            Path source = Workshop.root().resolve(stage.kernelDir()).resolve("nlws.c");
            if (!Files.isSymbolicLink(source)) {
                real.add(source);
            }
        }
        for (int i = 0; i < real.size(); i++) {
            for (int j = i + 1; j < real.size(); j++) {
                assertThat(Files.readString(real.get(i)))
                        .as(real.get(i) + " and " + real.get(j) + " are copies: link one to the other")
                        .isNotEqualTo(Files.readString(real.get(j)));
            }
        }
    }

    @Test
    void stagesSixToTenBuildStageFivesFinishedModule() throws Exception {
        Path five = Stages.kernelDir(5).resolve("nlws.c").toRealPath();
        for (int n = 6; n <= 10; n++) {
            Path source = Stages.kernelDir(n).resolve("nlws.c");
            assertThat(Files.isSymbolicLink(source)).as(source + " is a link").isTrue();
            assertThat(source.toRealPath()).as(source + " leads to stage 5's source").isEqualTo(five);
            assertThat(Files.readString(Stages.kernelDir(n).resolve("README.md")))
                    .as("kernel stage " + n + "'s README says the kernel side is done")
                    .contains("The kernel side is done");
        }
    }

    @Test
    void everyRowOfTheStageTableNamesFoldersAndAProgramThatExist() {
        for (Stages.Stage stage : Stages.all()) {
            Path kernel = Workshop.root().resolve(stage.kernelDir());
            Path step = Workshop.root().resolve(stage.stepDir());
            assertThat(kernel.resolve("Kbuild")).as("stage " + stage.number()).exists();
            assertThat(step.resolve("pom.xml")).as("stage " + stage.number()).exists();
            assertThat(step.resolve("src/main/java/" + stage.mainClass().replace('.', '/') + ".java"))
                    .as("stage " + stage.number() + "'s program").exists();
        }
    }
}
