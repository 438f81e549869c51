// SPDX-License-Identifier: GPL-2.0
/*
 * nlws_client.c - an independent client of the genl family "nlws", written
 * only against the contract (kernel/include/workshop_genl.h) and the kernel's
 * UAPI headers, with raw sockets: no code shared with the Java client.
 *
 * Usage: nlws_client hello [TEXT]   NLWS_CMD_HELLO; prints the reply
 *        nlws_client refuse         a hello without NLWS_ATTR_MSG; prints the refusal
 *        nlws_client events N TEXT  joins "events", says hello with TEXT on a second
 *                                   socket, prints up to N events
 *        nlws_client dump           NLWS_CMD_LIST with NLM_F_DUMP; prints each entry
 *        nlws_client dump-and-leave  starts the dump, reads one datagram, and exits
 *        nlws_client sleepy FILE    joins "events" and reads nothing until FILE exists
 *                                   (at most 300 s), then drains its queue and counts
 * Exits 0 when the kernel answered as the contract says, 1 otherwise.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "workshop_genl.h"

#define BUF 65536

static unsigned char buf[BUF];
static uint32_t seq;

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static int open_socket(uint32_t *port)
{
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(me);
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (void *)&me, sizeof(me)) < 0 ||
	    getsockname(fd, (void *)&me, &len) < 0)
		die("socket/bind");
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	*port = me.nl_pid;
	return fd;
}

static struct nlattr *nla_next_ok(struct nlattr *nla, int *rem)
{
	if (*rem < (int)sizeof(*nla) || nla->nla_len < sizeof(*nla) || nla->nla_len > *rem)
		return NULL;
	return nla;
}

#define for_each_attr(nla, head, len, rem) \
	for (rem = (len), nla = (void *)(head); nla_next_ok(nla, &rem); \
	     rem -= NLA_ALIGN(nla->nla_len), nla = (void *)((char *)nla + NLA_ALIGN(nla->nla_len)))

static int put(unsigned char *msg, int at, uint16_t type, const void *val, int len)
{
	struct nlattr *nla = (void *)(msg + at);

	nla->nla_len = NLA_HDRLEN + len;
	nla->nla_type = type;
	memcpy(nla + 1, val, len);
	memset(msg + at + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	return at + NLA_HDRLEN + NLA_ALIGN(len);
}

/* Sends a genl request of @len bytes (headers filled here) to family @type. */
static void send_request(int fd, unsigned char *msg, int len, uint16_t type, uint8_t cmd,
			 uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = (void *)msg;
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	nlh->nlmsg_len = len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++seq;
	nlh->nlmsg_pid = 0;
	g->cmd = cmd;
	g->version = version;
	g->reserved = 0;
	if (sendto(fd, msg, len, 0, (void *)&kernel, sizeof(kernel)) < 0)
		die("sendto");
}

static int recv_wait(int fd, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	if (poll(&p, 1, ms) != 1)
		return 0;
	n = recv(fd, buf, sizeof(buf), 0);
	if (n < 0)
		die("recv");
	return n;
}

static void print_error(struct nlmsghdr *h)
{
	struct nlmsgerr *e = NLMSG_DATA(h);
	struct nlattr *nla;
	int rem, at = sizeof(*e);

	printf("error: %d (%s)", e->error, strerror(-e->error));
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		at += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	if (h->nlmsg_flags & NLM_F_ACK_TLVS) {
		for_each_attr(nla, (char *)e + at, (int)(h->nlmsg_len - NLMSG_HDRLEN) - at, rem) {
			if (nla->nla_type == NLMSGERR_ATTR_MSG)
				printf(", message \"%s\"", (char *)(nla + 1));
			else if (nla->nla_type == NLMSGERR_ATTR_MISS_TYPE)
				printf(", missing attribute %u", *(uint32_t *)(nla + 1));
			else if (nla->nla_type == NLMSGERR_ATTR_OFFS)
				printf(", offset %u", *(uint32_t *)(nla + 1));
		}
	}
	printf("\n");
}

