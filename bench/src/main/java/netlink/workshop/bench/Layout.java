package netlink.workshop.bench;

import com.sun.jna.Structure;

/**
 * Layout finds a field's offset in a JNA Structure as write() lays it out in
 * native memory: the caller sets that one field to {@link #MARKER}, then asks
 * where it landed. The fast path writes fields in place at these offsets.
 */
final class Layout {
    /** A value no other field of a fresh structure holds. */
    static final int MARKER = 0x5a5a_a5a5;

    private Layout() {
    }

    /** The offset of the one int-sized field (or the low half of a long) set to MARKER. */
    static int offsetOf(Structure structure) {
        structure.write();
        for (int at = 0; at + 4 <= structure.size(); at += 4) {
            if (structure.getPointer().getInt(at) == MARKER) {
                return at;
            }
        }
        throw new IllegalStateException(structure.getClass().getSimpleName() + " has no field set to the marker");
    }
}
