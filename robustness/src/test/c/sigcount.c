// SPDX-License-Identifier: GPL-2.0
/*
 * sigcount.c - a shared library that lets a Java test interrupt a thread
 * blocked in recvmsg(2): a counting handler installed without SA_RESTART
 * (so the blocked call fails with EINTR), and pthread_kill(3) to aim the
 * signal at one thread. The handler is C: a signal handler must not run Java.
 */
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t sigcount_hits;

static void sigcount_handler(int sig)
{
	(void)sig;
	sigcount_hits++;
}

/* Installs the counting handler for @sig; returns 1 if @sig had a handler already, -1 on error. */
int sigcount_install(int sig)
{
	struct sigaction sa, old;

	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: interrupted calls fail with EINTR */
	sa.sa_handler = sigcount_handler;
	if (sigaction(sig, &sa, &old) < 0)
		return -1;
	return old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN;
}

/* How many signals the handler has caught. */
int sigcount_hits_so_far(void)
{
	return sigcount_hits;
}

/* The calling thread, for sigcount_kill(). */
unsigned long sigcount_self(void)
{
	return (unsigned long)pthread_self();
}

/* The calling thread's kernel id, to find it in /proc/self/task. */
long sigcount_tid(void)
{
	return syscall(SYS_gettid);
}

/* Sends @sig to @thread only. */
int sigcount_kill(unsigned long thread, int sig)
{
	return pthread_kill((pthread_t)thread, sig);
}
