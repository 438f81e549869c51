package netlink.workshop;

/**
 * NlwsFamily is a NETLINK_GENERIC socket that has found the family "nlws":
 * the three moves every Part 2 program makes first. It opens the socket,
 * resolves the family by name through the controller, and says hello.
 * Chapter 12's GenlHello makes these moves one by one; the later chapters
 * make them with one call, so that their programs show only their own idea.
 */
public final class NlwsFamily implements AutoCloseable {
    private final GenericNetlink genl;
    private final GenlFamily family;

    private NlwsFamily(GenericNetlink genl, GenlFamily family) {
        this.genl = genl;
        this.family = family;
    }

    /**
     * Opens a NETLINK_GENERIC socket and resolves the family "nlws".
     *
     * @throws NetlinkException ENOENT, with the fix, when the module is not loaded
     */
    public static NlwsFamily open() throws NetlinkException {
        GenericNetlink genl = GenericNetlink.open();
        try {
            return new NlwsFamily(genl, genl.resolve(NlwsContract.GENL_NAME));
        } catch (NetlinkException | RuntimeException e) {
            genl.close();
            throw e;
        }
    }

    /** Returns the Generic Netlink conversation underneath, for requests of its own (a dump). */
    public GenericNetlink genl() {
        return genl;
    }

    /** Returns the family, as the controller described it. */
    public GenlFamily family() {
        return family;
    }

    /** Returns the port id the kernel knows this socket by. */
    public int portId() {
        return genl.portId();
    }

    /**
     * Sends NLWS_CMD_HELLO with NLWS_ATTR_MSG {@code text} and returns the reply.
     *
     * @throws KernelRefusal when the family refuses the hello
     */
    public Message hello(String text) throws NetlinkException {
        byte[] request = GenericNetlink.message(family, NlwsContract.CMD_HELLO)
                .putString(NlwsContract.ATTR_MSG, text).toByteArray();
        return genl.request(family, request, NlwsContract::attributeName);
    }

    @Override
    public void close() {
        genl.close();
    }
}
