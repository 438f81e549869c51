#!/usr/bin/python3
# route_noop_pyroute2.py - `./workshop bench` host-noop with pyroute2 (Debian's
# python3-pyroute2; run it with /usr/bin/python3): NLMSG_NOOP with NLM_F_ACK on
# NETLINK_ROUTE, each ack checked. It reads a number of round trips per line
# from stdin and prints the nanoseconds they took on the clock and on this
# thread's CPU clock, like the C contenders (bench/src/c/bench.h).
import sys
import time

from pyroute2.netlink import (NETLINK_ROUTE, NLM_F_ACK, NLM_F_REQUEST,
                              NLMSG_ERROR, NLMSG_NOOP, nlmsg)
from pyroute2.netlink.nlsocket import NetlinkSocket


def round_trip(sock, seq):
    sock.put(nlmsg(), NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, msg_seq=seq)
    # get() raises NetlinkError when the ack carries an error.
    answer = list(sock.get(msg_seq=seq))
    header = answer[0]['header']
    if (len(answer) != 1 or header['type'] != NLMSG_ERROR
            or header['sequence_number'] != seq or header['error'] is not None):
        sys.exit('route_noop_pyroute2: bad ack for seq %d: %r' % (seq, header))


def main():
    sock = NetlinkSocket(NETLINK_ROUTE)
    sock.bind()
    seq = 0
    for line in sys.stdin:
        wall = time.perf_counter_ns()
        cpu = time.thread_time_ns()
        for _ in range(int(line)):
            seq += 1
            round_trip(sock, seq)
        cpu = time.thread_time_ns() - cpu
        print(time.perf_counter_ns() - wall, cpu, flush=True)
    sock.close()


main()
