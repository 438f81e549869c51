package netlink.workshop;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Options reads a lesson program's command line: flags ({@code --wait}),
 * options with a value ({@code --buffer N}), optional arguments
 * ({@code PATH}) and {@code --help}. Every program of the kit declares what
 * it takes, then parses before it opens any socket:
 *
 * <pre>
 * Options options = new Options("HelloClient", "sends \"Hello Kernel\" and prints the reply")
 *         .number("--buffer", "N", 8192, 1, 1048576, "receive into N bytes")
 *         .parseOrExit(args);
 * int buffer = options.intValue("--buffer");
 * </pre>
 *
 * <p>An unknown option or a bad value ends the program with one line that
 * names it and the valid ones, and exit status 2, as command-line tools do;
 * {@code --help} prints the usage and exits 0. Plain code on purpose, no
 * annotations or reflection: the programs start in a JVM in an emulated VM,
 * where every class loaded costs time.
 */
public final class Options {
    /** The exit status of a command line the program does not take (as sysexits' EX_USAGE is for tools: 2). */
    public static final int USAGE = 2;

    private final String program;
    private final String summary;
    private final List<Option> declared = new ArrayList<>();
    private final Map<String, Object> values = new HashMap<>();

    /** Starts the declaration of {@code program}'s options; {@code summary} is the line under the usage in --help. */
    public Options(String program, String summary) {
        this.program = program;
        this.summary = summary;
    }

    /** Declares a flag: {@link #flag(String)} is true when the command line has it. */
    public Options flag(String name, String help) {
        return declare(new Option(name, null, Option.FLAG, help, Boolean.FALSE, 0, 0, null));
    }

    /** Declares an option that takes a whole number from {@code min} to {@code max}. */
    public Options number(String name, String placeholder, long defaultValue, long min, long max, String help) {
        return declare(new Option(name, placeholder, Option.NUMBER, help, defaultValue, min, max, null));
    }

    /** Declares an option that takes any text ({@code defaultValue} may be null: not given). */
    public Options text(String name, String placeholder, String defaultValue, String help) {
        return declare(new Option(name, placeholder, Option.TEXT, help, defaultValue, 0, 0, null));
    }

    /** Declares an option that takes one of {@code choices}. */
    public Options choice(String name, String placeholder, String defaultValue, String[] choices, String help) {
        return declare(new Option(name, placeholder, Option.CHOICE, help, defaultValue, 0, 0, choices));
    }

    /** Declares an optional argument without a name, taken in the order declared ({@code defaultValue} may be null). */
    public Options argument(String placeholder, String defaultValue, String help) {
        return declare(new Option(null, placeholder, Option.TEXT, help, defaultValue, 0, 0, null));
    }

    /** Declares an optional whole-number argument without a name, such as a protocol number (negative too). */
    public Options numberArgument(String placeholder, long min, long max, String help) {
        return declare(new Option(null, placeholder, Option.NUMBER, help, null, min, max, null));
    }

    private Options declare(Option option) {
        declared.add(option);
        values.put(option.key(), option.defaultValue);
        return this;
    }

    /**
     * Parses {@code args}; on --help prints the usage and exits 0, on an
     * argument it does not take prints one line (stderr) and exits 2.
     */
    public Options parseOrExit(String... args) {
        try {
            return parse(args);
        } catch (HelpRequested help) {
            System.out.print(usage());
            System.exit(0);
        } catch (UsageException e) {
            exit(e, System.err);
        }
        return this;
    }

    /** Ends the program for a command line it cannot use, for a reason only the program sees (exit 2). */
    public void fail(String reason) {
        exit(new UsageException(program + ": " + reason + " (valid: " + valid() + ")"), System.err);
    }

    private static void exit(UsageException e, PrintStream out) {
        out.println(e.getMessage());
        System.exit(USAGE);
    }

