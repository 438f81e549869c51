package netlink.workshop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** CString turns Java strings into C strings and back: UTF-8 bytes ending in one NUL. */
public final class CString {
    private CString() {
    }

    /** Returns {@code text} as UTF-8 with a terminating NUL, the form the module expects. */
    public static byte[] encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /** Reads the string in {@code buffer} from {@code at}, stopping at a NUL or after {@code max} bytes. */
    public static String decode(ByteBuffer buffer, int at, int max) {
        int end = at;
        while (end < at + max && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
