// SPDX-License-Identifier: GPL-2.0
/*
 * attrfuzz.c - malformed attributes against chapter 11's module (protocol
 * 31) or the genl family "nlws" (chapters 12 on), and the answers counted.
 *
 * Usage: attrfuzz 31|genl ROUNDS SEED
 * Each request carries NLM_F_ACK, so the kernel answers each with exactly
 * one NLMSG_ERROR: negative for a refusal, 0 after a reply. Prints a line per
 * shape, "fuzz: N datagrams, M mismatches", and exits 1 on any mismatch.
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
#include "workshop_netlink.h"

#define BUF 65536

static int fd, genl;
static uint16_t msg_type;
static uint32_t seq;
static unsigned char req[BUF], ans[BUF], first_reply[BUF];

static void die(const char *what)
{
	perror(what);
	exit(2);
}

/* Appends an attribute with a raw nla_len (which may lie) and @len value bytes. */
static int put_raw(int at, uint16_t nla_len, uint16_t type, const void *val, int len)
{
	struct nlattr *nla = (void *)(req + at);

	nla->nla_len = nla_len;
	nla->nla_type = type;
	memcpy(nla + 1, val, len);
	memset(req + at + NLA_HDRLEN + len, 0, NLA_ALIGN(len) - len);
	return at + NLA_HDRLEN + NLA_ALIGN(len);
}

static int put(int at, uint16_t type, const void *val, int len)
{
	return put_raw(at, NLA_HDRLEN + len, type, val, len);
}

