package netlink.workshop.testkit;

/**
 * FuzzSeed is the seed the kit's fuzzers start from. It is fixed, so that a
 * run repeats the last one request for request; {@code WORKSHOP_FUZZ_SEED=N}
 * tries another, and a failing assertion names the seed it ran with.
 */
public final class FuzzSeed {
    /** The seed every run uses unless WORKSHOP_FUZZ_SEED says otherwise. */
    public static final long DEFAULT = 20261203L;

    private FuzzSeed() {
    }

    /** Returns WORKSHOP_FUZZ_SEED when set (a decimal number from 1 to 2^32-1), else {@link #DEFAULT}. */
    public static long get() {
        String value = System.getenv("WORKSHOP_FUZZ_SEED");
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            long seed = Long.parseLong(value.strip());
            if (seed >= 1 && seed < (1L << 32)) {
                return seed;
            }
        } catch (NumberFormatException e) {
            // the line below says what is wrong
        }
        throw new IllegalArgumentException("WORKSHOP_FUZZ_SEED=" + value
                + " is not a seed: give a decimal number from 1 to 4294967295 (srand() takes 32 bits)");
    }
}
