// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz.c - sends the module every bad shape of datagram the issue lists and
 * checks each answer against a model of netlink_rcv_skb() and nlws_handle().
 *
 * Usage: fuzz [COUNT_PER_SHAPE [SEED]]   (defaults: 1200, 1)
 *
 * The kernel handles a datagram in the sender's sendmsg() call, so every
 * answer is queued when sendmsg() returns: after each send the program reads
 * exactly what the model predicts, in order, then checks nothing else came.
 * Prints one line per shape; exits 0 only if every answer matched.
 */
#include "robust.h"

#define BUF_SIZE (64 * 1024)
#define MAX_EXPECT 128

struct expect {
	uint16_t type;		/* WORKSHOP_MSG_REPLY or NLMSG_ERROR */
	int error;		/* for NLMSG_ERROR: 0 or a negative errno */
	uint32_t seq;
};

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 11);
}

static void rnd_bytes(unsigned char *p, size_t n)
{
	while (n--)
		*p++ = (unsigned char)rnd();
}

/*
 * What the module answers to datagram @d of @len bytes: the loop of
 * netlink_rcv_skb() (stop at a lying nlmsg_len, skip non-requests and
 * control types, ack on NLM_F_ACK or error) around nlws_handle().
 */
static int model(const unsigned char *d, size_t len, struct expect *out)
{
	size_t off = 0, msglen;
	int n = 0;

	while (len - off >= NLMSG_HDRLEN && n < MAX_EXPECT - 1) {
		struct nlmsghdr h;
		const unsigned char *payload = d + off + NLMSG_HDRLEN;
		size_t plen;
		int err = 0;

		memcpy(&h, d + off, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || len - off < h.nlmsg_len)
			break;
		plen = h.nlmsg_len - NLMSG_HDRLEN;
		if ((h.nlmsg_flags & NLM_F_REQUEST) &&
		    h.nlmsg_type >= NLMSG_MIN_TYPE) {
			if (h.nlmsg_type != WORKSHOP_MSG_HELLO)
				err = -EOPNOTSUPP;
			else if (plen < 1 || plen > WORKSHOP_PAYLOAD_MAX ||
				 !memchr(payload, '\0', plen))
				err = -EINVAL;
			else
				out[n++] = (struct expect){ WORKSHOP_MSG_REPLY,
							    0, h.nlmsg_seq };
		}
		if ((h.nlmsg_flags & NLM_F_ACK) || err)
			out[n++] = (struct expect){ NLMSG_ERROR, err,
						    h.nlmsg_seq };
		msglen = NLMSG_ALIGN(h.nlmsg_len);
		off += msglen > len - off ? len - off : msglen;
	}
	return n;
}

/* A well-formed message at @d: header, then @plen payload bytes; returns its space. */
static size_t put_msg(unsigned char *d, uint16_t type, uint16_t flags,
		      const void *payload, size_t plen)
{
	struct nlmsghdr h = {
		.nlmsg_len = NLMSG_LENGTH(plen),
		.nlmsg_type = type,
		.nlmsg_flags = flags,
		.nlmsg_seq = rnd(),
		.nlmsg_pid = rnd() % 4 ? 0 : rnd(),
	};

	memcpy(d, &h, sizeof(h));
	memcpy(d + NLMSG_HDRLEN, payload, plen);
	memset(d + NLMSG_LENGTH(plen), 0, NLMSG_ALIGN(plen) - plen);
	return NLMSG_SPACE(plen);
}

static void set_len(unsigned char *d, uint32_t len)
{
	memcpy(d + offsetof(struct nlmsghdr, nlmsg_len), &len, sizeof(len));
}

static uint16_t some_flags(void)
{
	return NLM_F_REQUEST | (rnd() % 2 ? NLM_F_ACK : 0);
}

/* A random payload of up to @max bytes, with or without a NUL. */
static size_t some_payload(unsigned char *p, size_t max)
{
	size_t n = rnd() % (max + 1);

	switch (rnd() % 3) {
	case 0:
		memcpy(p, HELLO_TEXT, sizeof(HELLO_TEXT));
		return sizeof(HELLO_TEXT);
	case 1:
		rnd_bytes(p, n);
		return n;
	default:
		rnd_bytes(p, n);
		if (n)
			p[rnd() % n] = '\0';
		return n;
	}
}

enum shape {
	SHORT, LEN_TOO_BIG, LEN_TOO_SMALL, EMPTY, NO_NUL, HUGE, MULTI_LYING,
	RANDOM_FIELDS, RANDOM_BYTES, SHAPES
};

static const char *const shape_names[SHAPES] = {
	"shorter-than-header", "nlmsg_len-beyond-datagram",
	"nlmsg_len-below-header", "empty-payload", "payload-without-nul",
	"payload-32KiB-or-more", "several-messages-last-lying",
	"random-flags-and-types", "random-bytes",
};

