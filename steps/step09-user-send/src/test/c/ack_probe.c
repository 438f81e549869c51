// SPDX-License-Identifier: GPL-2.0
/* ack_probe.c - which requests reach the module's handler, and what an ACK says. */
#include <errno.h>		/* errno, EAGAIN */
#include <linux/netlink.h>	/* struct nlmsghdr, struct nlmsgerr, NLM_F_* */
#include <stdio.h>		/* printf(), perror() */
#include <stdlib.h>		/* exit(), EXIT_FAILURE */
#include <string.h>		/* memcpy(), strerror() */
#include <sys/socket.h>		/* socket(), AF_NETLINK and the other socket calls */
#include <unistd.h>		/* close() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, WORKSHOP_MSG_HELLO, _REPLY */

static const char hello[] = "Hello Kernel";

/*
 * Sends "Hello Kernel" with @type and @flags as request @seq, then prints
 * every answer queued for it. The module's input runs inside sendmsg(), so
 * its answers are queued when sendmsg() returns: read until EAGAIN.
 */
static void probe(int fd, unsigned int seq, unsigned short type,
		  unsigned short flags, const char *what)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[8192] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *err;
	ssize_t got;

	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(hello));
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(nlh), hello, sizeof(hello));
	printf("request %u: type 0x%x, %s\n", seq, type, what);
	if (sendto(fd, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		perror("sendto");
		exit(EXIT_FAILURE);
	}
	while ((got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		if (!NLMSG_OK(nlh, got)) {
			printf("answer: %zd bytes, not a netlink message\n", got);
		} else if (nlh->nlmsg_type == NLMSG_ERROR) {
			err = NLMSG_DATA(nlh);
			printf("answer to %u: NLMSG_ERROR, error %d\n",
			       nlh->nlmsg_seq, err->error);
		} else if (nlh->nlmsg_type == WORKSHOP_MSG_REPLY) {
			printf("answer to %u: WORKSHOP_MSG_REPLY, \"%.*s\"\n",
			       nlh->nlmsg_seq, (int)NLMSG_PAYLOAD(nlh, 0),
			       (char *)NLMSG_DATA(nlh));
		} else {
			printf("answer to %u: type 0x%x\n", nlh->nlmsg_seq,
			       nlh->nlmsg_type);
		}
	}
	if (got < 0 && errno != EAGAIN) {
		perror("recv");
		exit(EXIT_FAILURE);
	}
	printf("request %u: no more answers\n", seq);
}

int main(void)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(local);
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
	if (fd < 0) {
		perror("socket");
		exit(EXIT_FAILURE);
	}
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&local, &len) < 0) {
		perror("bind");
		exit(EXIT_FAILURE);
	}
	printf("port %u\n", local.nl_pid);

	probe(fd, 1, WORKSHOP_MSG_HELLO, NLM_F_ACK,
	      "flags NLM_F_ACK (no NLM_F_REQUEST)");
	probe(fd, 2, 0, NLM_F_REQUEST | NLM_F_ACK,
	      "below NLMSG_MIN_TYPE, flags NLM_F_REQUEST|NLM_F_ACK");
	probe(fd, 3, WORKSHOP_MSG_HELLO, NLM_F_REQUEST | NLM_F_ACK,
	      "flags NLM_F_REQUEST|NLM_F_ACK");

	close(fd);
	return 0;
}
