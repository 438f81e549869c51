// SPDX-License-Identifier: GPL-2.0
/*
 * workshop-hello-raw.c - the C side of `./workshop bench` vm-hello: "Hello
 * Kernel" to the workshop module on protocol 31, with the same calls as the
 * Java client, each reply checked (type, sequence number, whole text).
 */
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, WORKSHOP_MSG_* */
#include "bench.h"

static const char hello_text[] = "Hello Kernel";
static const char reply_text[] = "Hello Userspace";

struct hello {
	int fd;
	struct {
		struct nlmsghdr nlh;
		char text[NLMSG_ALIGN(sizeof(hello_text))];
	} req;
	struct sockaddr_nl kernel, from;
	struct iovec req_iov, reply_iov;
	struct msghdr out, in;
	unsigned int reply[2048];
};

static int hello_round_trip(void *ctx, unsigned int seq)
{
	struct hello *h = ctx;
	struct nlmsghdr *nlh = (struct nlmsghdr *)h->reply;
	ssize_t len;

	h->req.nlh.nlmsg_seq = seq;
	if (sendmsg(h->fd, &h->out, 0) < 0) {
		perror("sendmsg");
		return -1;
	}
	h->in.msg_namelen = sizeof(h->from);
	len = recvmsg(h->fd, &h->in, MSG_TRUNC);
	if (len < 0) {
		perror("recvmsg");
		return -1;
	}
	if ((size_t)len < NLMSG_LENGTH(sizeof(reply_text)) || (h->in.msg_flags & MSG_TRUNC) ||
	    nlh->nlmsg_type != WORKSHOP_MSG_REPLY || nlh->nlmsg_seq != seq ||
	    memcmp(NLMSG_DATA(nlh), reply_text, sizeof(reply_text))) {
		fprintf(stderr, "workshop-hello-raw: bad reply for seq %u: type %u, seq %u\n",
			seq, nlh->nlmsg_type, nlh->nlmsg_seq);
		return -1;
	}
	return 0;
}

int main(void)
{
	static struct hello h;
	struct sockaddr_nl self = { .nl_family = AF_NETLINK };
	socklen_t self_len = sizeof(self);

	h.fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
	if (h.fd < 0) {
		perror("socket(AF_NETLINK, SOCK_RAW, NETLINK_WORKSHOP): load the module");
		return 1;
	}
	if (bind(h.fd, (struct sockaddr *)&self, sizeof(self)) < 0 ||
	    getsockname(h.fd, (struct sockaddr *)&self, &self_len) < 0) {
		perror("bind");
		return 1;
	}
	h.req.nlh.nlmsg_len = NLMSG_LENGTH(sizeof(hello_text));
	h.req.nlh.nlmsg_type = WORKSHOP_MSG_HELLO;
	h.req.nlh.nlmsg_flags = NLM_F_REQUEST;
	h.req.nlh.nlmsg_pid = self.nl_pid;
	memcpy(h.req.text, hello_text, sizeof(hello_text));
	h.kernel.nl_family = AF_NETLINK;
	h.req_iov = (struct iovec){ &h.req, NLMSG_SPACE(sizeof(hello_text)) };
	h.reply_iov = (struct iovec){ h.reply, sizeof(h.reply) };
	h.out = (struct msghdr){ .msg_name = &h.kernel, .msg_namelen = sizeof(h.kernel),
				 .msg_iov = &h.req_iov, .msg_iovlen = 1 };
	h.in = (struct msghdr){ .msg_name = &h.from, .msg_iov = &h.reply_iov, .msg_iovlen = 1 };
	return bench_serve(hello_round_trip, &h);
}
