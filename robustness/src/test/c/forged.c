// SPDX-License-Identifier: GPL-2.0
/*
 * forged.c - sends "Hello Kernel" with a forged nlmsg_pid: another socket's
 * port, 0 (the kernel's own), and ports nobody holds. The module must answer
 * at the real sender's port (NETLINK_CB(skb).portid), and the socket whose
 * port was claimed must receive nothing.
 *
 * Prints one line per claim; exits 0 only if every claim was answered
 * correctly. Run it as root and as an unprivileged user.
 */
#include "robust.h"

int main(void)
{
	unsigned char buf[8192];
	uint32_t sender, victim, from = 0, claims[5];
	int a, b, i, n, bad = 0;

	a = open_bound(&sender);
	b = open_bound(&victim);
	claims[0] = victim;
	claims[1] = 0;
	claims[2] = victim + 1000;
	claims[3] = 0xffffffffu;
	claims[4] = sender;
	for (i = 0; i < 5; i++) {
		uint32_t seq = 100 + i;
		int reply = 0, ack = 0, other = 0, leaked = 0;

		n = send_raw(a, buf, build_hello(buf, NLM_F_REQUEST | NLM_F_ACK,
						 seq, claims[i]));
		if (n) {
			errno = -n;
			die("sendto");
		}
		/* Read until quiet: a second reply would be counted too. */
		while ((n = recv_wait(a, buf, sizeof(buf),
				      reply && ack ? 100 : 1000, &from)) > 0) {
			struct nlmsghdr *nlh = (void *)buf;
			int error = -1;

			if (from == 0 && is_reply(buf, n, seq, sender)) {
				reply++;
			} else if (from == 0 && nlh->nlmsg_type == NLMSG_ERROR &&
				   nlh->nlmsg_seq == seq) {
				memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
				if (error == 0)
					ack++;
				else
					other++;
			} else {
				other++;
			}
		}
		while (recv_wait(b, buf, sizeof(buf), 300, NULL) > 0)
			leaked++;
		printf("claimed nlmsg_pid %u (%s): the sender (port %u) got %d reply, %d ack, %d other; the other socket (port %u) got %d\n",
		       claims[i], i == 0 ? "the other socket's port" :
		       i == 1 ? "0, the kernel's own" :
		       i == 4 ? "its own port" : "nobody's port",
		       sender, reply, ack, other, victim, leaked);
		if (reply != 1 || ack != 1 || other || leaked)
			bad++;
	}
	printf("forged: uid %u, %d of 5 claims answered at the real sender only\n",
	       (unsigned int)getuid(), 5 - bad);
	return bad ? 1 : 0;
}
