package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.ExpectedOutput;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Test;

/** The README shows what `./workshop run 10` prints; it must not drift from what the VM test asserts. */
class ReadmeTest {
    @Test
    void readmeOutputOfRunTenMatchesTheTestedExpectation() throws Exception {
        String readme = Files.readString(Workshop.root().resolve("README.md"));
        Matcher block = Pattern.compile("<!-- readme:run10[^>]*-->\\s*```text\\n(.*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(block.find()).as("README.md has the readme:run10 block").isTrue();

        ExpectedOutput.assertMatches(Workshop.stepDir(10).resolve("expected-output.txt"), block.group(1));
    }
}
