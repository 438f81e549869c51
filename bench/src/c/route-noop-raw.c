// SPDX-License-Identifier: GPL-2.0
/*
 * route-noop-raw.c - the C floor of `./workshop bench` host-noop: NLMSG_NOOP
 * with NLM_F_ACK on NETLINK_ROUTE, one round trip at a time, with the same
 * calls as the Java client (route-noop.h), each ack checked.
 */
#include "route-noop.h"
#include "bench.h"

int main(void)
{
	static struct noop n;

	if (noop_open(&n))
		return 1;
	return bench_serve(noop_round_trip, &n);
}
