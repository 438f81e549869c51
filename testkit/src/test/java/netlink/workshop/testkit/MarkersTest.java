package netlink.workshop.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The exercise markers: what the skeleton keeps, what the solution keeps, and misplaced markers. */
class MarkersTest {
    private static final String SOURCE = String.join("\n",
            "static int f(void)",
            "{",
            "\t/* TODO 1: return the answer */",
            "\t/* HINT 1: it is 42 */",
            "\treturn 42;",
            "\t/* END TODO 1 */",
            "}",
            "");

    @Test
    void theSkeletonKeepsTheTodoLineAndDropsHintsSolutionAndEnd() {
        Markers.Cut cut = Markers.cut("f.c", SOURCE);

        assertThat(cut.skeleton()).isEqualTo("static int f(void)\n{\n\t/* TODO 1: return the answer */\n}\n");
        assertThat(cut.solution()).isEqualTo("static int f(void)\n{\n\treturn 42;\n}\n");
        assertThat(cut.todos()).singleElement().satisfies(t -> {
            assertThat(t.number()).isEqualTo(1);
            assertThat(t.text()).isEqualTo("return the answer");
            assertThat(t.hints()).containsExactly("it is 42");
            assertThat(t.line()).isEqualTo(3);
            assertThat(t.solution()).containsExactly("\treturn 42;");
        });
    }

    @Test
    void javaCommentsWorkTheSameWay() {
        Markers.Cut cut = Markers.cut("F.java", "int f() {\n    // TODO 2: add\n    // HINT 2: a + b\n"
                + "    return a + b;\n    // END TODO 2\n}\n");

        assertThat(cut.skeleton()).isEqualTo("int f() {\n    // TODO 2: add\n}\n");
        assertThat(cut.todos()).extracting(Markers.Todo::number).containsExactly(2);
    }

    @Test
    void aMutantCutsOnlyItsTodoAndKeepsEveryTodoLine() {
        String two = "int f() {\n    // TODO 1: a\n    // HINT 1: h\n    int a = 1;\n    // END TODO 1\n"
                + "    // TODO 2: b\n    int b = 2;\n    // END TODO 2\n    return a + b;\n}\n";

        assertThat(Markers.mutant("F.java", two, 2)).isEqualTo(
                "int f() {\n    // TODO 1: a\n    int a = 1;\n    // TODO 2: b\n    return a + b;\n}\n");
        assertThat(Markers.mutant("F.java", two, 1)).isEqualTo(
                "int f() {\n    // TODO 1: a\n    // TODO 2: b\n    int b = 2;\n    return a + b;\n}\n");
        assertThatThrownBy(() -> Markers.mutant("a.c", "/* TODO 1: x */\n", 1))
                .hasMessageContaining("TODO 1 has no END TODO 1");
    }

    @Test
    void misplacedMarkersFailNamingTheLine() {
        assertThatThrownBy(() -> Markers.cut("a.c", "/* TODO 1: x */\n/* TODO 2: y */\n"))
                .hasMessageContaining("a.c:2: TODO 2 starts inside TODO 1");
        assertThatThrownBy(() -> Markers.cut("a.c", "/* HINT 1: x */\n")).hasMessageContaining("a.c:1: HINT 1 outside");
        assertThatThrownBy(() -> Markers.cut("a.c", "/* TODO 1: x */\nreturn;\n"))
                .hasMessageContaining("TODO 1 has no END TODO 1");
    }

    @Test
    void aCompilerMessageBelongsToTheTodoAboveIt() {
        String learner = "a\n/* TODO 1: x */\nb\n/* TODO 2: y */\nc\n";

        assertThat(Markers.todoAt(learner, 1)).isEqualTo(1);
        assertThat(Markers.todoAt(learner, 3)).isEqualTo(1);
        assertThat(Markers.todoAt(learner, 5)).isEqualTo(2);
        assertThat(Markers.todoAt("no markers\n", 1)).isNull();
    }
}
