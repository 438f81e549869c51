/* SPDX-License-Identifier: GPL-2.0 */
/*
 * batch.h - the C side of the batch comparisons of `./workshop bench`, doing
 * what the kit's RequestBatch does: @k requests back to back in one
 * sendmsg(2) (netlink_rcv_skb() handles each message of the datagram), the
 * answers read with recvmmsg(2) and MSG_WAITFORONE, each matched to its
 * request by sequence number and checked.
 */
#ifndef BATCH_H
#define BATCH_H

#define _GNU_SOURCE		/* recvmmsg(), struct mmsghdr */
#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#define BATCH_MAX	64
#define BATCH_SLOT	1024

/* Checks one answer; returns 0 when it is right. */
typedef int (*batch_check)(const struct nlmsghdr *nlh);

struct batch {
	int fd;
	unsigned int k;
	size_t space;		/* one request, NLMSG_ALIGNed */
	batch_check check;
	struct sockaddr_nl kernel;
	struct iovec out_iov;
	struct msghdr out;
	unsigned char done[BATCH_MAX];
	struct sockaddr_nl from[BATCH_MAX];
	struct iovec in_iov[BATCH_MAX];
	struct mmsghdr in[BATCH_MAX];
	unsigned int slots[BATCH_MAX][BATCH_SLOT / 4];
	unsigned int reqs[BATCH_MAX * BATCH_SLOT / 4];
};

/*
 * Fills @b with @k copies of the request @req (@len bytes, a whole nlmsghdr
 * and payload) on the bound socket @fd.
 */
static inline int batch_init(struct batch *b, int fd, unsigned int k, const void *req, size_t len,
		      batch_check check)
{
	unsigned int i;

	if (k > BATCH_MAX || NLMSG_ALIGN(len) > BATCH_SLOT)
		return -1;
	b->fd = fd;
	b->k = k;
	b->space = NLMSG_ALIGN(len);
	b->check = check;
	for (i = 0; i < k; i++)
		memcpy((char *)b->reqs + i * b->space, req, len);
	b->kernel.nl_family = AF_NETLINK;
	b->out_iov = (struct iovec){ b->reqs, k * b->space };
	b->out = (struct msghdr){ .msg_name = &b->kernel, .msg_namelen = sizeof(b->kernel),
				  .msg_iov = &b->out_iov, .msg_iovlen = 1 };
	for (i = 0; i < k; i++) {
		b->in_iov[i] = (struct iovec){ b->slots[i], BATCH_SLOT };
		b->in[i].msg_hdr = (struct msghdr){ .msg_name = &b->from[i],
						    .msg_iov = &b->in_iov[i], .msg_iovlen = 1 };
	}
	return 0;
}

static inline int batch_exchange(void *ctx, unsigned int first_seq)
{
	struct batch *b = ctx;
	unsigned int i, pending = b->k, index;
	const struct nlmsghdr *nlh;
	int n, j, len;

	for (i = 0; i < b->k; i++) {
		((struct nlmsghdr *)((char *)b->reqs + i * b->space))->nlmsg_seq = first_seq + i;
		b->done[i] = 0;
	}
	if (sendmsg(b->fd, &b->out, 0) < 0) {
		perror("sendmsg");
		return -1;
	}
	while (pending) {
		for (i = 0; i < b->k; i++)
			b->in[i].msg_hdr.msg_namelen = sizeof(b->from[i]);
		n = recvmmsg(b->fd, b->in, b->k, MSG_WAITFORONE | MSG_TRUNC, NULL);
		if (n < 0) {
			perror("recvmmsg");
			return -1;
		}
		for (j = 0; j < n; j++) {
			if (b->in[j].msg_hdr.msg_flags & MSG_TRUNC) {
				fprintf(stderr, "batch: an answer was cut to %d bytes\n", BATCH_SLOT);
				return -1;
			}
			if (b->from[j].nl_pid != 0)
				continue;
			len = b->in[j].msg_len;
			for (nlh = (struct nlmsghdr *)b->slots[j]; NLMSG_OK(nlh, len);
			     nlh = NLMSG_NEXT(nlh, len)) {
				index = nlh->nlmsg_seq - first_seq;
				if (index >= b->k || b->done[index])
					continue;
				if (b->check(nlh)) {
					fprintf(stderr, "batch: bad answer for seq %u: type %u\n",
						nlh->nlmsg_seq, nlh->nlmsg_type);
					return -1;
				}
				b->done[index] = 1;
				pending--;
			}
		}
	}
	return 0;
}

#endif /* BATCH_H */
