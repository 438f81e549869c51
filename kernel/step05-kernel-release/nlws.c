// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - stage 5: release the socket when the module is unloaded.
 *
 * This is the complete module: create, receive, reply, release. The later
 * stages change only the userspace side; their kernel folders link here.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>	/* CAP_NET_ADMIN, for admin_only */
#include <linux/module.h>
#include <linux/netlink.h>	/* MAX_LINKS, struct netlink_kernel_cfg */
#include <linux/string.h>	/* memchr(), strlen() */
#include <net/net_namespace.h>	/* init_net: the namespace our socket lives in */
#include <net/netlink.h>	/* netlink_rcv_skb(), nlmsg_data(), nlmsg_len() */
#include <net/sock.h>		/* netlink_kernel_create() */

#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, shared with userspace */

static bool nlws_admin_only;
module_param_named(admin_only, nlws_admin_only, bool, 0444);
MODULE_PARM_DESC(admin_only, "accept requests only from CAP_NET_ADMIN senders");

static struct sock *nlws_sock;

static const char nlws_reply_text[] = "Hello Userspace";

/*
 * Sends "Hello Userspace", NUL included, to @portid as a reply to @req,
 * through @sk: the kernel socket the request arrived on.
 */
static int nlws_reply(struct sock *sk, const struct nlmsghdr *req, u32 portid)
{
	struct nlmsghdr *nlh;
	struct sk_buff *out;
	int err;

	out = nlmsg_new(sizeof(nlws_reply_text), GFP_KERNEL);
	if (!out)
		return -ENOMEM;

	nlh = nlmsg_put(out, portid, req->nlmsg_seq, WORKSHOP_MSG_REPLY,
			sizeof(nlws_reply_text), 0);
	if (!nlh) {
		nlmsg_free(out);
		return -EMSGSIZE;
	}
	memcpy(nlmsg_data(nlh), nlws_reply_text, sizeof(nlws_reply_text));

	/* Consumes @out, even on failure. */
	err = nlmsg_unicast(sk, out, portid);
	if (err)
		return err;
	pr_info_ratelimited("sent \"%s\" to port %u\n",
			    nlws_reply_text, portid);
	return 0;
}

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
	if (nlws_admin_only && !netlink_capable(skb, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack, "nlws: admin_only is set: CAP_NET_ADMIN needed");
		return -EPERM;
	}
	if (len < 1 || len > WORKSHOP_PAYLOAD_MAX || !memchr(payload, '\0', len)) {
		NL_SET_ERR_MSG(extack, "nlws: payload must be a NUL-terminated string");
		return -EINVAL;
	}

	/* Rate-limited: any local user may send, and must not flood the log. */
	pr_info_ratelimited("received \"%*pE\" from port %u\n",
			    (int)strlen(payload), payload, portid);
	/*
	 * skb->sk is our kernel socket, as netlink_ack() uses it. Not nlws_sock:
	 * a request can arrive before netlink_kernel_create() has returned it.
	 */
	return nlws_reply(skb->sk, nlh, portid);
}

/* Netlink calls this for every datagram sent to our socket. */
static void nlws_input(struct sk_buff *skb)
{
	netlink_rcv_skb(skb, nlws_handle);
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

/* TODO 1: an exit function that releases the socket, and module_exit() below */
/* HINT 1: without an exit function the kernel refuses rmmod: static void __exit nlws_exit(void) */
/* HINT 1: netlink_kernel_release(nlws_sock), then pr_info("socket released, module unloaded\n") */
/* HINT 1: register it below module_init(): module_exit(nlws_exit); */
static void __exit nlws_exit(void)
{
	/* After this, no message can reach nlws_input(): the code may go. */
	netlink_kernel_release(nlws_sock);
	pr_info("socket released, module unloaded\n");
}

/* END TODO 1 */

module_init(nlws_init);
/* TODO 1: register the exit function */
module_exit(nlws_exit);
/* END TODO 1 */

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink workshop stage 5: the complete module");
