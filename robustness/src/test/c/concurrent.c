// SPDX-License-Identifier: GPL-2.0
/*
 * concurrent.c - many client processes talk to the module at once. Each
 * makes ROUNDS request/reply round trips with sequence numbers no other
 * client uses, and checks that every reply is its own: the right sequence
 * number, addressed to its own port, sent by the kernel.
 *
 * Usage: concurrent [CLIENTS [ROUNDS]]   (defaults: 16, 300)
 * Prints a line per client and a total; exits 0 only if nothing was lost
 * or crossed.
 */
#include <sys/wait.h>

#include "robust.h"

static int client(int id, int rounds, int ready_fd, int start_fd)
{
	unsigned char buf[8192];
	uint32_t port, from = 0;
	int fd, i, n, ok = 0, lost = 0, crossed = 0;
	char go;

	fd = open_bound(&port);
	/* Say we are ready, then wait until every client is: start together. */
	go = 'r';
	if (write(ready_fd, &go, 1) != 1 || read(start_fd, &go, 1) < 0)
		die("ready/start pipe");
	for (i = 0; i < rounds; i++) {
		uint32_t seq = ((uint32_t)id << 20) | (uint32_t)i;

		n = send_raw(fd, buf, build_hello(buf, NLM_F_REQUEST, seq, port));
		if (n) {
			errno = -n;
			die("sendto");
		}
		n = recv_wait(fd, buf, sizeof(buf), 5000, &from);
		if (n < 0)
			lost++;
		else if (from == 0 && is_reply(buf, n, seq, port))
			ok++;
		else
			crossed++;
	}
	printf("client %2d (port %u): %d of %d replies were its own, %d lost, %d crossed\n",
	       id, port, ok, rounds, lost, crossed);
	fflush(stdout);
	close(fd);
	return ok == rounds ? 0 : 1;
}

int main(int argc, char **argv)
{
	int clients = argc > 1 ? atoi(argv[1]) : 16;
	int rounds = argc > 2 ? atoi(argv[2]) : 300;
	int ready[2], start[2], i, status, failed = 0;
	char r;
	pid_t pid;

	if (pipe(ready) < 0 || pipe(start) < 0)
		die("pipe");
	for (i = 0; i < clients; i++) {
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			close(ready[0]);
			close(start[1]);
			exit(client(i + 1, rounds, ready[1], start[0]));
		}
	}
	close(ready[1]);
	for (i = 0; i < clients; i++)
		if (read(ready[0], &r, 1) != 1)
			break;
	/* Closing the write end wakes every client at once (read gets EOF). */
	close(ready[0]);
	close(start[0]);
	close(start[1]);
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			failed++;
	printf("concurrent: %d clients x %d round trips, %d clients with a lost or crossed reply\n",
	       clients, rounds, failed);
	return failed ? 1 : 0;
}