    /**
     * Parses {@code args} into this object's values. Throws HelpRequested for
     * --help (or -h), wherever it stands, and UsageException, whose message is the one line to print,
     * for anything else it does not take.
     */
    public Options parse(String... args) throws UsageException {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new HelpRequested(usage());
            }
        }
        int positional = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            Option argument = nthArgument(positional);
            if (arg.startsWith("-") && !(argument != null && argument.kind == Option.NUMBER && isNumber(arg))) {
                Option option = named(arg);
                if (option == null) {
                    throw error("unknown option " + arg);
                }
                if (option.kind == Option.FLAG) {
                    values.put(option.key(), Boolean.TRUE);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw error(arg + " needs its value " + option.placeholder);
                }
                values.put(option.key(), convert(option, args[++i]));
            } else if (argument == null) {
                throw error("unexpected argument " + arg);
            } else {
                values.put(argument.key(), convert(argument, arg));
                positional++;
            }
        }
        return this;
    }

    /** Returns the value of a flag. */
    public boolean flag(String name) {
        return (Boolean) value(name);
    }

    /** Returns the value of a number option or argument, checked to fit an int. */
    public int intValue(String name) {
        Object value = value(name);
        return value == null ? 0 : Math.toIntExact((Long) value);
    }

    /** Returns the value of a number option or argument. */
    public long longValue(String name) {
        return (Long) value(name);
    }

    /** Returns the value of a text or choice option, or of an argument (null when absent and without a default). */
    public String text(String name) {
        return (String) value(name);
    }

    /** Returns whether the argument or option {@code name} has a value: given, or a default. */
    public boolean has(String name) {
        return value(name) != null;
    }

    private Object value(String name) {
        if (!values.containsKey(name)) {
            throw new IllegalArgumentException(program + " declares no option or argument " + name);
        }
        return values.get(name);
    }

    private Object convert(Option option, String text) throws UsageException {
        String what = option.name == null ? option.placeholder : option.name;
        switch (option.kind) {
            case Option.NUMBER:
                if (!isNumber(text)) {
                    throw error(what + " takes a whole number, not " + text);
                }
                long number;
                try {
                    number = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    number = text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
                }
                if (number < option.min || number > option.max) {
                    throw error(what + " takes " + range(option) + ", not " + text);
                }
                return number;
            case Option.CHOICE:
                for (String choice : option.choices) {
                    if (choice.equals(text)) {
                        return text;
                    }
                }
                throw error(what + " takes " + String.join(", ", option.choices) + ", not " + text);
            default:
                return text;
        }
    }

    private static boolean isNumber(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static String range(Option option) {
        if (option.max >= Integer.MAX_VALUE && option.min > Integer.MIN_VALUE) {
            return "a whole number of at least " + option.min;
        }
        return option.min + " to " + option.max;
    }

    private UsageException error(String what) {
        return new UsageException(program + ": " + what + " (valid: " + valid() + ")");
    }

    private Option named(String name) {
        for (Option option : declared) {
            if (name.equals(option.name)) {
                return option;
            }
        }
        return null;
    }

    private Option nthArgument(int n) {
        int seen = 0;
        for (Option option : declared) {
            if (option.name == null && seen++ == n) {
                return option;
            }
        }
        return null;
    }

    /** The valid arguments in one line: "--buffer N, --timeout MS, --help". */
    String valid() {
        StringBuilder out = new StringBuilder();
        for (Option option : declared) {
            out.append(option.synopsis()).append(", ");
        }
        return out.append("--help").toString();
    }

    /** The --help text: the usage line, the summary, one line per option and argument. */
    public String usage() {
        StringBuilder out = new StringBuilder("usage: ").append(program);
        for (Option option : declared) {
            out.append(" [").append(option.synopsis()).append(']');
        }
        out.append('\n').append(summary).append('\n');
        int width = "--help".length();
        for (Option option : declared) {
            width = Math.max(width, option.synopsis().length());
        }
        for (Option option : declared) {
            out.append("  ").append(pad(option.synopsis(), width)).append("  ").append(option.help);
            if (option.kind == Option.CHOICE) {
                out.append(" (").append(String.join(", ", option.choices)).append(')');
            }
            if (option.kind != Option.FLAG && option.defaultValue != null) {
                out.append("; default ").append(option.defaultValue);
            }
            out.append('\n');
        }
        return out.append("  ").append(pad("--help", width)).append("  this text\n").toString();
    }

    private static String pad(String text, int width) {
        StringBuilder out = new StringBuilder(text);
        while (out.length() < width) {
            out.append(' ');
        }
        return out.toString();
    }

    /** UsageException is a command line the program does not take; its message is the one line to print. */
    public static class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** HelpRequested is --help on the command line; its message is the usage text. */
    public static final class HelpRequested extends UsageException {
        private static final long serialVersionUID = 1L;

        HelpRequested(String usage) {
            super(usage);
        }
    }

    /** Option is one declared option or argument. */
    private static final class Option {
        static final int FLAG = 0;
        static final int NUMBER = 1;
        static final int TEXT = 2;
        static final int CHOICE = 3;

        final String name;
        final String placeholder;
        final int kind;
        final String help;
        final Object defaultValue;
        final long min;
        final long max;
        final String[] choices;

        Option(String name, String placeholder, int kind, String help, Object defaultValue, long min, long max,
                String[] choices) {
            this.name = name;
            this.placeholder = placeholder;
            this.kind = kind;
            this.help = help;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
            this.choices = choices;
        }

        /** The key its value is kept under: the option's name, or an argument's placeholder. */
        String key() {
            return name == null ? placeholder : name;
        }

        String synopsis() {
            return name == null ? placeholder : placeholder == null ? name : name + " " + placeholder;
        }
    }
}
