// SPDX-License-Identifier: GPL-2.0
/* open_socket.c - stage 6 in C: open a netlink socket on protocol 31. */
#include <stdio.h>		/* printf(), perror() */
#include <stdlib.h>		/* exit(), EXIT_FAILURE */
#include <sys/socket.h>		/* socket(), AF_NETLINK and the other socket calls */
#include <unistd.h>		/* close() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP: 31, as the module uses */

int main(void)
{
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
	if (fd < 0) {
		perror("socket");
		exit(EXIT_FAILURE);
	}
	printf("socket(AF_NETLINK, SOCK_RAW, %d) = fd %d: the socket is open\n",
	       NETLINK_WORKSHOP, fd);

	close(fd);
	return 0;
}
