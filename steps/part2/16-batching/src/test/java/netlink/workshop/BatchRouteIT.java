package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * RequestBatch against the host's own kernel, on NETLINK_ROUTE: NLMSG_NOOP with
 * NLM_F_ACK, 32 in one datagram, each acknowledged on its own by netlink_rcv_skb().
 */
class BatchRouteIT {
    /** Above RTM_MAX: rtnetlink_rcv_msg() answers EOPNOTSUPP (net/core/rtnetlink.c). */
    private static final int UNKNOWN_ROUTE_TYPE = 0x7fff;
    private static final byte[] NO_PAYLOAD = new byte[0];

    @Test
    void thirtyTwoNoopsInOneDatagramGetThirtyTwoAcks() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            RequestBatch batch = new RequestBatch(socket, 32, Duration.ofSeconds(2));
            for (int i = 0; i < 32; i++) {
                batch.add(MessageType.NOOP, Flags.ACK, NO_PAYLOAD);
            }
            assertThat(batch.datagramLength()).isEqualTo(32 * Nlmsg.HDRLEN);
            batch.exchange();

            assertThat(batch.datagrams()).isEqualTo(32);
            assertThat(batch.failures()).isZero();
            for (int i = 0; i < 32; i++) {
                assertThat(batch.answered(i)).as("request %d", i).isTrue();
                assertThat(batch.error(i)).as("request %d", i).isZero();
            }
        }
    }

    @Test
    void oneBadTypeAmongThirtyTwoGetsItsOwnErrorAndTheOthersSucceed() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            RequestBatch batch = new RequestBatch(socket, 32, Duration.ofSeconds(2));
            for (int i = 0; i < 32; i++) {
                batch.add(i == 13 ? UNKNOWN_ROUTE_TYPE : MessageType.NOOP, Flags.ACK, NO_PAYLOAD);
            }
            batch.exchange();

            assertThat(batch.error(13)).isEqualTo(Errno.EOPNOTSUPP);
            assertThat(batch.failures()).isEqualTo(1);
            for (int i = 0; i < 32; i++) {
                assertThat(batch.answered(i)).as("request %d", i).isTrue();
                if (i != 13) {
                    assertThat(batch.error(i)).as("request %d", i).isZero();
                }
            }
            assertThat(batch.describeError(13).getMessage()).contains("request 13 of the batch")
                    .contains("(EOPNOTSUPP)");

            // The same batch object goes on: the next batch's numbers follow.
            int last = batch.sequence(31);
            batch.clear();
            batch.add(MessageType.NOOP, Flags.ACK, NO_PAYLOAD);
            batch.exchange();
            assertThat(batch.sequence(0)).isEqualTo(last + 1);
            assertThat(batch.error(0)).isZero();

            // renumber(): the same requests again, with the next numbers.
            batch.renumber();
            batch.exchange();
            assertThat(batch.sequence(0)).isEqualTo(last + 2);
            assertThat(batch.answered(0)).isTrue();
            assertThat(batch.error(0)).isZero();
        }
    }

    @Test
    void requestsThatAskForNoAnswerTimeOutNamingHowManyAreMissing() throws Exception {
        try (BoundSocket socket = BoundSocket.open(Protocol.NETLINK_ROUTE)) {
            RequestBatch batch = new RequestBatch(socket, 4, Duration.ofMillis(300));
            for (int i = 0; i < 4; i++) {
                batch.add(MessageType.NOOP, 0, NO_PAYLOAD);
            }
            assertThatThrownBy(batch::exchange).isInstanceOfSatisfying(NetlinkException.class, e -> {
                assertThat(e.errno()).isEqualTo(Errno.EAGAIN);
                assertThat(e.getMessage()).contains("4 of 4 requests got no answer within 300 ms");
            });
        }
    }
}
