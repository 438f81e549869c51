// SPDX-License-Identifier: GPL-2.0
/*
 * hello.c - one "Hello Kernel" request with NLM_F_ACK, and what came back.
 *
 * Usage: hello [--pid N]   put N in nlmsg_pid (default: the socket's own
 *                          port; 0 is what crashes the seed's module)
 * Prints "reply: TEXT (to port P)" and "ack: 0", or "error: -ERRNO (strerror)";
 * any other answer as "other: ..." with its header fields.
 * Exits 0 on a reply, 1 on an error from the kernel, 2 when the call failed.
 */
#include "robust.h"

int main(int argc, char **argv)
{
	unsigned char buf[8192];
	uint32_t port, from = 0, claim;
	int fd, n, replied = 0, error = 1;

	fd = open_bound(&port);
	claim = argc == 3 && strcmp(argv[1], "--pid") == 0 ?
		(uint32_t)strtoul(argv[2], NULL, 0) : port;
	printf("sending \"Hello Kernel\" from port %u with nlmsg_pid %u\n",
	       port, claim);
	fflush(stdout);
	n = send_raw(fd, buf, build_hello(buf, NLM_F_REQUEST | NLM_F_ACK, 1,
					  claim));
	if (n) {
		errno = -n;
		die("sendto");
	}
	while ((n = recv_wait(fd, buf, sizeof(buf), 2000, &from)) > 0) {
		struct nlmsghdr *nlh = (void *)buf;

		if (is_reply(buf, n, 1, port)) {
			printf("reply: %s (to port %u)\n",
			       (char *)NLMSG_DATA(nlh), nlh->nlmsg_pid);
			replied = 1;
		} else if (nlh->nlmsg_type == NLMSG_ERROR &&
			   n >= (int)NLMSG_LENGTH(sizeof(int))) {
			memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
			if (error)
				printf("error: %d (%s)\n", error, strerror(-error));
			else
				printf("ack: 0\n");
			break;
		} else if (n >= NLMSG_HDRLEN) {
			/* Not our module's reply: show it (the seed's is NLMSG_DONE). */
			printf("other: %d bytes, type %u, seq %u, nlmsg_pid %u, payload \"%.*s\"\n",
			       n, nlh->nlmsg_type, nlh->nlmsg_seq, nlh->nlmsg_pid,
			       n - NLMSG_HDRLEN > 64 ? 64 : n - NLMSG_HDRLEN,
			       (char *)NLMSG_DATA(nlh));
		}
	}
	if (n < 0 && n != -EAGAIN) {
		errno = -n;
		die("recvfrom");
	}
	close(fd);
	return replied && error == 0 ? 0 : error ? 1 : 2;
}
