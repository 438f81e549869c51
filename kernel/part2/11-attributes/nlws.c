// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - chapter 11: stage 10's module, speaking attributes.
 *
 * The hello's payload is no longer a bare string but a list of attributes
 * (struct nlattr: length, type, value, padded to NLA_ALIGNTO). The module
 * checks them against a policy with nlmsg_parse(), which is strict: an
 * unknown attribute, a wrong length or trailing bytes are refused, and the
 * refusal names the offending attribute in the extended ACK. The reply
 * carries NLWS_ATTR_MSG and NLWS_ATTR_COUNT, written with nla_put_*().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>	/* atomic_t, the hello counter */
#include <linux/capability.h>	/* CAP_NET_ADMIN, for admin_only */
#include <linux/module.h>
#include <linux/netlink.h>	/* MAX_LINKS, struct netlink_kernel_cfg */
#include <linux/string.h>	/* strlen() */
#include <net/net_namespace.h>	/* init_net: the namespace our socket lives in */
#include <net/netlink.h>	/* nlmsg_parse(), nla_put_*(), struct nla_policy */
#include <net/sock.h>		/* netlink_kernel_create() */

#include "workshop_genl.h"	/* NLWS_ATTR_*: the attributes, shared with userspace */
#include "workshop_netlink.h"	/* NETLINK_WORKSHOP, WORKSHOP_MSG_* */

static bool nlws_admin_only;
module_param_named(admin_only, nlws_admin_only, bool, 0444);
MODULE_PARM_DESC(admin_only, "accept requests only from CAP_NET_ADMIN senders");

static struct sock *nlws_sock;
static atomic_t nlws_hellos = ATOMIC_INIT(0);

static const char nlws_reply_text[] = "Hello Userspace";

/*
 * What each attribute must look like. nlmsg_parse() checks every attribute
 * of a request against this table before nlws_handle() sees any of them.
 */
static const struct nla_policy nlws_policy[NLWS_ATTR_MAX + 1] = {
	/* TODO 1: NLWS_ATTR_MSG: a NUL-terminated string, NLWS_MSG_MAX bytes at most */
	/* HINT 1: .type = NLA_NUL_STRING; .len counts the characters, not the NUL */
	[NLWS_ATTR_MSG] = { .type = NLA_NUL_STRING, .len = NLWS_MSG_MAX - 1 },
	/* END TODO 1 */
	[NLWS_ATTR_COUNT] = { .type = NLA_U32 },
	[NLWS_ATTR_PORT] = { .type = NLA_U32 },
};

/*
 * Sends the reply to @portid: NLWS_ATTR_MSG "Hello Userspace" and
 * NLWS_ATTR_COUNT @count, through @sk, the socket the request arrived on.
 */
static int nlws_reply(struct sock *sk, const struct nlmsghdr *req, u32 portid,
		      u32 count)
{
	struct nlmsghdr *nlh;
	struct sk_buff *out;
	int err;

	out = nlmsg_new(nla_total_size(sizeof(nlws_reply_text)) +
			nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!out)
		return -ENOMEM;

	/* An empty payload for now: each nla_put_*() below makes it longer. */
	nlh = nlmsg_put(out, portid, req->nlmsg_seq, WORKSHOP_MSG_REPLY, 0, 0);
	if (!nlh)
		goto too_small;
	/* TODO 2: put NLWS_ATTR_MSG (the text) and NLWS_ATTR_COUNT (count) */
	/* HINT 2: nla_put_string() and nla_put_u32(); non-zero means out is full */
	if (nla_put_string(out, NLWS_ATTR_MSG, nlws_reply_text) ||
	    nla_put_u32(out, NLWS_ATTR_COUNT, count))
		goto too_small;
	/* END TODO 2 */
	/* Sets nlmsg_len to everything put since nlmsg_put(). */
	nlmsg_end(out, nlh);

	/* Consumes @out, even on failure. */
	err = nlmsg_unicast(sk, out, portid);
	if (err)
		return err;
	pr_info_ratelimited("sent \"%s\" (hello number %u) to port %u\n",
			    nlws_reply_text, count, portid);
	return 0;

too_small:
	nlmsg_free(out);
	return -EMSGSIZE;
}

/* Handles one request; a negative errno goes back as an NLMSG_ERROR. */
static int nlws_handle(struct sk_buff *skb, struct nlmsghdr *nlh,
		       struct netlink_ext_ack *extack)
{
	/* Set by the kernel from the sending socket: it cannot be forged. */
	u32 portid = NETLINK_CB(skb).portid;
	struct nlattr *tb[NLWS_ATTR_MAX + 1];
	const char *text;
	int err;

	if (nlh->nlmsg_type != WORKSHOP_MSG_HELLO) {
		NL_SET_ERR_MSG(extack, "nlws: unknown message type");
		return -EOPNOTSUPP;
	}
	if (nlws_admin_only && !netlink_capable(skb, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG(extack, "nlws: admin_only is set: CAP_NET_ADMIN needed");
		return -EPERM;
	}
	/*
	 * No family header (0), then attributes up to NLWS_ATTR_MAX. Strict:
	 * on any policy violation this fills in @extack and fails.
	 */
	err = nlmsg_parse(nlh, 0, tb, NLWS_ATTR_MAX, nlws_policy, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, NULL, tb, NLWS_ATTR_MSG)) {
		NL_SET_ERR_MSG(extack, "nlws: a hello needs NLWS_ATTR_MSG");
		return -EINVAL;
	}
	text = nla_data(tb[NLWS_ATTR_MSG]);

	/* Rate-limited: any local user may send, and must not flood the log. */
	pr_info_ratelimited("received \"%*pE\" from port %u\n",
			    (int)strlen(text), text, portid);
	/*
	 * skb->sk is our kernel socket, as netlink_ack() uses it. Not nlws_sock:
	 * a request can arrive before netlink_kernel_create() has returned it.
	 */
	return nlws_reply(skb->sk, nlh, portid,
			  atomic_inc_return(&nlws_hellos));
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
	pr_info("netlink socket ready on protocol %d, speaking attributes\n",
		NETLINK_WORKSHOP);
	return 0;
}

static void __exit nlws_exit(void)
{
	/* After this, no message can reach nlws_input(): the code may go. */
	netlink_kernel_release(nlws_sock);
	pr_info("socket released, module unloaded\n");
}

module_init(nlws_init);
module_exit(nlws_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink workshop chapter 11: attributes");
