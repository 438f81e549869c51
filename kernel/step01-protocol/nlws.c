// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - stage 1: pick the netlink protocol number both sides will use.
 *
 * The module only checks and logs the number. No socket exists yet, so a
 * userspace socket(AF_NETLINK, SOCK_RAW, 31) still fails.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netlink.h>	/* MAX_LINKS: how many protocol slots exist */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, shared with userspace */

static int __init nlws_init(void)
{
	/* TODO 1: refuse to build with a number outside 0..MAX_LINKS-1, and log it */
	/* HINT 1: BUILD_BUG_ON(condition) stops the build when condition is true */
	/* HINT 1: MAX_LINKS is in linux/netlink.h: the last protocol is MAX_LINKS - 1 */
	/* HINT 1: pr_info("protocol %d chosen (valid range 0..%d), no socket yet\n", ...) */
	/* A number outside 0..MAX_LINKS-1 can never get a socket: refuse to build. */
	BUILD_BUG_ON(NETLINK_WORKSHOP < 0 || NETLINK_WORKSHOP >= MAX_LINKS);

	pr_info("protocol %d chosen (valid range 0..%d), no socket yet\n",
		NETLINK_WORKSHOP, MAX_LINKS - 1);
	/* END TODO 1 */
	return 0;
}

static void __exit nlws_exit(void)
{
	pr_info("unloaded\n");
}

module_init(nlws_init);
module_exit(nlws_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink workshop stage 1: the protocol number");
