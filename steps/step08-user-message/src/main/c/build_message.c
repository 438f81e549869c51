// SPDX-License-Identifier: GPL-2.0
/* build_message.c - stage 8 in C: an nlmsghdr and "Hello Kernel", byte by byte. */
#include <linux/netlink.h>	/* struct sockaddr_nl, struct nlmsghdr, NLMSG_* */
#include <stdio.h>		/* printf(), perror() */
#include <stdlib.h>		/* exit(), EXIT_FAILURE */
#include <string.h>		/* memcpy() */
#include <sys/socket.h>		/* socket(), AF_NETLINK and the other socket calls */
#include <unistd.h>		/* close() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, WORKSHOP_MSG_HELLO */

static const char hello[] = "Hello Kernel";	/* 13 bytes, NUL included */

int main(void)
{
	/* nl_pid 0: the kernel picks a free port, never getpid() by hand. */
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(local);
	/* Header, payload and padding: NLMSG_SPACE(13) = 32 bytes, zeroed. */
	char buf[NLMSG_SPACE(sizeof(hello))] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	size_t i;
	int fd;

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

	close(fd);
	return 0;
}
