// SPDX-License-Identifier: GPL-2.0
/*
 * churn.c - a client that keeps talking while the module is loaded and
 * unloaded under it: open a socket, one round trip, close, again, until the
 * file STOPFILE exists. While the module is absent socket() must fail with
 * EPROTONOSUPPORT; anything else but a correct reply is a failure.
 *
 * Usage: churn ID STOPFILE    keep churning, then print a summary
 *        churn --hold         open a socket and keep it until killed
 * Exits 0 when every attempt was a correct round trip or EPROTONOSUPPORT.
 */
#include <time.h>

#include "robust.h"

static void pause_ms(long ms)
{
	struct timespec t = { .tv_sec = 0, .tv_nsec = ms * 1000000L };

	nanosleep(&t, NULL);
}

int main(int argc, char **argv)
{
	unsigned char buf[8192];
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	socklen_t alen = sizeof(addr);
	long ok = 0, absent = 0, failed = 0;
	uint32_t seq = 0, from = 0;
	int fd, n;

	if (argc == 2 && strcmp(argv[1], "--hold") == 0) {
		fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_WORKSHOP);
		if (fd < 0)
			die("socket(AF_NETLINK, SOCK_RAW, 31)");
		printf("holding a socket on protocol 31\n");
		fflush(stdout);
		pause();
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: churn ID STOPFILE | churn --hold\n");
		return 2;
	}
	while (access(argv[2], F_OK) != 0) {
		fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
		if (fd < 0) {
			if (errno == EPROTONOSUPPORT) {
				absent++;
			} else if (failed++ < 5) {
				printf("churn %s: socket: %s\n", argv[1], strerror(errno));
			}
			pause_ms(1);
			continue;
		}
		seq++;
		if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
		    getsockname(fd, (struct sockaddr *)&addr, &alen) < 0) {
			n = -errno;
		} else {
			n = send_raw(fd, buf, build_hello(buf, NLM_F_REQUEST, seq,
							  addr.nl_pid));
			if (!n)
				n = recv_wait(fd, buf, sizeof(buf), 10000, &from);
		}
		if (n > 0 && from == 0 && is_reply(buf, n, seq, addr.nl_pid))
			ok++;
		else if (failed++ < 5)
			printf("churn %s: round trip %u failed: %s\n", argv[1],
			       seq, n < 0 ? strerror(-n) : "a wrong reply");
		close(fd);
		addr.nl_pid = 0;
		/*
		 * Leave gaps with no socket open: each open socket pins the
		 * module, and rmmod fails while one is.
		 */
		pause_ms(10 + (seq % 20));
	}
	printf("churn %s: %ld round trips ok, %ld times EPROTONOSUPPORT (module absent), %ld failures\n",
	       argv[1], ok, absent, failed);
	return failed ? 1 : 0;
}
