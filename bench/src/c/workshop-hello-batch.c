// SPDX-License-Identifier: GPL-2.0
/*
 * workshop-hello-batch.c - `./workshop bench` vm-hello, batched in C: 32
 * "Hello Kernel" requests to the workshop module in one sendmsg(2), the 32
 * replies read with recvmmsg(2) and checked in full (batch.h).
 */
#include "batch.h"
#include "bench.h"
#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, WORKSHOP_MSG_* */

static const char hello_text[] = "Hello Kernel";
static const char reply_text[] = "Hello Userspace";

static int hello_reply_ok(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_type != WORKSHOP_MSG_REPLY ||
	       nlh->nlmsg_len < NLMSG_LENGTH(sizeof(reply_text)) ||
	       memcmp(NLMSG_DATA(nlh), reply_text, sizeof(reply_text));
}

int main(void)
{
	static struct batch b;
	struct sockaddr_nl self = { .nl_family = AF_NETLINK };
	socklen_t self_len = sizeof(self);
	struct {
		struct nlmsghdr nlh;
		char text[NLMSG_ALIGN(sizeof(hello_text))];
	} req;
	int fd;

	memset(&req, 0, sizeof(req));

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
	if (fd < 0) {
		perror("socket(AF_NETLINK, SOCK_RAW, NETLINK_WORKSHOP): load the module");
		return 1;
	}
	if (bind(fd, (struct sockaddr *)&self, sizeof(self)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&self, &self_len) < 0) {
		perror("bind");
		return 1;
	}
	req.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(hello_text));
	req.nlh.nlmsg_type = WORKSHOP_MSG_HELLO;
	req.nlh.nlmsg_flags = NLM_F_REQUEST;
	req.nlh.nlmsg_pid = self.nl_pid;
	memcpy(req.text, hello_text, sizeof(hello_text));
	if (batch_init(&b, fd, 32, &req, req.nlh.nlmsg_len, hello_reply_ok))
		return 1;
	return bench_serve_batches(batch_exchange, &b, 32);
}
