/* SPDX-License-Identifier: GPL-2.0 */
/*
 * route-noop.h - one NLMSG_NOOP round trip on NETLINK_ROUTE with the same
 * calls as the Java client: sendmsg(2) to port 0, recvmsg(2) with MSG_TRUNC,
 * the ack checked (type, sequence number, error). Shared by route-noop-raw.c
 * (a C program) and libnlbench.c (the same loop called from Java through JNA),
 * so that both run exactly this code.
 */
#ifndef ROUTE_NOOP_H
#define ROUTE_NOOP_H

#include <linux/netlink.h>	/* struct nlmsghdr, struct nlmsgerr, NLMSG_* */
#include <stdio.h>
#include <sys/socket.h>
#include <sys/uio.h>		/* struct iovec */

struct noop {
	int fd;
	struct nlmsghdr req;
	struct sockaddr_nl kernel, from;
	struct iovec req_iov, ack_iov;
	struct msghdr out, in;
	/* The ack: nlmsghdr, then nlmsgerr (error and the request's header). */
	unsigned int ack[2048];
};

/* Opens and binds a NETLINK_ROUTE socket into @n; returns 0, or -1 after perror. */
static inline int noop_open(struct noop *n)
{
	struct sockaddr_nl self = { .nl_family = AF_NETLINK };

	n->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (n->fd < 0) {
		perror("socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)");
		return -1;
	}
	if (bind(n->fd, (struct sockaddr *)&self, sizeof(self)) < 0) {
		perror("bind");
		return -1;
	}
	n->req.nlmsg_len = NLMSG_LENGTH(0);
	n->req.nlmsg_type = NLMSG_NOOP;
	n->req.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	n->kernel.nl_family = AF_NETLINK;
	n->req_iov = (struct iovec){ &n->req, sizeof(n->req) };
	n->ack_iov = (struct iovec){ n->ack, sizeof(n->ack) };
	n->out = (struct msghdr){ .msg_name = &n->kernel, .msg_namelen = sizeof(n->kernel),
				  .msg_iov = &n->req_iov, .msg_iovlen = 1 };
	n->in = (struct msghdr){ .msg_name = &n->from, .msg_iov = &n->ack_iov, .msg_iovlen = 1 };
	return 0;
}

static inline int noop_round_trip(void *ctx, unsigned int seq)
{
	struct noop *n = ctx;
	struct nlmsghdr *nlh = (struct nlmsghdr *)n->ack;
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	ssize_t len;

	n->req.nlmsg_seq = seq;
	if (sendmsg(n->fd, &n->out, 0) < 0) {
		perror("sendmsg");
		return -1;
	}
	n->in.msg_namelen = sizeof(n->from);
	len = recvmsg(n->fd, &n->in, MSG_TRUNC);
	if (len < 0) {
		perror("recvmsg");
		return -1;
	}
	if ((size_t)len < NLMSG_SPACE(sizeof(*err)) || (n->in.msg_flags & MSG_TRUNC) ||
	    nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_seq != seq || err->error) {
		fprintf(stderr, "route-noop: bad ack for seq %u: type %u, seq %u, error %d\n",
			seq, nlh->nlmsg_type, nlh->nlmsg_seq, err->error);
		return -1;
	}
	return 0;
}

#endif /* ROUTE_NOOP_H */
