// SPDX-License-Identifier: GPL-2.0
/* bind_socket.c - stage 7 in C: bind to nl_pid 0 and ask which port we got. */
#include <linux/netlink.h>	/* struct sockaddr_nl */
#include <stdio.h>		/* printf(), perror() */
#include <stdlib.h>		/* exit(), EXIT_FAILURE */
#include <sys/socket.h>		/* socket(), AF_NETLINK and the other socket calls */
#include <unistd.h>		/* close() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP: 31, as the module uses */

int main(void)
{
	/* nl_pid 0: the kernel picks a free port, never getpid() by hand. */
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(local);
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

	close(fd);
	return 0;
}
