/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bench.h - the loop every C contender of `./workshop bench` shares: read a
 * number of round trips from stdin, do them, print the nanoseconds they took:
 * on the clock, and on this thread's CPU clock (user and system time).
 * The Java bench drives the contenders this way, so that their rounds take
 * turns with its own and share the machine's noise.
 */
#ifndef BENCH_H
#define BENCH_H

#include <stdio.h>
#include <time.h>	/* clock_gettime() */

/* One request and its answer, checked; returns 0, or -1 after saying why. */
typedef int (*bench_round_trip)(void *ctx, unsigned int seq);

static inline long long bench_ns(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Serves rounds until stdin ends; returns the program's exit status. */
static inline int bench_serve(bench_round_trip round_trip, void *ctx)
{
	unsigned int seq = 0;
	long long wall, cpu;
	long count, i;

	while (scanf("%ld", &count) == 1) {
		wall = bench_ns(CLOCK_MONOTONIC);
		cpu = bench_ns(CLOCK_THREAD_CPUTIME_ID);
		for (i = 0; i < count; i++)
			if (round_trip(ctx, ++seq))
				return 1;
		cpu = bench_ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
		printf("%lld %lld\n", bench_ns(CLOCK_MONOTONIC) - wall, cpu);
		fflush(stdout);
	}
	return 0;
}

/* A batch of requests, numbered from @first_seq, and their answers, checked. */
typedef int (*bench_batch)(void *ctx, unsigned int first_seq);

/*
 * Like bench_serve(), for contenders that send @k requests at a time: a
 * count of requests (a multiple of @k) is served as count / k batches.
 */
static inline int bench_serve_batches(bench_batch batch, void *ctx, unsigned int k)
{
	unsigned int seq = 1;
	long long wall, cpu;
	long count, i;

	while (scanf("%ld", &count) == 1) {
		wall = bench_ns(CLOCK_MONOTONIC);
		cpu = bench_ns(CLOCK_THREAD_CPUTIME_ID);
		for (i = 0; i + k <= count; i += k, seq += k)
			if (batch(ctx, seq))
				return 1;
		cpu = bench_ns(CLOCK_THREAD_CPUTIME_ID) - cpu;
		printf("%lld %lld\n", bench_ns(CLOCK_MONOTONIC) - wall, cpu);
		fflush(stdout);
	}
	return 0;
}

#endif /* BENCH_H */
