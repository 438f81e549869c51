// SPDX-License-Identifier: GPL-2.0
/*
 * seed_forged_pid.c - the seed lesson's reply logic, kept as a warning: it
 * answers to nlh->nlmsg_pid, a number the sender writes itself.
 *
 * One message whose nlmsg_pid is 0 crashes the kernel. Port 0 is this
 * module's own kernel socket, so the reply comes straight back into
 * seed_input(), which replies to port 0 again, and again, until the kernel
 * stack overflows. Load it only in the embedded VM:
 *
 *   ./workshop vm --module kernel/pitfalls/seed-forged-pid --param crash_demo=1 -- CMD
 *
 * It refuses to load without crash_demo=1. The fix is stage 4's: reply to
 * NETLINK_CB(skb).portid, which the kernel sets. See docs/en/security.md.
 * The seed's other pitfalls (no length check, return -10) are fixed here, so
 * that the forged port is the only thing wrong.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/net_namespace.h>	/* init_net */
#include <net/netlink.h>	/* nlmsg_new(), nlmsg_put(), nlmsg_unicast() */
#include <net/sock.h>		/* netlink_kernel_create() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP */

static bool seed_crash_demo;
module_param_named(crash_demo, seed_crash_demo, bool, 0444);
MODULE_PARM_DESC(crash_demo, "must be 1: one message can crash the kernel");

static struct sock *seed_sock;

static void seed_input(struct sk_buff *skb)
{
	static const char text[] = "Hello Userspace";
	struct nlmsghdr *nlh;
	struct sk_buff *out;
	u32 pid;

	if (skb->len < NLMSG_HDRLEN)
		return;
	nlh = nlmsg_hdr(skb);
	/* THE PITFALL: the sender wrote this number; 0 names our own socket. */
	pid = nlh->nlmsg_pid;

	out = nlmsg_new(sizeof(text), GFP_KERNEL);
	if (!out)
		return;
	/* Like the seed, the reply claims port 0 too: each round trips again. */
	nlh = nlmsg_put(out, 0, 0, NLMSG_DONE, sizeof(text), 0);
	if (!nlh) {
		nlmsg_free(out);
		return;
	}
	memcpy(nlmsg_data(nlh), text, sizeof(text));
	nlmsg_unicast(seed_sock, out, pid);
}

static int __init seed_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = seed_input,
	};

	if (!seed_crash_demo) {
		pr_err("refusing to load: one message crashes the kernel; in the embedded VM only, add crash_demo=1\n");
		return -EPERM;
	}
	seed_sock = netlink_kernel_create(&init_net, NETLINK_WORKSHOP, &cfg);
	if (!seed_sock)
		return -ENOMEM;
	pr_warn("loaded: replies go to nlmsg_pid, so nlmsg_pid 0 crashes the kernel\n");
	return 0;
}

static void __exit seed_exit(void)
{
	netlink_kernel_release(seed_sock);
}

module_init(seed_init);
module_exit(seed_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink workshop pitfall: replying to the forgeable nlmsg_pid");
