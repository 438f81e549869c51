package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import netlink.workshop.testkit.Exercises;
import netlink.workshop.testkit.Markers;
import netlink.workshop.testkit.Stages;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;

/** Every stage and chapter has an exercise cut from its sources: TODOs numbered from 1, each with a hint. */
class ExerciseSourcesTest {
    @Test
    void everyStageHasNumberedTodosWithHints() throws Exception {
        Exercises exercises = new Exercises(Workshop.root(), Path.of("/nonexistent"));
        for (Stages.Stage stage : Stages.all()) {
            List<Map.Entry<String, Markers.Todo>> todos = exercises.todos(stage.number());
            assertThat(todos).as("stage " + stage.number() + " has an exercise (TODO markers)").isNotEmpty();
            for (int i = 0; i < todos.size(); i++) {
                Markers.Todo todo = todos.get(i).getValue();
                assertThat(todo.number()).as("stage " + stage.number() + ": TODOs are numbered 1, 2, ...")
                        .isEqualTo(i + 1);
                assertThat(todo.hints()).as("stage " + stage.number() + ", TODO " + todo.number() + " has a hint")
                        .isNotEmpty();
                assertThat(todo.solution()).as("stage " + stage.number() + ", TODO " + todo.number()
                        + " cuts something out").isNotEmpty();
            }
        }
    }
}
