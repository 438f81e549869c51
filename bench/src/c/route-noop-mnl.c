// SPDX-License-Identifier: GPL-2.0
/*
 * route-noop-mnl.c - `./workshop bench` host-noop with libmnl: NLMSG_NOOP
 * with NLM_F_ACK on NETLINK_ROUTE, the ack checked by mnl_cb_run() (error,
 * sequence number and port), as libmnl's own examples do.
 */
#include <libmnl/libmnl.h>	/* Debian: libmnl-dev */
#include <linux/netlink.h>
#include <stdio.h>

#include "bench.h"

struct noop {
	struct mnl_socket *nl;
	unsigned int portid;
	char buf[8192];	/* MNL_SOCKET_BUFFER_SIZE's upper bound (4096 on x86-64) */
};

static int noop_round_trip(void *ctx, unsigned int seq)
{
	struct noop *n = ctx;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(n->buf);
	ssize_t len;

	nlh->nlmsg_type = NLMSG_NOOP;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(n->nl, nlh, nlh->nlmsg_len) < 0) {
		perror("mnl_socket_sendto");
		return -1;
	}
	len = mnl_socket_recvfrom(n->nl, n->buf, sizeof(n->buf));
	if (len < 0) {
		perror("mnl_socket_recvfrom");
		return -1;
	}
	/* MNL_CB_STOP: an ack with error 0 for this seq and port. */
	if (mnl_cb_run(n->buf, len, seq, n->portid, NULL, NULL) != MNL_CB_STOP) {
		perror("mnl_cb_run");
		return -1;
	}
	return 0;
}

int main(void)
{
	static struct noop n;

	n.nl = mnl_socket_open(NETLINK_ROUTE);
	if (!n.nl) {
		perror("mnl_socket_open");
		return 1;
	}
	if (mnl_socket_bind(n.nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		perror("mnl_socket_bind");
		return 1;
	}
	n.portid = mnl_socket_get_portid(n.nl);
	return bench_serve(noop_round_trip, &n);
}
