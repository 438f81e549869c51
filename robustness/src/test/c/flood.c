// SPDX-License-Identifier: GPL-2.0
/*
 * flood.c - one client sends requests without reading the replies, while
 * bystander clients keep making round trips. The flooder's receive queue
 * fills up: the kernel drops the replies that do not fit and reports
 * ENOBUFS on its next receive. The bystanders must not notice.
 *
 * Usage: flood [REQUESTS [BYSTANDERS]]   (defaults: 5000, 2)
 * Exits 0 when the flooder saw ENOBUFS, recovered, and no bystander lost
 * or crossed a reply.
 */
#include <sys/wait.h>

#include "robust.h"

static int bystander(int id, int stop_fd)
{
	unsigned char buf[8192];
	struct pollfd stop = { .fd = stop_fd, .events = POLLIN };
	uint32_t port, from = 0, seq;
	int fd, n, ok = 0, bad = 0;

	fd = open_bound(&port);
	/* At least 100 round trips, then on until the flood is over. */
	for (seq = 1; seq <= 100 || poll(&stop, 1, 0) == 0; seq++) {
		n = send_raw(fd, buf, build_hello(buf, NLM_F_REQUEST, seq, port));
		if (n) {
			errno = -n;
			die("sendto");
		}
		n = recv_wait(fd, buf, sizeof(buf), 5000, &from);
		if (n > 0 && from == 0 && is_reply(buf, n, seq, port))
			ok++;
		else
			bad++;
	}
	printf("bystander %d (port %u): %d round trips, %d failed\n", id, port,
	       ok + bad, bad);
	fflush(stdout);
	return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
	unsigned char buf[8192];
	long requests = argc > 1 ? atol(argv[1]) : 5000;
	int bystanders = argc > 2 ? atoi(argv[2]) : 2;
	int stop[2], fd, i, n, first, queued = 0, status, failed = 0;
	uint32_t port, from = 0;
	long sent = 0, send_errors = 0;
	pid_t pid;

	if (pipe(stop) < 0)
		die("pipe");
	for (i = 0; i < bystanders; i++) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			close(stop[1]);
			exit(bystander(i + 1, stop[0]));
		}
	}
	close(stop[0]);

	fd = open_bound(&port);
	for (sent = 0; sent < requests; sent++)
		if (send_raw(fd, buf, build_hello(buf, NLM_F_REQUEST,
						  (uint32_t)sent + 1, port)))
			send_errors++;
	first = recv_wait(fd, buf, sizeof(buf), 1000, &from);
	while ((n = recv_wait(fd, buf, sizeof(buf), 200, &from)) > 0)
		queued++;
	printf("flooder (port %u): sent %ld requests without reading (%ld send errors); first receive: %s; then %d queued replies, %ld dropped\n",
	       port, sent, send_errors,
	       first == -ENOBUFS ? "ENOBUFS" : first < 0 ? strerror(-first) : "a message",
	       queued, sent - queued);
	/* The socket still works after the overrun. */
	n = send_raw(fd, buf, build_hello(buf, NLM_F_REQUEST, 0xabcd, port));
	n = n ? n : recv_wait(fd, buf, sizeof(buf), 5000, &from);
	printf("flooder after the overrun: %s\n",
	       n > 0 && is_reply(buf, n, 0xabcd, port) ? "round trip ok" : "round trip FAILED");
	fflush(stdout);
	if (first != -ENOBUFS || n <= 0 || !is_reply(buf, n, 0xabcd, port))
		failed++;

	close(stop[1]);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	printf("flood: %s\n", failed ? "FAILED" : "the flooder got ENOBUFS; every bystander was answered");
	return failed ? 1 : 0;
}
