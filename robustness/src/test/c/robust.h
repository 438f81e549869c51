/* SPDX-License-Identifier: GPL-2.0 */
/*
 * robust.h - what the robustness test programs share: open and bind a
 * socket on protocol 31, send raw bytes to the kernel, receive with a
 * timeout, and build a "Hello Kernel" request. Every failure is reported
 * with perror() and ends the program, as libmnl's examples do.
 */
#ifndef ROBUST_H
#define ROBUST_H

#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "workshop_netlink.h"

#define HELLO_TEXT "Hello Kernel"
#define REPLY_TEXT "Hello Userspace"

static inline void die(const char *what)
{
	perror(what);
	exit(2);
}

/* A socket on protocol 31 bound to a port the kernel picks; *port gets it. */
static inline int open_bound(uint32_t *port)
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(addr);
	int fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
	if (fd < 0)
		die("socket(AF_NETLINK, SOCK_RAW, 31)");
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die("bind");
	if (getsockname(fd, (struct sockaddr *)&addr, &len) < 0)
		die("getsockname");
	*port = addr.nl_pid;
	return fd;
}

/* Sends @len raw bytes to the kernel (port 0); returns 0 or -errno. */
static inline int send_raw(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;
	return 0;
}

/*
 * Receives one datagram, waiting at most @ms milliseconds. Returns its
 * length, or -errno (-EAGAIN: nothing came). *from gets the sender's port.
 */
static inline int recv_wait(int fd, void *buf, size_t size, int ms,
			    uint32_t *from)
{
	struct sockaddr_nl addr;
	socklen_t alen = sizeof(addr);
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;
	int r;

	do {
		r = poll(&pfd, 1, ms);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		die("poll");
	if (r == 0)
		return -EAGAIN;
	n = recvfrom(fd, buf, size, MSG_DONTWAIT, (struct sockaddr *)&addr,
		     &alen);
	if (n < 0)
		return -errno;
	if (from)
		*from = addr.nl_pid;
	return (int)n;
}

/* Writes a HELLO request into @buf; returns its length. */
static inline size_t build_hello(void *buf, uint16_t flags, uint32_t seq,
				 uint32_t claimed_pid)
{
	struct nlmsghdr *nlh = buf;

	memset(buf, 0, NLMSG_SPACE(sizeof(HELLO_TEXT)));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(HELLO_TEXT));
	nlh->nlmsg_type = WORKSHOP_MSG_HELLO;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = claimed_pid;
	memcpy(NLMSG_DATA(nlh), HELLO_TEXT, sizeof(HELLO_TEXT));
	return NLMSG_SPACE(sizeof(HELLO_TEXT));
}

/* True when @buf (@n bytes) is the module's reply to request @seq for @port. */
static inline int is_reply(const void *buf, int n, uint32_t seq, uint32_t port)
{
	const struct nlmsghdr *nlh = buf;

	return n >= (int)NLMSG_LENGTH(sizeof(REPLY_TEXT)) &&
	       nlh->nlmsg_len == NLMSG_LENGTH(sizeof(REPLY_TEXT)) &&
	       nlh->nlmsg_type == WORKSHOP_MSG_REPLY &&
	       nlh->nlmsg_seq == seq && nlh->nlmsg_pid == port &&
	       memcmp(NLMSG_DATA(nlh), REPLY_TEXT, sizeof(REPLY_TEXT)) == 0;
}

#endif /* ROBUST_H */
