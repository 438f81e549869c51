// SPDX-License-Identifier: GPL-2.0
/*
 * getppid.c - `./workshop bench`'s system-call floor: the cheapest system
 * call there is, getppid(2), called through syscall(2) so that no C library
 * can answer it from a cache. A netlink round trip makes two system calls;
 * this shows what entering and leaving the kernel alone costs here.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>	/* SYS_getppid */
#include <unistd.h>		/* syscall() */

#include "bench.h"

static int getppid_call(void *ctx, unsigned int seq)
{
	(void)ctx;
	(void)seq;
	return syscall(SYS_getppid) > 0 ? 0 : -1;
}

int main(void)
{
	return bench_serve(getppid_call, NULL);
}
