// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - stage 2: create the kernel's netlink socket on our protocol.
 *
 * Userspace can now open a socket on protocol 31. Every message that
 * arrives calls nlws_input(), which only logs its size for now.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netlink.h>	/* MAX_LINKS, struct netlink_kernel_cfg */
#include <net/net_namespace.h>	/* init_net: the namespace our socket lives in */
#include <net/sock.h>		/* netlink_kernel_create() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, shared with userspace */

static struct sock *nlws_sock;

/* Netlink calls this for every datagram sent to our socket. */
static void nlws_input(struct sk_buff *skb)
{
	pr_info("message arrived (%u bytes)\n", skb->len);
}

static int __init nlws_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = nlws_input,
	};

	BUILD_BUG_ON(NETLINK_WORKSHOP < 0 || NETLINK_WORKSHOP >= MAX_LINKS);

	/* TODO 1: create the kernel's socket on NETLINK_WORKSHOP; fail when it cannot */
	/* HINT 1: netlink_kernel_create(net, protocol, &cfg) returns the socket, or NULL */
	/* HINT 1: the namespace is &init_net; on NULL, pr_err() why */
	/* HINT 1: check reads these words: "cannot create a socket on protocol %d: is it taken?" */
	/* HINT 1: and return -ENOMEM: the seed's -10 is -ECHILD, "No child processes" */
	nlws_sock = netlink_kernel_create(&init_net, NETLINK_WORKSHOP, &cfg);
	if (!nlws_sock) {
		pr_err("cannot create a socket on protocol %d: is it taken?\n",
		       NETLINK_WORKSHOP);
		return -ENOMEM;
	}
	/* END TODO 1 */
	pr_info("netlink socket ready on protocol %d\n", NETLINK_WORKSHOP);
	return 0;
}

/*
 * No module_exit() yet: the socket would outlive our code, so the kernel
 * refuses rmmod until stage 5 adds an exit function that releases it.
 */
module_init(nlws_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink workshop stage 2: the kernel socket");
