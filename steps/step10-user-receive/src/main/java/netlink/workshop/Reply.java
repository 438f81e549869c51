package netlink.workshop;

/**
 * Reply is the module's answer to one request.
 *
 * @param header the reply's nlmsghdr
 * @param text   its payload as a string, without the NUL
 * @param bytes  the bytes received of it: its header and its payload
 */
public record Reply(MessageHeader header, String text, int bytes) {
}
