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
        String firstDifference = java.lines().filter(l -> !c.lines().toList().contains(l)).findFirst().orElse("");
        assertThat(java).as("TODO 2: Nlmsg's sizes differ from the C macros at \"" + firstDifference + "\" (len,"
                + " NLMSG_ALIGN, NLMSG_LENGTH, NLMSG_SPACE): align(len) rounds up to a multiple of ALIGNTO (4),"
                + " so align(29) is 32").isEqualTo(c);
    }

    @Test
    void knownValues() {
        assertThat(Nlmsg.align(0)).as("TODO 2: align(0) is " + Nlmsg.align(0) + "; NLMSG_ALIGN(0) is 0").isZero();
        assertThat(Nlmsg.align(29)).as("TODO 2: align(29) is " + Nlmsg.align(29) + "; NLMSG_ALIGN(29) is 32")
                .isEqualTo(32);
        assertThat(Nlmsg.length(13)).as("Hello Kernel plus NUL").isEqualTo(29);
        assertThat(Nlmsg.space(13)).isEqualTo(32);
        assertThat(Nlmsg.space(16)).as("Hello Userspace plus NUL").isEqualTo(32);
    }
}
