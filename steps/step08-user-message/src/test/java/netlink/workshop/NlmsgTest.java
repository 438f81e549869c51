package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import netlink.workshop.testkit.CProgram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Nlmsg's sizes must equal the real NLMSG_* macros of linux/netlink.h. */
@Tag("todo2")
class NlmsgTest {
    @Test
    void alignLengthAndSpaceEqualTheMacros() throws Exception {
        String c = CProgram.run("""
                #include <stdio.h>
                #include <linux/netlink.h>
                int main(void)
                {
                	printf("%d %d\\n", NLMSG_ALIGNTO, (int)NLMSG_HDRLEN);
                	for (unsigned int len = 0; len <= 300; len++)
                		printf("%u %zu %zu %zu\\n", len, (size_t)NLMSG_ALIGN(len),
                		       (size_t)NLMSG_LENGTH(len), (size_t)NLMSG_SPACE(len));
                	return 0;
                }
                """);
        String java = Nlmsg.ALIGNTO + " " + Nlmsg.HDRLEN + "\n" + IntStream.rangeClosed(0, 300)
                .mapToObj(len -> len + " " + Nlmsg.align(len) + " " + Nlmsg.length(len) + " " + Nlmsg.space(len))
                .collect(Collectors.joining("\n")) + "\n";
        assertThat(java).isEqualTo(c);
    }

    @Test
    void knownValues() {
        assertThat(Nlmsg.length(13)).as("Hello Kernel plus NUL").isEqualTo(29);
        assertThat(Nlmsg.space(13)).isEqualTo(32);
        assertThat(Nlmsg.space(16)).as("Hello Userspace plus NUL").isEqualTo(32);
        assertThat(Nlmsg.align(0)).isZero();
    }
}
