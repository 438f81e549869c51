package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options, the lesson programs' command line: values, defaults, and one line for what it does not take. */
class OptionsTest {
    private static final String VALID = "(valid: --count N, --name TEXT, --kind KIND, --quiet, FILE, --help)";

    private static Options declared() {
        return new Options("Demo", "a demonstration")
                .number("--count", "N", 3, 1, 64, "how many")
                .text("--name", "TEXT", "nlws", "a name")
                .choice("--kind", "KIND", "long", new String[] {"long", "short"}, "which kind")
                .flag("--quiet", "say less")
                .argument("FILE", null, "a file");
    }

    @Test
    void withoutArgumentsEveryValueIsItsDefault() throws Exception {
        Options options = declared().parse();

        assertThat(options.intValue("--count")).isEqualTo(3);
        assertThat(options.text("--name")).isEqualTo("nlws");
        assertThat(options.text("--kind")).isEqualTo("long");
        assertThat(options.flag("--quiet")).isFalse();
        assertThat(options.has("FILE")).isFalse();
        assertThat(options.text("FILE")).isNull();
    }

    @Test
    void optionsAndTheArgumentInAnyOrder() throws Exception {
        Options options = declared().parse("--quiet", "a.txt", "--count", "64", "--name", "x y", "--kind", "short");

        assertThat(options.intValue("--count")).isEqualTo(64);
        assertThat(options.longValue("--count")).isEqualTo(64L);
        assertThat(options.text("--name")).isEqualTo("x y");
        assertThat(options.text("--kind")).isEqualTo("short");
        assertThat(options.flag("--quiet")).isTrue();
        assertThat(options.text("FILE")).isEqualTo("a.txt");
    }

    @Test
    void theLastOfARepeatedOptionCounts() throws Exception {
        assertThat(declared().parse("--count", "2", "--count", "5").intValue("--count")).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--bufer 28      | unknown option --bufer",
        "-x              | unknown option -x",
        "--count         | --count needs its value N",
        "--count abc     | --count takes a whole number, not abc",
        "--count 2.5     | --count takes a whole number, not 2.5",
        "--count 0       | --count takes 1 to 64, not 0",
        "--count 65      | --count takes 1 to 64, not 65",
        "--count -1      | --count takes 1 to 64, not -1",
        "--count 99999999999999999999 | --count takes 1 to 64, not 99999999999999999999",
        "--kind medium   | --kind takes long, short, not medium",
        "a.txt b.txt     | unexpected argument b.txt",
    })
    void whatItDoesNotTakeIsOneLineNamingItAndTheValidOnes(String args, String reason) {
        assertThatThrownBy(() -> declared().parse(args.trim().split("\\s+")))
                .isExactlyInstanceOf(Options.UsageException.class)
                .hasMessage("Demo: " + reason + " " + VALID);
    }

    @Test
    void aNumberArgumentTakesNegativeNumbersAndOptionsStillWork() throws Exception {
        Options options = new Options("Probe", "probes").numberArgument("PROTOCOL", -100, 100, "a protocol")
                .flag("--all", "all of them");

        assertThat(options.parse("-5", "--all").intValue("PROTOCOL")).isEqualTo(-5);
        assertThat(options.flag("--all")).isTrue();
        assertThatThrownBy(() -> new Options("Probe", "probes").numberArgument("PROTOCOL", -100, 100, "a protocol")
                .parse("tcp")).hasMessage("Probe: PROTOCOL takes a whole number, not tcp (valid: PROTOCOL, --help)");
    }

    @Test
    void aProgramWithoutOptionsTakesOnlyHelp() throws Exception {
        assertThat(new Options("Plain", "plain").parse().valid()).isEqualTo("--help");
        assertThatThrownBy(() -> new Options("Plain", "plain").parse("--verbose"))
                .hasMessage("Plain: unknown option --verbose (valid: --help)");
        assertThatThrownBy(() -> new Options("Plain", "plain").parse("31"))
                .hasMessage("Plain: unexpected argument 31 (valid: --help)");
    }

    @Test
    void helpWinsWhereverItStandsAndCarriesTheUsage() {
        assertThatThrownBy(() -> declared().parse("--bufer", "--help"))
                .isInstanceOf(Options.HelpRequested.class);
        assertThatThrownBy(() -> declared().parse("--count", "2", "-h"))
                .isInstanceOf(Options.HelpRequested.class)
                .hasMessage(declared().usage());
    }

    @Test
    void theUsageListsEachOptionWithItsDefault() {
        assertThat(declared().usage()).isEqualTo(String.join("\n",
                "usage: Demo [--count N] [--name TEXT] [--kind KIND] [--quiet] [FILE]",
                "a demonstration",
                "  --count N    how many; default 3",
                "  --name TEXT  a name; default nlws",
                "  --kind KIND  which kind (long, short); default long",
                "  --quiet      say less",
                "  FILE         a file",
                "  --help       this text",
                ""));
    }

    @Test
    void askingForAnUndeclaredNameIsTheProgramsMistake() {
        assertThatThrownBy(() -> declared().parse().intValue("--size"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--size");
    }
}
