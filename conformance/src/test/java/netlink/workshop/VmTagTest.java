package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;

/**
 * Every test class that boots the embedded VM carries JUnit's tag "vm", so
 * that {@code ./workshop test --fast} (-DexcludedGroups=vm) leaves it out.
 */
class VmTagTest {
    /** The harness calls that boot a guest. */
    private static final Pattern BOOTS = Pattern.compile(
            "Workshop\\.runStage\\(|Guest\\.(stage|chapter|module|withoutModule)\\(|\"(check|run|vm|shell)\"");

    @Test
    void everyTestThatBootsTheVmIsTaggedVm() throws IOException {
        List<String> untagged;
        try (Stream<Path> files = Files.walk(Workshop.root())) {
            untagged = files.filter(p -> p.toString().endsWith("IT.java"))
                    .filter(p -> {
                        String rel = Workshop.root().relativize(p).toString();
                        return !rel.startsWith("work/") && !rel.contains("/target/");
                    })
                    .filter(p -> {
                        try {
                            String text = Files.readString(p);
                            return BOOTS.matcher(text).find() && !text.contains("@Tag(\"vm\")");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(p -> Workshop.root().relativize(p).toString()).sorted().toList();
        }
        assertThat(untagged).as("these tests boot the VM: tag them @Tag(\"vm\"), or --fast runs them").isEmpty();
    }
}
