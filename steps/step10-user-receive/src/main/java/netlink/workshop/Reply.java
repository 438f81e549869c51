package netlink.workshop;

/**
 * Reply is the module's answer to one request.
 *
 * @param header the reply's nlmsghdr
 * @param text   its payload as a string, without the NUL
 * @param bytes  the size of the datagram that carried it
 */
public record Reply(MessageHeader header, String text, int bytes) {
}
