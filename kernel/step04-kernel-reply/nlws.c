// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - stage 4: answer "Hello Userspace" to the port that asked.
 *
 * The reply goes to NETLINK_CB(skb).portid, the sender's real port, never
 * to nlmsg_pid, a number the sender writes and may forge.
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
	/* TODO 1: build "Hello Userspace" (NUL included) in a new message, unicast it to @portid */
	/* HINT 1: out = nlmsg_new(size, GFP_KERNEL) allocates the message */
	/* HINT 1: nlmsg_put(out, portid, seq, type, size, 0) adds the header */
	/* HINT 1: type WORKSHOP_MSG_REPLY, seq req->nlmsg_seq; memcpy() to nlmsg_data() */
	/* HINT 1: nlmsg_unicast(sk, out, portid) sends (and frees); nlmsg_free() */
	/* HINT 1: frees it yourself when nlmsg_put() fails */
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
	/* END TODO 1 */
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
	/* TODO 2: answer with nlws_reply(), through skb->sk, to the sender's real port */
	/* HINT 2: the port the request came from is NETLINK_CB(skb).portid: portid above */
	/* HINT 2: not nlh->nlmsg_pid: the sender writes it and can forge it (0 is the kernel) */
	/*
	 * skb->sk is our kernel socket, as netlink_ack() uses it. Not nlws_sock:
	 * a request can arrive before netlink_kernel_create() has returned it.
	 */
	return nlws_reply(skb->sk, nlh, portid);
	/* END TODO 2 */
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

/*
 * No module_exit() yet: the socket would outlive our code, so the kernel
 * refuses rmmod until stage 5 adds an exit function that releases it.
 */
module_init(nlws_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink workshop stage 4: the reply");
