// SPDX-License-Identifier: GPL-2.0
/* ext_ack_probe.c - the size of an error answer, plain, with NETLINK_EXT_ACK, with NETLINK_CAP_ACK. */
#include <linux/netlink.h>	/* struct nlmsgerr, NLMSGERR_ATTR_MSG, NETLINK_*_ACK */
#include <stdio.h>		/* printf(), perror() */
#include <stdlib.h>		/* exit(), EXIT_FAILURE */
#include <string.h>		/* memcpy(), strerror() */
#include <sys/socket.h>		/* socket(), setsockopt(), AF_NETLINK */
#include <unistd.h>		/* close() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP */

#ifndef SOL_NETLINK
#define SOL_NETLINK 270		/* linux/socket.h; glibc defines it too */
#endif

static const char hello[] = "Hello Kernel";

/*
 * Opens a socket with @option set (0: none), sends a 29-byte request of the
 * unknown type 0x12, and prints the error answer's size, errno and text.
 */
static void probe(int option, const char *name)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[8192] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	const char *text = NULL;
	struct nlmsgerr *err;
	struct nlattr *nla;
	size_t at;
	ssize_t got;
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_WORKSHOP);
	if (fd < 0) {
		perror("socket");
		exit(EXIT_FAILURE);
	}
	if (option &&
	    setsockopt(fd, SOL_NETLINK, option, &one, sizeof(one)) < 0) {
		perror("setsockopt");
		exit(EXIT_FAILURE);
	}
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(hello));
	nlh->nlmsg_type = WORKSHOP_MSG_REPLY + 1;	/* 0x12: unknown */
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = 1;
	memcpy(NLMSG_DATA(nlh), hello, sizeof(hello));
	if (sendto(fd, buf, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0) {
		perror("sendto");
		exit(EXIT_FAILURE);
	}
	/* The answer is queued when sendto() returns: the handler ran inside it. */
	got = recv(fd, buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
	if (got < 0) {
		perror("recv");
		exit(EXIT_FAILURE);
	}
	if (!NLMSG_OK(nlh, got) || nlh->nlmsg_type != NLMSG_ERROR) {
		printf("%s: %zd bytes, not an NLMSG_ERROR\n", name, got);
		exit(EXIT_FAILURE);
	}
	err = NLMSG_DATA(nlh);
	/* Attributes follow struct nlmsgerr and, unless capped, the request's payload. */
	at = NLMSG_ALIGN(NLMSG_HDRLEN + sizeof(*err) +
			 (nlh->nlmsg_flags & NLM_F_CAPPED ? 0 :
			  err->msg.nlmsg_len - NLMSG_HDRLEN));
	while ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	       at + NLA_HDRLEN <= nlh->nlmsg_len) {
		nla = (struct nlattr *)(buf + at);
		if (nla->nla_len < NLA_HDRLEN || at + nla->nla_len > nlh->nlmsg_len)
			break;
		if ((nla->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG)
			text = (const char *)nla + NLA_HDRLEN;
		at += NLA_ALIGN(nla->nla_len);
	}
	printf("%s: %zd bytes, nlmsg_len %u, error %d (%s)%s%s%s\n", name, got,
	       nlh->nlmsg_len, err->error, strerror(-err->error),
	       text ? ", the kernel says \"" : "", text ? text : "",
	       text ? "\"" : "");
	close(fd);
}

int main(void)
{
	probe(0, "no option");
	probe(NETLINK_EXT_ACK, "NETLINK_EXT_ACK");
	probe(NETLINK_CAP_ACK, "NETLINK_CAP_ACK");
	return 0;
}
