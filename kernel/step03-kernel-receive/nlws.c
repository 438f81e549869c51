// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - stage 3: receive a message safely and log who sent it.
 *
 * netlink_rcv_skb() walks the datagram, drops malformed headers, skips
 * control messages and answers errors and NLM_F_ACK for us; nlws_handle()
 * sees one well-formed request at a time and checks its payload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netlink.h>	/* MAX_LINKS, struct netlink_kernel_cfg */
#include <linux/string.h>	/* memchr(), strlen() */
#include <net/net_namespace.h>	/* init_net: the namespace our socket lives in */
#include <net/netlink.h>	/* netlink_rcv_skb(), nlmsg_data(), nlmsg_len() */
#include <net/sock.h>		/* netlink_kernel_create() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, shared with userspace */

static struct sock *nlws_sock;

/* Handles one request; a negative errno goes back as an NLMSG_ERROR. */
static int nlws_handle(struct sk_buff *skb, struct nlmsghdr *nlh,
		       struct netlink_ext_ack *extack)
{
	/* Set by the kernel from the sending socket: it cannot be forged. */
	u32 portid = NETLINK_CB(skb).portid;
	const char *payload = nlmsg_data(nlh);
	int len = nlmsg_len(nlh);

	if (nlh->nlmsg_type != WORKSHOP_MSG_HELLO) {
		NL_SET_ERR_MSG(extack, "nlws: unknown message type");
		return -EOPNOTSUPP;
	}
	/* TODO 2: refuse a payload that is empty, too long, or has no NUL: -EINVAL */
	/* HINT 2: len is nlmsg_len(nlh), the payload's size; WORKSHOP_PAYLOAD_MAX is the limit */
	/* HINT 2: memchr(payload, '\0', len) finds the NUL */
	/* HINT 2: NL_SET_ERR_MSG(extack, "...") says why it was refused */
	if (len < 1 || len > WORKSHOP_PAYLOAD_MAX || !memchr(payload, '\0', len)) {
		NL_SET_ERR_MSG(extack, "nlws: payload must be a NUL-terminated string");
		return -EINVAL;
	}
	/* END TODO 2 */

	/* Rate-limited: any local user may send, and must not flood the log. */
	pr_info_ratelimited("received \"%*pE\" from port %u\n",
			    (int)strlen(payload), payload, portid);
	return 0;
}

/* Netlink calls this for every datagram sent to our socket. */
static void nlws_input(struct sk_buff *skb)
{
	/* TODO 1: hand the datagram to netlink, which calls nlws_handle() per request */
	/* HINT 1: netlink_rcv_skb(skb, handler) checks each header */
	/* HINT 1: then calls handler(skb, nlh, extack) once per request */
	/* HINT 1: it answers errors and NLM_F_ACK: netlink_rcv_skb(skb, nlws_handle) */
	netlink_rcv_skb(skb, nlws_handle);
	/* END TODO 1 */
}

static int __init nlws_init(void)
{
	struct netlink_kernel_cfg cfg = {
		.input = nlws_input,
	};

	BUILD_BUG_ON(NETLINK_WORKSHOP < 0 || NETLINK_WORKSHOP >= MAX_LINKS);

	nlws_sock = netlink_kernel_create(&init_net, NETLINK_WORKSHOP, &cfg);
	if (!nlws_sock) {
		pr_err("cannot create a socket on protocol %d: is it taken?\n",
		       NETLINK_WORKSHOP);
		return -ENOMEM;
	}
	pr_info("netlink socket ready on protocol %d\n", NETLINK_WORKSHOP);
	return 0;
}

/*
 * No module_exit() yet: the socket would outlive our code, so the kernel
 * refuses rmmod until stage 5 adds an exit function that releases it.
 */
module_init(nlws_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink workshop stage 3: receiving a message");