/* Builds one datagram of @shape into @d; returns its length. */
static size_t build(enum shape shape, unsigned char *d)
{
	unsigned char payload[40 * 1024];
	size_t len = 0, plen;
	int i, k;

	switch (shape) {
	case SHORT:
		len = rnd() % NLMSG_HDRLEN;
		rnd_bytes(d, len);
		return len;
	case LEN_TOO_BIG:
		len = put_msg(d, WORKSHOP_MSG_HELLO, some_flags(), HELLO_TEXT,
			      sizeof(HELLO_TEXT));
		set_len(d, rnd() % 2 ? len + 1 + rnd() % 4096 : rnd() | 0x10000);
		return len;
	case LEN_TOO_SMALL:
		len = put_msg(d, WORKSHOP_MSG_HELLO, some_flags(), HELLO_TEXT,
			      sizeof(HELLO_TEXT));
		set_len(d, rnd() % NLMSG_HDRLEN);
		return len;
	case EMPTY:
		return put_msg(d, WORKSHOP_MSG_HELLO, some_flags(), "", 0);
	case NO_NUL:
		plen = 1 + rnd() % 300;
		rnd_bytes(payload, plen);
		for (i = 0; i < (int)plen; i++)
			if (!payload[i])
				payload[i] = 'x';
		return put_msg(d, WORKSHOP_MSG_HELLO, some_flags(), payload,
			       plen);
	case HUGE:
		plen = 32 * 1024 + rnd() % 4096;
		memset(payload, 'A', plen);
		if (rnd() % 2)
			payload[plen - 1] = '\0';
		return put_msg(d, WORKSHOP_MSG_HELLO, some_flags(), payload,
			       plen);
	case MULTI_LYING:
		k = 1 + rnd() % 4;
		for (i = 0; i < k; i++) {
			plen = some_payload(payload, 64);
			len += put_msg(d + len, rnd() % 4 ? WORKSHOP_MSG_HELLO :
				       rnd() % 0x40, some_flags(), payload, plen);
		}
		/* The last one claims more (or less) than is there. */
		plen = some_payload(payload, 64);
		i = (int)len;
		len += put_msg(d + len, WORKSHOP_MSG_HELLO, some_flags(),
			       payload, plen);
		set_len(d + i, rnd() % 3 ? (uint32_t)(len - i) + 1 + rnd() % 512 :
			rnd() % NLMSG_HDRLEN);
		return len;
	case RANDOM_FIELDS:
		plen = some_payload(payload, 300);
		return put_msg(d, rnd() % 2 ? (uint16_t)rnd() : rnd() % 0x20,
			       (uint16_t)rnd(), payload, plen);
	case RANDOM_BYTES:
		len = rnd() % 600;
		rnd_bytes(d, len);
		/* Often make nlmsg_len plausible, so the handler sees the junk. */
		if (len >= NLMSG_HDRLEN && rnd() % 2)
			set_len(d, NLMSG_HDRLEN + rnd() % (len - NLMSG_HDRLEN + 1));
		return len;
	default:
		return 0;
	}
}

static int check(const unsigned char *got, int n, const struct expect *want,
		 uint32_t port, uint32_t from)
{
	const struct nlmsghdr *nlh = (const void *)got;
	int error;

	if (from != 0 || n < NLMSG_HDRLEN || nlh->nlmsg_len != (uint32_t)n ||
	    nlh->nlmsg_type != want->type || nlh->nlmsg_seq != want->seq ||
	    nlh->nlmsg_pid != port)
		return 0;
	if (want->type == WORKSHOP_MSG_REPLY)
		return is_reply(got, n, want->seq, port);
	if (n < (int)NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		return 0;
	memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
	return error == want->error;
}

int main(int argc, char **argv)
{
	static unsigned char out[BUF_SIZE], in[BUF_SIZE];
	struct expect want[MAX_EXPECT];
	long count = argc > 1 ? atol(argv[1]) : 1200;
	long total = 0, bad = 0;
	uint32_t port, from = 0;
	int fd, s, i, n, w, got;

	rng_state = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	rng_state = rng_state * 0x9E3779B97F4A7C15ULL + 1;
	fd = open_bound(&port);
	for (s = 0; s < SHAPES; s++) {
		long replies = 0, acks = 0, errors = 0, silent = 0, refused = 0, c;

		for (c = 0; c < count; c++) {
			size_t len = build(s, out);

			w = model(out, len, want);
			n = send_raw(fd, out, len);
			/* Recent kernels (6.1 here) refuse an empty datagram: ENODATA. */
			if (n == -ENODATA && len == 0)
				refused++;
			else if (n) {
				errno = -n;
				die("sendto");
			}
			for (i = 0; i < w; i++) {
				got = recv_wait(fd, in, sizeof(in), 2000, &from);
				if (got < 0 || !check(in, got, &want[i], port, from)) {
					if (bad++ < 10)
						printf("MISMATCH shape %s answer %d of %d: got %d bytes (type %u), want type %u error %d seq %u\n",
						       shape_names[s], i + 1, w, got,
						       got >= NLMSG_HDRLEN ? ((struct nlmsghdr *)in)->nlmsg_type : 0,
						       want[i].type, want[i].error, want[i].seq);
					break;
				}
				if (want[i].type == WORKSHOP_MSG_REPLY)
					replies++;
				else if (want[i].error)
					errors++;
				else
					acks++;
			}
			/* Nothing beyond what the model predicts. */
			while ((got = recv_wait(fd, in, sizeof(in), 0, &from)) >= 0) {
				if (bad++ < 10)
					printf("UNEXPECTED shape %s: an extra %d-byte answer (type %u)\n",
					       shape_names[s], got,
					       got >= NLMSG_HDRLEN ? ((struct nlmsghdr *)in)->nlmsg_type : 0);
			}
			if (got != -EAGAIN) {
				errno = -got;
				die("recvfrom");
			}
			if (!w)
				silent++;
			total++;
		}
		printf("shape %s: %ld datagrams, %ld replies, %ld acks, %ld errors, %ld ignored (%ld empty ones refused by sendmsg)\n",
		       shape_names[s], count, replies, acks, errors, silent, refused);
	}
	printf("fuzz: %ld datagrams, %ld mismatches\n", total, bad);
	close(fd);
	return bad ? 1 : 0;
}
