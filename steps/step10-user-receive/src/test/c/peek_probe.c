// SPDX-License-Identifier: GPL-2.0
/* peek_probe.c - MSG_PEEK | MSG_TRUNC sizes a datagram; msg_flags reports a cut one. */
#include <errno.h>		/* errno, EAGAIN */
#include <linux/netlink.h>	/* struct nlmsghdr, NLMSG_* */
#include <stdio.h>		/* printf(), perror() */
#include <stdlib.h>		/* exit(), EXIT_FAILURE */
#include <string.h>		/* memcpy() */
#include <sys/socket.h>		/* socket(), AF_NETLINK and the other socket calls */
#include <unistd.h>		/* close() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, WORKSHOP_MSG_HELLO */

static const char hello[] = "Hello Kernel";

/* Sends "Hello Kernel" as request @seq; the reply is queued on return. */
static void send_hello(int fd, unsigned int seq)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[NLMSG_SPACE(sizeof(hello))] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;

	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(hello));
	nlh->nlmsg_type = WORKSHOP_MSG_HELLO;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = seq;
	memcpy(NLMSG_DATA(nlh), hello, sizeof(hello));
	if (sendto(fd, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		perror("sendto");
		exit(EXIT_FAILURE);
	}
}

/* recvmsg() into @size bytes with @flags; prints what it returned. */
static void receive(int fd, size_t size, int flags, const char *name)
{
	char buf[64] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct iovec iov = { .iov_base = buf, .iov_len = size };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t got;

	if (size > sizeof(buf)) {
		fprintf(stderr, "receive: %zu bytes do not fit this probe's buffer\n", size);
		exit(EXIT_FAILURE);
	}
	got = recvmsg(fd, &msg, flags | MSG_DONTWAIT);
	if (got < 0) {
		perror("recvmsg");
		exit(EXIT_FAILURE);
	}
	printf("recvmsg, %zu-byte buffer, flags %s: returns %zd, msg_flags %s, seq %u",
	       size, name, got, msg.msg_flags & MSG_TRUNC ? "MSG_TRUNC" : "0",
	       nlh->nlmsg_seq);
	if (!(msg.msg_flags & MSG_TRUNC) && NLMSG_OK(nlh, got))
		printf(", \"%.*s\"", (int)NLMSG_PAYLOAD(nlh, 0),
		       (char *)NLMSG_DATA(nlh));
	printf("\n");
}

int main(void)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	ssize_t got;
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
	if (fd < 0) {
		perror("socket");
		exit(EXIT_FAILURE);
	}
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		perror("bind");
		exit(EXIT_FAILURE);
	}
	send_hello(fd, 1);
	send_hello(fd, 2);
	send_hello(fd, 3);

	/* No buffer at all: the length of the next datagram, left queued. */
	got = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
	if (got < 0) {
		perror("recv");
		exit(EXIT_FAILURE);
	}
	printf("recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC) = %zd\n", got);
	receive(fd, (size_t)got, 0, "0");
	receive(fd, 28, 0, "0");
	receive(fd, 28, MSG_TRUNC, "MSG_TRUNC");
	if (recv(fd, NULL, 0, MSG_DONTWAIT) < 0 && errno == EAGAIN)
		printf("recv, MSG_DONTWAIT: EAGAIN: the queue is empty\n");

	close(fd);
	return 0;
}
