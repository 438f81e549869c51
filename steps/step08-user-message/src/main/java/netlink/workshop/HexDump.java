package netlink.workshop;

import java.nio.ByteBuffer;

/** HexDump prints an encoded netlink message field by field, with offsets, bytes and meaning. */
public final class HexDump {
    private HexDump() {
    }

    /** Returns the labelled dump of the single message at the start of {@code message}. */
    public static String labelled(ByteBuffer message) {
        MessageHeader header = MessageHeader.readFrom(message, 0);
        int payloadLength = header.length() - Nlmsg.HDRLEN;
        StringBuilder out = new StringBuilder();
        row(out, message, 0, 4, "len", header.length() + " = NLMSG_LENGTH(" + payloadLength + ")");
        row(out, message, 4, 2, "type", MessageType.describe(header.type()));
        row(out, message, 6, 2, "flags", Flags.describe(header.flags()));
        row(out, message, 8, 4, "seq", Integer.toUnsignedString(header.sequence()));
        row(out, message, 12, 4, "pid", Integer.toUnsignedString(header.pid()));
        row(out, message, Nlmsg.HDRLEN, payloadLength, "payload",
                "\"" + CString.decode(message, Nlmsg.HDRLEN, payloadLength) + "\\0\"");
        int padding = Nlmsg.align(header.length()) - header.length();
        if (padding > 0) {
            row(out, message, header.length(), padding, "padding",
                    "to NLMSG_ALIGN(" + header.length() + ") = " + Nlmsg.align(header.length()));
        }
        return out.toString();
    }

    /** Returns the bytes as space-separated lowercase hex pairs. */
    public static String hex(ByteBuffer buffer, int at, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : " ").append(String.format("%02x", buffer.get(at + i)));
        }
        return out.toString();
    }

    private static void row(StringBuilder out, ByteBuffer buffer, int at, int count, String field, String meaning) {
        out.append(String.format("  %02x-%02x  %-8s %-40s %s%n", at, at + count - 1, field,
                hex(buffer, at, count), meaning));
    }
}
