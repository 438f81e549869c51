// SPDX-License-Identifier: GPL-2.0
/*
 * route-noop-send.c - `./workshop bench` host-noop with the plainest calls:
 * send(2) and recv(2), no msghdr, no address (an unconnected netlink socket
 * sends to port 0, the kernel). What a round trip costs with the least
 * work in userspace; each ack is still checked.
 */
#include <linux/netlink.h>
#include <stdio.h>
#include <sys/socket.h>

#include "bench.h"

struct plain {
	int fd;
	struct nlmsghdr req;
	unsigned int ack[2048];
};

static int plain_round_trip(void *ctx, unsigned int seq)
{
	struct plain *p = ctx;
	struct nlmsghdr *nlh = (struct nlmsghdr *)p->ack;
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	ssize_t len;

	p->req.nlmsg_seq = seq;
	if (send(p->fd, &p->req, sizeof(p->req), 0) < 0) {
		perror("send");
		return -1;
	}
	len = recv(p->fd, p->ack, sizeof(p->ack), 0);
	if (len < 0) {
		perror("recv");
		return -1;
	}
	if ((size_t)len < NLMSG_SPACE(sizeof(*err)) || nlh->nlmsg_type != NLMSG_ERROR ||
	    nlh->nlmsg_seq != seq || err->error) {
		fprintf(stderr, "route-noop-send: bad ack for seq %u\n", seq);
		return -1;
	}
	return 0;
}

int main(void)
{
	static struct plain p;
	struct sockaddr_nl self = { .nl_family = AF_NETLINK };

	p.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (p.fd < 0 || bind(p.fd, (struct sockaddr *)&self, sizeof(self)) < 0) {
		perror("socket/bind NETLINK_ROUTE");
		return 1;
	}
	p.req.nlmsg_len = NLMSG_LENGTH(0);
	p.req.nlmsg_type = NLMSG_NOOP;
	p.req.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	return bench_serve(plain_round_trip, &p);
}