/* Prints the attributes of a nlws message; returns how many it had. */
static int print_nlws(const char *what, struct nlmsghdr *h)
{
	struct genlmsghdr *g = NLMSG_DATA(h);
	struct nlattr *nla;
	int rem, n = 0;

	printf("%s: cmd %u", what, g->cmd);
	for_each_attr(nla, (char *)g + GENL_HDRLEN, (int)(h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN)), rem) {
		n++;
		switch (nla->nla_type) {
		case NLWS_ATTR_MSG:
			printf(", NLWS_ATTR_MSG \"%.*s\"", nla->nla_len - NLA_HDRLEN, (char *)(nla + 1));
			break;
		case NLWS_ATTR_COUNT:
			printf(", NLWS_ATTR_COUNT %u", *(uint32_t *)(nla + 1));
			break;
		case NLWS_ATTR_PORT:
			printf(", NLWS_ATTR_PORT %u", *(uint32_t *)(nla + 1));
			break;
		default:
			printf(", attribute %u", nla->nla_type);
		}
	}
	printf("\n");
	return n;
}

/* CTRL_CMD_GETFAMILY: the family's id and, if asked, a group's id (0: none). */
static uint16_t resolve(int fd, const char *group, uint32_t *group_id)
{
	unsigned char req[256];
	struct nlattr *nla, *grp, *f;
	int len, n, rem, rem2, rem3;
	uint16_t id = 0;

	len = put(req, NLMSG_LENGTH(GENL_HDRLEN), CTRL_ATTR_FAMILY_NAME,
		  NLWS_GENL_NAME, sizeof(NLWS_GENL_NAME));
	send_request(fd, req, len, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	n = recv_wait(fd, 5000);
	if (n < (int)NLMSG_HDRLEN) {
		printf("no answer from the genl controller\n");
		exit(1);
	}
	if (((struct nlmsghdr *)buf)->nlmsg_type == NLMSG_ERROR) {
		printf("family \"%s\": ", NLWS_GENL_NAME);
		print_error((void *)buf);
		exit(1);
	}
	*group_id = 0;
	for_each_attr(nla, buf + NLMSG_LENGTH(GENL_HDRLEN), n - (int)NLMSG_LENGTH(GENL_HDRLEN), rem) {
		if (nla->nla_type == CTRL_ATTR_FAMILY_ID)
			id = *(uint16_t *)(nla + 1);
		if (nla->nla_type != (NLA_F_NESTED | CTRL_ATTR_MCAST_GROUPS) &&
		    nla->nla_type != CTRL_ATTR_MCAST_GROUPS)
			continue;
		for_each_attr(grp, nla + 1, nla->nla_len - NLA_HDRLEN, rem2) {
			uint32_t gid = 0;
			int match = 0;

			for_each_attr(f, grp + 1, grp->nla_len - NLA_HDRLEN, rem3) {
				if (f->nla_type == CTRL_ATTR_MCAST_GRP_ID)
					gid = *(uint32_t *)(f + 1);
				if (f->nla_type == CTRL_ATTR_MCAST_GRP_NAME && group &&
				    !strcmp((char *)(f + 1), group))
					match = 1;
			}
			if (match)
				*group_id = gid;
		}
	}
	printf("family \"%s\": id %u", NLWS_GENL_NAME, id);
	if (group)
		printf(", group \"%s\": id %u", group, *group_id);
	printf("\n");
	return id;
}

/* One request; prints every answer; returns 0 when it got @want replies and no error. */
static int converse(int fd, unsigned char *req, int len, uint16_t family, uint8_t cmd,
		    uint16_t flags, int want)
{
	int n, replies = 0, done = 0, failed = 0;

	send_request(fd, req, len, family, cmd, NLWS_GENL_VERSION, flags | NLM_F_ACK);
	while (!done && (n = recv_wait(fd, 5000)) > 0) {
		struct nlmsghdr *h;

		for (h = (void *)buf; NLMSG_OK(h, (unsigned int)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE) {
				printf("done%s\n", h->nlmsg_flags & NLM_F_DUMP_INTR ? " (NLM_F_DUMP_INTR)" : "");
				/* A dump ends here: netlink sends no ACK after NLMSG_DONE. */
				done = 1;
			} else if (h->nlmsg_type == NLMSG_ERROR) {
				if (((struct nlmsgerr *)NLMSG_DATA(h))->error) {
					print_error(h);
					failed = 1;
				} else {
					printf("ack: 0\n");
				}
				done = 1;
			} else if (h->nlmsg_type == family) {
				print_nlws(h->nlmsg_flags & NLM_F_MULTI ? "entry" : "reply", h);
				replies++;
			}
		}
	}
	if (!done)
		printf("no answer within 5 s\n");
	return !done || failed || (want >= 0 && replies != want);
}

int main(int argc, char **argv)
{
	unsigned char req[512];
	uint32_t port, group;
	uint16_t family;
	const char *text;
	int fd, len;

	if (argc < 2) {
		fprintf(stderr, "usage: nlws_client hello [TEXT] | refuse | events N TEXT | dump | dump-and-leave | sleepy FILE\n");
		return 2;
	}
	fd = open_socket(&port);
	printf("uid %u, port %u\n", (unsigned int)getuid(), port);
	family = resolve(fd, strcmp(argv[1], "events") && strcmp(argv[1], "sleepy") ?
			 NULL : NLWS_MCGRP_EVENTS, &group);
	len = NLMSG_LENGTH(GENL_HDRLEN);
	if (!strcmp(argv[1], "hello")) {
		text = argc > 2 ? argv[2] : "Hello from C";
		len = put(req, len, NLWS_ATTR_MSG, text, strlen(text) + 1);
		return converse(fd, req, len, family, NLWS_CMD_HELLO, 0, 1);
	}
	if (!strcmp(argv[1], "refuse"))
		return !converse(fd, req, len, family, NLWS_CMD_HELLO, 0, 0);
	if (!strcmp(argv[1], "dump"))
		return converse(fd, req, len, family, NLWS_CMD_LIST, NLM_F_DUMP, -1);
	if (!strcmp(argv[1], "dump-and-leave")) {
		send_request(fd, req, len, family, NLWS_CMD_LIST, NLWS_GENL_VERSION, NLM_F_DUMP);
		printf("read %d bytes of the dump, leaving\n", recv_wait(fd, 5000));
		return 0;	/* exit closes the socket in the middle of the dump */
	}
	if (!strcmp(argv[1], "sleepy") && argc == 3) {
		int waited, events = 0, enobufs = 0, n;

		if (!group || setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
					 sizeof(group)) < 0) {
			printf("cannot join \"%s\"\n", NLWS_MCGRP_EVENTS);
			return 1;
		}
		printf("joined \"%s\"; reading nothing\n", NLWS_MCGRP_EVENTS);
		fflush(stdout);
		for (waited = 0; access(argv[2], F_OK) && waited < 6000; waited++)
			poll(NULL, 0, 50);
		for (;;) {
			n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
			if (n < 0 && errno == ENOBUFS) {
				enobufs++;
				continue;
			}
			if (n <= 0)
				break;
			events++;
		}
		printf("sleepy: %d events queued, ENOBUFS %s\n", events, enobufs ? "seen" : "not seen");
		return 0;
	}
	if (!strcmp(argv[1], "events") && argc == 4) {
		int want = atoi(argv[2]), got = 0, other, n;
		uint32_t other_port;

		if (!group) {
			printf("the family has no group \"%s\"\n", NLWS_MCGRP_EVENTS);
			return 1;
		}
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0) {
			printf("NETLINK_ADD_MEMBERSHIP %u: %s\n", group, strerror(errno));
			return 1;
		}
		printf("joined \"%s\"\n", NLWS_MCGRP_EVENTS);
		other = open_socket(&other_port);
		printf("saying hello from port %u\n", other_port);
		len = put(req, len, NLWS_ATTR_MSG, argv[3], strlen(argv[3]) + 1);
		if (converse(other, req, len, family, NLWS_CMD_HELLO, 0, 1))
			return 1;
		while (got < want && (n = recv_wait(fd, 5000)) > 0) {
			struct nlmsghdr *h;

			for (h = (void *)buf; NLMSG_OK(h, (unsigned int)n); h = NLMSG_NEXT(h, n))
				if (h->nlmsg_type == family &&
				    ((struct genlmsghdr *)NLMSG_DATA(h))->cmd == NLWS_CMD_EVENT) {
					print_nlws("event", h);
					got++;
				}
		}
		printf("%d of %d events\n", got, want);
		return got == want ? 0 : 1;
	}
	fprintf(stderr, "usage: nlws_client hello [TEXT] | refuse | events N TEXT | dump | dump-and-leave | sleepy FILE\n");
	return 2;
}
