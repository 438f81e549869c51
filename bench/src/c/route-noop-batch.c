// SPDX-License-Identifier: GPL-2.0
/*
 * route-noop-batch.c - `./workshop bench` host-noop, batched in C: 32
 * NLMSG_NOOP requests with NLM_F_ACK in one sendmsg(2), their 32 acks read
 * with recvmmsg(2) (batch.h). The C side of `ratio java/c batch32`.
 */
#include "batch.h"
#include "bench.h"

static int noop_ack_ok(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = NLMSG_DATA(nlh);

	return nlh->nlmsg_type != NLMSG_ERROR ||
	       nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*err)) || err->error;
}

int main(void)
{
	static struct batch b;
	struct sockaddr_nl self = { .nl_family = AF_NETLINK };
	struct nlmsghdr req = {
		.nlmsg_len = NLMSG_LENGTH(0),
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
	};
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 || bind(fd, (struct sockaddr *)&self, sizeof(self)) < 0) {
		perror("socket/bind NETLINK_ROUTE");
		return 1;
	}
	if (batch_init(&b, fd, 32, &req, sizeof(req), noop_ack_ok))
		return 1;
	return bench_serve_batches(batch_exchange, &b, 32);
}
