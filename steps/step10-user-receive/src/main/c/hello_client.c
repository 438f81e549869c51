// SPDX-License-Identifier: GPL-2.0
/* hello_client.c - stage 10 in C: the whole round trip, the seed's client corrected. */
#include <errno.h>		/* errno, for the kernel's NLMSG_ERROR */
#include <linux/netlink.h>	/* struct sockaddr_nl, struct nlmsghdr, NLMSG_* */
#include <stdio.h>		/* printf(), perror() */
#include <stdlib.h>		/* exit(), EXIT_FAILURE */
#include <string.h>		/* memcpy() */
#include <sys/socket.h>		/* socket(), AF_NETLINK and the other socket calls */
#include <sys/time.h>		/* struct timeval, for SO_RCVTIMEO */
#include <unistd.h>		/* close() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, WORKSHOP_MSG_HELLO, _REPLY */

static const char hello[] = "Hello Kernel";	/* 13 bytes, NUL included */

/* Usage: hello_client [BUFFER]: receive into BUFFER bytes (try 28, the seed's). */
int main(int argc, char **argv)
{
	/* nl_pid 0: the kernel picks a free port, never getpid() by hand. */
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(local);
	/* Header, payload and padding: NLMSG_SPACE(13) = 32 bytes, zeroed. */
	char buf[NLMSG_SPACE(sizeof(hello))] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	/* The destination: nl_pid 0 is the kernel, nl_groups 0 is unicast. */
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov;
	struct msghdr msg = {
		.msg_name = &kernel,
		.msg_namelen = sizeof(kernel),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	/*
	 * Room for any answer, not the request's 28: the kernel fills a datagram
	 * to NLMSG_GOODSIZE (at most 8 KiB) or to the reader's largest buffer.
	 */
	char answer[8192];
	size_t size = argc > 1 ? strtoul(argv[1], NULL, 10) : sizeof(answer);
	struct timeval timeout = { .tv_sec = 2 };	/* never wait forever */
	struct nlmsgerr *err;
	ssize_t sent, got;
	size_t i;
	int fd;

	if (size == 0 || size > sizeof(answer)) {
		fprintf(stderr, "usage: %s [BUFFER], BUFFER from 1 to %zu bytes\n",
			argv[0], sizeof(answer));
		exit(EXIT_FAILURE);
	}

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
	if (fd < 0) {
		perror("socket");
		exit(EXIT_FAILURE);
	}
	printf("socket(AF_NETLINK, SOCK_RAW, %d) = fd %d: the socket is open\n",
	       NETLINK_WORKSHOP, fd);

	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) {
		perror("bind");
		exit(EXIT_FAILURE);
	}
	if (getsockname(fd, (struct sockaddr *)&local, &len) < 0) {
		perror("getsockname");
		exit(EXIT_FAILURE);
	}
	printf("bound with nl_pid 0; getsockname says the kernel picked port %u\n",
	       local.nl_pid);

	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(hello));	/* 16 + 13 = 29 */
	nlh->nlmsg_type = WORKSHOP_MSG_HELLO;		/* not 0: a control type */
	nlh->nlmsg_flags = NLM_F_REQUEST;		/* or the kernel skips it */
	nlh->nlmsg_seq = 1;
	nlh->nlmsg_pid = local.nl_pid;		/* our port; the kernel ignores it */
	memcpy(NLMSG_DATA(nlh), hello, sizeof(hello));
	printf("\"%s\" as a netlink message: %zu bytes = NLMSG_SPACE(%zu)\n",
	       hello, sizeof(buf), sizeof(hello));
	printf("hex:");
	for (i = 0; i < sizeof(buf); i++)
		printf(" %02x", (unsigned char)buf[i]);
	printf(" (%d-byte header + payload + padding)\n", NLMSG_HDRLEN);

	iov.iov_base = nlh;
	iov.iov_len = nlh->nlmsg_len;	/* 29: the padding is not sent */
	sent = sendmsg(fd, &msg, 0);
	if (sent < 0) {
		perror("sendmsg");
		exit(EXIT_FAILURE);
	}
	printf("sendmsg(fd %d, to port 0, the kernel) = %zd bytes\n", fd, sent);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) < 0) {
		perror("setsockopt");
		exit(EXIT_FAILURE);
	}
	iov.iov_base = answer;
	iov.iov_len = size;
	/* The flag MSG_TRUNC: return the datagram's real length, even if cut. */
	got = recvmsg(fd, &msg, MSG_TRUNC);
	if (got < 0) {
		perror("recvmsg");
		exit(EXIT_FAILURE);
	}
	/* The kernel sets MSG_TRUNC in msg_flags when it cut the datagram. */
	if (msg.msg_flags & MSG_TRUNC) {
		fprintf(stderr, "recvmsg: reply truncated: the kernel sent %zd bytes but the buffer holds only %zu\n",
			got, size);
		exit(EXIT_FAILURE);
	}
	nlh = (struct nlmsghdr *)answer;
	if (!NLMSG_OK(nlh, got)) {
		fprintf(stderr, "recvmsg: %zd bytes are not a netlink message\n", got);
		exit(EXIT_FAILURE);
	}
	if (nlh->nlmsg_type == NLMSG_ERROR &&
	    nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*err))) {
		err = NLMSG_DATA(nlh);
		errno = -err->error;
		perror("the kernel's answer (NLMSG_ERROR)");
		exit(EXIT_FAILURE);
	}
	if (nlh->nlmsg_type != WORKSHOP_MSG_REPLY) {
		fprintf(stderr, "recvmsg: expected WORKSHOP_MSG_REPLY, got type 0x%x\n",
			nlh->nlmsg_type);
		exit(EXIT_FAILURE);
	}
	printf("received %zd bytes: len %u, type 0x%x WORKSHOP_MSG_REPLY, flags %u, seq %u, pid %u\n",
	       got, nlh->nlmsg_len, nlh->nlmsg_type, nlh->nlmsg_flags,
	       nlh->nlmsg_seq, nlh->nlmsg_pid);
	printf("the kernel says: %.*s\n", (int)NLMSG_PAYLOAD(nlh, 0),
	       (char *)NLMSG_DATA(nlh));

	close(fd);
	return 0;
}
