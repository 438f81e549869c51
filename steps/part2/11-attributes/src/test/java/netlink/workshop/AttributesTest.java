package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Test;

/**
 * The attribute encoder and decoder against C: the NLA_* macros of
 * linux/netlink.h, and attributes laid out by a C program with struct nlattr,
 * NLA_HDRLEN and NLA_ALIGN as the kernel's nla_put_*() lays them out.
 */
class AttributesTest {
    /** C that prints the attributes {@link #javaAttributes()} writes, as hex. */
    private static final String C_ATTRIBUTES = """
            #include <stdint.h>
            #include <stdio.h>
            #include <string.h>
            #include <linux/netlink.h>
            static unsigned char buf[512];
            static int at;
            static void put(uint16_t type, const void *val, int len)
            {
            	struct nlattr *nla = (void *)(buf + at);
            	nla->nla_len = NLA_HDRLEN + len;
            	nla->nla_type = type;
            	memcpy(buf + at + NLA_HDRLEN, val, len);
            	at += NLA_ALIGN(NLA_HDRLEN + len);
            }
            int main(void)
            {
            	uint8_t u8 = 0xab; uint16_t u16 = 0x1234; uint32_t u32 = 0xdeadbeef;
            	uint64_t u64 = 0x0102030405060708ULL;
            	unsigned char bin[5] = {1, 2, 3, 4, 5};
            	struct nlattr *nest;
            	put(1, &u8, 1);
            	put(2, &u16, 2);
            	put(3, &u32, 4);
            	put(4, &u64, 8);
            	put(5, "Hello Kernel", sizeof("Hello Kernel"));
            	put(6, bin, sizeof(bin));
            	nest = (void *)(buf + at);
            	at += NLA_HDRLEN;
            	put(1, &u32, 4);
            	put(2, "in", 3);
            	nest->nla_len = (unsigned char *)(buf + at) - (unsigned char *)nest;
            	nest->nla_type = NLA_F_NESTED | 7;
            	for (int i = 0; i < at; i++)
            		printf("%02x", buf[i]);
            	printf("\\n");
            	return 0;
            }
            """;

    private static byte[] javaAttributes() {
        return new AttributeWriter().putU8(1, 0xab).putU16(2, 0x1234).putU32(3, 0xdeadbeef)
                .putU64(4, 0x0102030405060708L).putString(5, "Hello Kernel").putBytes(6, new byte[] {1, 2, 3, 4, 5})
                .beginNested(7).putU32(1, 0xdeadbeef).putString(2, "in").endNested().toByteArray();
    }

    @Test
    void theMacrosAgreeWithLinuxNetlinkH() throws Exception {
        String c = CProgram.run("""
                #include <stdio.h>
                #include <linux/netlink.h>
                int main(void)
                {
                	printf("%d %d %d %d %d\\n", NLA_ALIGNTO, (int)NLA_HDRLEN, NLA_F_NESTED,
                	       NLA_F_NET_BYTEORDER, NLA_TYPE_MASK & 0xffff);
                	for (int len = 0; len <= 300; len++)
                		printf("%d %d %d %d\\n", len, NLA_ALIGN(len), (int)NLA_HDRLEN + len,
                		       NLA_ALIGN((int)NLA_HDRLEN + len));
                	return 0;
                }
                """);
        String java = Nla.ALIGNTO + " " + Nla.HDRLEN + " " + Nla.F_NESTED + " " + Nla.F_NET_BYTEORDER + " "
                + Nla.TYPE_MASK + "\n" + IntStream.rangeClosed(0, 300)
                .mapToObj(len -> len + " " + Nla.align(len) + " " + Nla.length(len) + " " + Nla.totalSize(len))
                .collect(Collectors.joining("\n")) + "\n";
        assertThat(java).isEqualTo(c);
    }