/* Writes the headers; returns where the attributes start. */
static int start(uint8_t cmd)
{
	int at = NLMSG_HDRLEN;

	memset(req, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	if (genl) {
		struct genlmsghdr *g = (void *)(req + at);

		g->cmd = cmd;
		g->version = NLWS_GENL_VERSION;
		at += GENL_HDRLEN;
	}
	return at;
}

/* Sends req[0..len) as one message; returns the error the kernel answered, counting replies. */
static int exchange(int len, uint16_t flags, int *replies)
{
	struct nlmsghdr *nlh = (void *)req;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct pollfd p = { .fd = fd, .events = POLLIN };

	nlh->nlmsg_len = len;
	nlh->nlmsg_type = msg_type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++seq;
	nlh->nlmsg_pid = 0;
	if (sendto(fd, req, NLMSG_ALIGN(len), 0, (void *)&kernel, sizeof(kernel)) < 0)
		die("sendto");
	*replies = 0;
	while (poll(&p, 1, 5000) == 1) {
		int n = recv(fd, ans, sizeof(ans), 0);
		struct nlmsghdr *h;

		if (n < 0)
			die("recv");
		for (h = (void *)ans; NLMSG_OK(h, (unsigned int)n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(h))->error;
			if (!(*replies)++)
				memcpy(first_reply, h, h->nlmsg_len);
		}
	}
	return 1;	/* no answer: a mismatch in every shape */
}

static uint16_t resolve(const char *name)
{
	int at = NLMSG_HDRLEN, replies, err;
	struct genlmsghdr *g = (void *)(req + at);
	struct nlmsghdr *h = (void *)first_reply;
	struct nlattr *nla;
	int rem;

	memset(req, 0, 64);
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	at = put(at + GENL_HDRLEN, CTRL_ATTR_FAMILY_NAME, name, strlen(name) + 1);
	msg_type = GENL_ID_CTRL;
	err = exchange(at, 0, &replies);
	if (err || !replies) {
		fprintf(stderr, "attrfuzz: no genl family \"%s\" (%d)\n", name, err);
		exit(2);
	}
	rem = h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	for (nla = (void *)((char *)NLMSG_DATA(h) + GENL_HDRLEN); rem >= (int)sizeof(*nla) &&
	     nla->nla_len >= sizeof(*nla) && nla->nla_len <= rem;
	     rem -= NLA_ALIGN(nla->nla_len), nla = (void *)((char *)nla + NLA_ALIGN(nla->nla_len)))
		if (nla->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)(nla + 1);
	fprintf(stderr, "attrfuzz: no CTRL_ATTR_FAMILY_ID\n");
	exit(2);
}

/* Builds one request of @shape; returns its length and whether it is valid. */
static int build(const char *shape, int *valid)
{
	unsigned char junk[2048];
	const char hello[] = "Hello Kernel";
	uint32_t u32 = 7;
	int at = start(NLWS_CMD_HELLO), i, n;

	*valid = 0;
	for (i = 0; i < (int)sizeof(junk); i++)
		junk[i] = rand();
	if (!strcmp(shape, "nla_len-below-header")) {
		at = put(at, NLWS_ATTR_MSG, hello, sizeof(hello));
		at = put_raw(at, rand() % NLA_HDRLEN, NLWS_ATTR_COUNT, &u32, 4);
	} else if (!strcmp(shape, "nla_len-beyond-message")) {
		at = put(at, NLWS_ATTR_MSG, hello, sizeof(hello));
		at = put_raw(at, 9 + rand() % 4000, NLWS_ATTR_COUNT, &u32, 4);
	} else if (!strcmp(shape, "unknown-type")) {
		at = put(at, NLWS_ATTR_MSG, hello, sizeof(hello));
		/*
		 * 0, or a type above NLWS_ATTR_MAX within the 14 type bits.
		 * NLA_TYPE_MASK is an int (~0xc000, negative): masked to 16 bits
		 * it is 0x3fff. A value with a flag bit would not be unknown:
		 * nla_type() drops NLA_F_NESTED and NLA_F_NET_BYTEORDER, so
		 * 0x4001 is NLWS_ATTR_MSG again.
		 */
		n = rand() % 2 ? 0 : NLWS_ATTR_MAX + 1 + rand() % ((NLA_TYPE_MASK & 0xffff) - NLWS_ATTR_MAX);
		at = put(at, n, &u32, 4);
	} else if (!strcmp(shape, "u32-wrong-length")) {
		n = rand() % 17;
		if (n == 4)
			n = 5;
		at = put(at, NLWS_ATTR_MSG, hello, sizeof(hello));
		at = put(at, NLWS_ATTR_COUNT, junk, n);
	} else if (!strcmp(shape, "string-without-nul")) {
		memset(junk, 'x', sizeof(junk));
		at = put(at, NLWS_ATTR_MSG, junk, 1 + rand() % 300);
	} else if (!strcmp(shape, "string-too-long")) {
		memset(junk, 'x', sizeof(junk));
		n = NLWS_MSG_MAX + 1 + rand() % 1500;
		junk[n - 1] = '\0';
		at = put(at, NLWS_ATTR_MSG, junk, n);
	} else if (!strcmp(shape, "empty-string")) {
		at = put(at, NLWS_ATTR_MSG, junk, 0);
	} else if (!strcmp(shape, "bad-nesting")) {
		/* A nest where the policy wants a string, holding lying attributes. */
		int nest = at;

		at = put_raw(at + NLA_HDRLEN, 4 + rand() % 64, NLWS_ATTR_MSG, junk, 12);
		((struct nlattr *)(req + nest))->nla_len = at - nest;
		((struct nlattr *)(req + nest))->nla_type = NLA_F_NESTED | NLWS_ATTR_MSG;
	} else if (!strcmp(shape, "missing-msg")) {
		at = put(at, NLWS_ATTR_PORT, &u32, 4);
	} else if (!strcmp(shape, "trailing-bytes")) {
		at = put(at, NLWS_ATTR_MSG, hello, sizeof(hello));
		memcpy(req + at, junk, 3);
		at += 1 + rand() % 3;
	} else if (!strcmp(shape, "genl-short-header")) {
		at = NLMSG_HDRLEN + rand() % GENL_HDRLEN;
	} else if (!strcmp(shape, "genl-unknown-cmd")) {
		req[NLMSG_HDRLEN] = NLWS_CMD_MAX + 1 + rand() % (255 - NLWS_CMD_MAX);
		at = put(at, NLWS_ATTR_MSG, hello, sizeof(hello));
	} else if (!strcmp(shape, "genl-reserved-set")) {
		((struct genlmsghdr *)(req + NLMSG_HDRLEN))->reserved = 1 + rand() % 0xfffe;
		at = put(at, NLWS_ATTR_MSG, hello, sizeof(hello));
	} else if (!strcmp(shape, "random-attributes")) {
		/* Random bytes after the headers: any answer is fine, but exactly one. */
		n = rand() % 512;
		memcpy(req + at, junk, n);
		at += n;
		*valid = -1;
	} else if (!strcmp(shape, "valid")) {
		at = put(at, NLWS_ATTR_MSG, hello, sizeof(hello));
		at = put(at, NLWS_ATTR_PORT, &u32, 4);
		*valid = 1;
	} else {
		fprintf(stderr, "attrfuzz: unknown shape %s\n", shape);
		exit(2);
	}
	return at;
}

int main(int argc, char **argv)
{
	static const char *const shapes[] = {
		"nla_len-below-header", "nla_len-beyond-message", "unknown-type",
		"u32-wrong-length", "string-without-nul", "string-too-long",
		"empty-string", "bad-nesting", "missing-msg", "trailing-bytes",
		"genl-short-header", "genl-unknown-cmd", "genl-reserved-set",
		"random-attributes", "valid",
	};
	struct sockaddr_nl me = { .nl_family = AF_NETLINK };
	int rounds, total = 0, mismatches = 0, one = 1;
	unsigned int s;

	if (argc != 4) {
		fprintf(stderr, "usage: attrfuzz 31|genl ROUNDS SEED\n");
		return 2;
	}
	genl = !strcmp(argv[1], "genl");
	rounds = atoi(argv[2]);
	srand(strtoul(argv[3], NULL, 0));
	fd = socket(AF_NETLINK, SOCK_RAW, genl ? NETLINK_GENERIC : NETLINK_WORKSHOP);
	if (fd < 0 || bind(fd, (void *)&me, sizeof(me)) < 0)
		die("socket/bind");
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	msg_type = genl ? resolve(NLWS_GENL_NAME) : WORKSHOP_MSG_HELLO;

	for (s = 0; s < sizeof(shapes) / sizeof(shapes[0]); s++) {
		int i, refused = 0, answered = 0, replies_total = 0, bad = 0;

		if (!genl && !strncmp(shapes[s], "genl-", 5))
			continue;
		for (i = 0; i < rounds; i++) {
			int valid, replies, len = build(shapes[s], &valid), err;

			err = exchange(len, 0, &replies);
			replies_total += replies;
			if (err <= 0)
				answered++;
			if (err < 0)
				refused++;
			if (err > 0 || (valid == 0 && (err >= 0 || replies)) ||
			    (valid == 1 && (err || replies != 1)) ||
			    (valid == -1 && (err < 0) == (replies == 1)))
				bad++;
		}
		printf("shape %s: %d requests, %d answered, %d refused, %d replies, %d mismatches\n",
		       shapes[s], rounds, answered, refused, replies_total, bad);
		total += rounds;
		mismatches += bad;
	}
	printf("fuzz: %d requests, %d mismatches\n", total, mismatches);
	close(fd);
	return mismatches ? 1 : 0;
}
