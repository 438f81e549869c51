package netlink.workshop;

/**
 * NlwsContract mirrors kernel/include/workshop_genl.h, the contract of
 * Part 2: the attributes (chapter 11 on) and the Generic Netlink family
 * "nlws" (chapter 12 on). {@code GenlContractTest} compiles the header with
 * gcc and proves each value here equals the C one.
 */
public final class NlwsContract {
    /** NLWS_GENL_NAME: the family's name. */
    public static final String GENL_NAME = "nlws";
    /** NLWS_GENL_VERSION. */
    public static final int GENL_VERSION = 1;
    /** NLWS_MCGRP_EVENTS: the family's multicast group. */
    public static final String MCGRP_EVENTS = "events";

    /** NLWS_CMD_HELLO: a hello, and its answer. */
    public static final int CMD_HELLO = 1;
    /** NLWS_CMD_EVENT: sent to "events" for every hello. */
    public static final int CMD_EVENT = 2;
    /** NLWS_CMD_LIST: with NLM_F_DUMP, the remembered hellos. */
    public static final int CMD_LIST = 3;
    /** NLWS_CMD_STATS: the family's counters, in one NLWS_ATTR_STATS nest. */
    public static final int CMD_STATS = 4;

    /** NLWS_ATTR_MSG: a NUL-terminated string, at most {@link #MSG_MAX} bytes with the NUL. */
    public static final int ATTR_MSG = 1;
    /** NLWS_ATTR_COUNT: u32, the hellos served so far. */
    public static final int ATTR_COUNT = 2;
    /** NLWS_ATTR_PORT: u32, the port a hello came from. */
    public static final int ATTR_PORT = 3;
    /** NLWS_ATTR_STATS: a nest of the NLWS_STATS_* attributes. */
    public static final int ATTR_STATS = 4;
    /** NLWS_ATTR_MAX: the highest attribute type. */
    public static final int ATTR_MAX = 4;
    /** NLWS_STATS_HELLOS, inside NLWS_ATTR_STATS: u32, the hellos served so far. */
    public static final int STATS_HELLOS = 1;
    /** NLWS_STATS_LAST_PORT, inside NLWS_ATTR_STATS: u32, the port of the last hello, 0 before one. */
    public static final int STATS_LAST_PORT = 2;
    /** NLWS_STATS_MAX: the highest attribute type inside NLWS_ATTR_STATS. */
    public static final int STATS_MAX = 2;
    /** NLWS_MSG_MAX: the longest NLWS_ATTR_MSG, NUL included. */
    public static final int MSG_MAX = 256;

    private NlwsContract() {
    }

    /** Returns the C name of attribute {@code type}, such as "NLWS_ATTR_MSG", or null for an unknown one. */
    public static String attributeName(int type) {
        switch (type) {
            case ATTR_MSG: return "NLWS_ATTR_MSG";
            case ATTR_COUNT: return "NLWS_ATTR_COUNT";
            case ATTR_PORT: return "NLWS_ATTR_PORT";
            case ATTR_STATS: return "NLWS_ATTR_STATS";
            default: return null;
        }
    }

    /** Returns the C name of attribute {@code type} inside NLWS_ATTR_STATS, such as "NLWS_STATS_HELLOS", or null. */
    public static String statsAttributeName(int type) {
        switch (type) {
            case STATS_HELLOS: return "NLWS_STATS_HELLOS";
            case STATS_LAST_PORT: return "NLWS_STATS_LAST_PORT";
            default: return null;
        }
    }

    /** Returns the C name of command {@code cmd}, such as "NLWS_CMD_HELLO", or "command N". */
    public static String commandName(int cmd) {
        switch (cmd) {
            case CMD_HELLO: return "NLWS_CMD_HELLO";
            case CMD_EVENT: return "NLWS_CMD_EVENT";
            case CMD_LIST: return "NLWS_CMD_LIST";
            case CMD_STATS: return "NLWS_CMD_STATS";
            default: return "command " + cmd;
        }
    }
}
