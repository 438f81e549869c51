// SPDX-License-Identifier: GPL-2.0
/*
 * libnlbench.c - a shared library the Java bench calls through JNA, to take
 * the ladder of `./workshop bench` apart: the same round trip as
 * route-noop-raw.c (route-noop.h), entered from Java once per round trip
 * (nlb_noop_round_trip) or once for a whole loop (nlb_noop_loop: what the
 * JVM's presence alone costs, with one JNA call per round of thousands).
 */
#include "route-noop.h"

static struct noop nlb_noop;

/* Opens the socket; returns its descriptor, or -1. */
int nlb_noop_open(void)
{
	return noop_open(&nlb_noop) ? -1 : nlb_noop.fd;
}

/* One round trip with sequence number @seq; 0, or -1 after saying why. */
int nlb_noop_round_trip(unsigned int seq)
{
	return noop_round_trip(&nlb_noop, seq);
}

/* @count round trips numbered from @first_seq; 0, or -1. */
int nlb_noop_loop(unsigned int first_seq, int count)
{
	int i;

	for (i = 0; i < count; i++)
		if (noop_round_trip(&nlb_noop, first_seq + i))
			return -1;
	return 0;
}
