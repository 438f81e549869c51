package netlink.workshop;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** Iovec is {@code struct iovec} (sys/uio.h): one buffer of a scatter/gather list, 16 bytes. */
@FieldOrder({"iov_base", "iov_len"})
public final class Iovec extends Structure {
    /** Start of the buffer. */
    public Pointer iov_base;
    /** Its length in bytes (size_t). */
    public long iov_len;
}