    @Test
    void theEncoderWritesTheBytesCLaysOut() throws Exception {
        String c = CProgram.run(C_ATTRIBUTES).trim();

        assertThat(HexFormat.of().formatHex(javaAttributes()))
                .as("TODO 3: AttributeWriter.putBytes must write nla_len = NLA_HDRLEN + value length, nla_type,"
                        + " the value, then zeros up to NLA_ALIGN")
                .isEqualTo(c);
    }

    @Test
    void theDecoderReadsWhatCWrote() throws Exception {
        byte[] bytes = HexFormat.of().parseHex(CProgram.run(C_ATTRIBUTES).trim());
        Attributes attributes = Attributes.parse(bytes);

        assertThat(attributes.size()).isEqualTo(7);
        assertThat(attributes.require(1, "u8").u8()).isEqualTo(0xab);
        assertThat(attributes.require(2, "u16").u16()).isEqualTo(0x1234);
        assertThat(attributes.require(3, "u32").u32()).isEqualTo(0xdeadbeef);
        assertThat(attributes.require(4, "u64").u64()).isEqualTo(0x0102030405060708L);
        assertThat(attributes.require(5, "string").string()).isEqualTo("Hello Kernel");
        assertThat(attributes.require(6, "binary").value()).containsExactly(1, 2, 3, 4, 5);
        Attribute nest = attributes.require(7, "nest");
        assertThat(nest.nested()).isTrue();
        Attributes inner = nest.attributes();
        assertThat(inner.require(1, "inner u32").u32()).isEqualTo(0xdeadbeef);
        assertThat(inner.require(2, "inner string").string()).isEqualTo("in");
        // Offsets count from the start of the buffer: the nest's header, then its first attribute.
        assertThat(attributes.asList().stream().map(Attribute::offset)).containsExactly(0, 8, 16, 24, 36, 56, 68);
        assertThat(inner.asList().stream().map(Attribute::offset)).containsExactly(72, 80);
    }

    @Test
    void malformedListsAreRefusedWithTheOffset() {
        ByteBuffer tooShort = ByteBuffer.wrap(new AttributeWriter().putU32(1, 1).toByteArray())
                .order(java.nio.ByteOrder.nativeOrder()).putShort(0, (short) 3);
        assertThatThrownBy(() -> Attributes.parse(tooShort.array()))
                .hasMessage("malformed attribute at offset 0: nla_len 3 is smaller than the 4-byte header"
                        + " (NLA_HDRLEN)");

        byte[] beyond = new AttributeWriter().putU8(1, 1).putU32(2, 2).toByteArray();
        ByteBuffer.wrap(beyond).order(java.nio.ByteOrder.nativeOrder()).putShort(8, (short) 40);
        assertThatThrownBy(() -> Attributes.parse(beyond))
                .hasMessage("malformed attribute at offset 8: nla_len 40 goes beyond the 8 bytes left");

        byte[] trailing = java.util.Arrays.copyOf(new AttributeWriter().putU32(1, 1).toByteArray(), 10);
        assertThatThrownBy(() -> Attributes.parse(trailing))
                .hasMessage("malformed attribute at offset 8: 2 bytes left over after the last attribute");
    }

    @Test
    void aNestMustBeEndedAndAValueMustFitItsType() {
        assertThatThrownBy(() -> new AttributeWriter().beginNested(1).toByteArray())
                .hasMessageContaining("1 nested attribute(s) not ended");
        Attribute oneByte = new Attribute(2, false, 0, new byte[] {1});
        assertThatThrownBy(oneByte::u32).hasMessage("attribute type 2 holds 1 bytes, too few for a u32");
    }

    @Test
    void aStringAttributeEndsWithOneNulAndPadding() {
        byte[] bytes = new AttributeWriter().putString(NlwsContract.ATTR_MSG, "Hello Kernel").toByteArray();

        // nla_len 17 (4 + 12 characters + NUL), type 1, the text, NUL, 3 bytes of padding: 20 in all.
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(HexFormat.of().formatHex(
                ByteBuffer.allocate(4).order(java.nio.ByteOrder.nativeOrder()).putShort((short) 17)
                        .putShort((short) 1).array()) + "48656c6c6f204b65726e656c00000000");
    }
}
