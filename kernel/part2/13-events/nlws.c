// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - chapter 13: chapter 12's family, announcing each hello.
 *
 * The family gains a multicast group, "events". After answering a hello,
 * the module sends an NLWS_CMD_EVENT to the group with genlmsg_multicast():
 * every socket that joined it (NETLINK_ADD_MEMBERSHIP) gets a copy, carrying
 * the sender's port (NLWS_ATTR_PORT) and what it said (NLWS_ATTR_MSG). The
 * controller tells userspace the group's id, as it tells the family's.
 * A hello with NLM_F_ECHO also gets its event back on its own socket.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>	/* atomic_t, the hello counter */
#include <linux/module.h>
#include <linux/string.h>	/* strlen() */
#include <net/genetlink.h>	/* genl_register_family(), genlmsg_*() */
#include <net/netlink.h>	/* nla_put_*(), struct nla_policy */

#include "workshop_genl.h"	/* NLWS_GENL_NAME, NLWS_CMD_*, NLWS_ATTR_* */

static atomic_t nlws_hellos = ATOMIC_INIT(0);

static const char nlws_reply_text[] = "Hello Userspace";

/* Chapter 11's policy, now the family's: genl checks it for every command. */
static const struct nla_policy nlws_policy[NLWS_ATTR_MAX + 1] = {
	[NLWS_ATTR_MSG] = { .type = NLA_NUL_STRING, .len = NLWS_MSG_MAX - 1 },
	[NLWS_ATTR_COUNT] = { .type = NLA_U32 },
	[NLWS_ATTR_PORT] = { .type = NLA_U32 },
};

/* The family's multicast groups; genl numbers them from the index here. */
enum nlws_group {
	NLWS_GROUP_EVENTS,
};

/*
 * No .flags: any user may join. With .flags = GENL_MCAST_CAP_NET_ADMIN,
 * genl_bind() would refuse a joiner without CAP_NET_ADMIN (EPERM).
 */
static const struct genl_multicast_group nlws_mcgrps[] = {
	[NLWS_GROUP_EVENTS] = { .name = NLWS_MCGRP_EVENTS },
};

static struct genl_family nlws_family;

/*
 * Tells the "events" group that @portid said @text. Nobody may be listening:
 * then genl_has_listeners() saves building the message at all, unless the
 * hello carried NLM_F_ECHO (nlmsg_report()): its sender wants a copy too.
 */
static void nlws_notify(struct genl_info *info, const char *text)
{
	bool echo = nlmsg_report(info->nlhdr);
	struct sk_buff *event;
	void *hdr;

	if (!echo && !genl_has_listeners(&nlws_family, genl_info_net(info),
					 NLWS_GROUP_EVENTS))
		return;
	event = genlmsg_new(nla_total_size(strlen(text) + 1) +
			    nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!event)
		return;
	/*
	 * Port 0 and seq 0, our choice: this event answers no one request.
	 * An echoed event carries the request's, so that its sender can match it.
	 */
	hdr = genlmsg_put(event, echo ? info->snd_portid : 0,
			  echo ? info->snd_seq : 0, &nlws_family, 0,
			  NLWS_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(event, NLWS_ATTR_PORT, info->snd_portid) ||
	    nla_put_string(event, NLWS_ATTR_MSG, text)) {
		nlmsg_free(event);
		return;
	}
	genlmsg_end(event, hdr);
	if (echo) {
		/*
		 * genl_notify() sends to the group without the sender's port,
		 * then to that port alone (nlmsg_notify()): one copy each.
		 * genl itself does nothing with NLM_F_ECHO; a family honours it.
		 */
		genl_notify(&nlws_family, event, info, NLWS_GROUP_EVENTS,
			    GFP_KERNEL);
		return;
	}
	/* TODO 1: send the event to the family's "events" group */
	/* HINT 1: genlmsg_multicast(&family, skb, 0, group index, GFP_KERNEL) */
	/* HINT 1: it consumes the skb, whatever it returns */
	/* HINT 1: it returns -ESRCH when nobody listens: not an error for us */
	genlmsg_multicast(&nlws_family, event, 0, NLWS_GROUP_EVENTS,
			  GFP_KERNEL);
	/* END TODO 1 */
}

/* NLWS_CMD_HELLO: answers with NLWS_ATTR_MSG "Hello Userspace" and the count. */
static int nlws_hello(struct sk_buff *skb, struct genl_info *info)
{
	const char *text;
	struct sk_buff *out;
	void *hdr = NULL;
	u32 count;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, NLWS_ATTR_MSG)) {
		GENL_SET_ERR_MSG(info, "nlws: a hello needs NLWS_ATTR_MSG");
		return -EINVAL;
	}
	text = nla_data(info->attrs[NLWS_ATTR_MSG]);
	count = atomic_inc_return(&nlws_hellos);
	/* info->snd_portid is the sender's real port, set by the kernel. */
	pr_info_ratelimited("received \"%*pE\" from port %u\n",
			    (int)strlen(text), text, info->snd_portid);

	out = genlmsg_new(nla_total_size(sizeof(nlws_reply_text)) +
			  nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	hdr = genlmsg_put_reply(out, info, &nlws_family, 0, NLWS_CMD_HELLO);
	if (!hdr ||
	    nla_put_string(out, NLWS_ATTR_MSG, nlws_reply_text) ||
	    nla_put_u32(out, NLWS_ATTR_COUNT, count)) {
		nlmsg_free(out);
		return -EMSGSIZE;
	}
	genlmsg_end(out, hdr);
	pr_info_ratelimited("sent \"%s\" (hello number %u) to port %u\n",
			    nlws_reply_text, count, info->snd_portid);
	/* Consumes @out; sends it to info->snd_portid. */
	err = genlmsg_reply(out, info);
	if (err)
		return err;
	/* After the reply: the event cannot reach a subscriber before it. */
	nlws_notify(info, text);
	return 0;
}

/* Commands without GENL_ADMIN_PERM in .flags: any user may send them. */
static const struct genl_small_ops nlws_ops[] = {
	{
		.cmd = NLWS_CMD_HELLO,
		.doit = nlws_hello,
	},
};

/* The family: genl_register_family() gives it an id; userspace finds it by name. */
static struct genl_family nlws_family __ro_after_init = {
	.name = NLWS_GENL_NAME,
	.version = NLWS_GENL_VERSION,
	.maxattr = NLWS_ATTR_MAX,
	.policy = nlws_policy,
	.module = THIS_MODULE,
	.small_ops = nlws_ops,
	.n_small_ops = ARRAY_SIZE(nlws_ops),
	.mcgrps = nlws_mcgrps,
	.n_mcgrps = ARRAY_SIZE(nlws_mcgrps),
};

static int __init nlws_init(void)
{
	int err;

	err = genl_register_family(&nlws_family);
	if (err) {
		pr_err("cannot register the genl family \"%s\": %d\n",
		       NLWS_GENL_NAME, err);
		return err;
	}
	pr_info("genl family \"%s\" registered with id %d\n",
		nlws_family.name, nlws_family.id);
	return 0;
}

static void __exit nlws_exit(void)
{
	/* After this, genl calls none of our handlers: the code may go. */
	genl_unregister_family(&nlws_family);
	pr_info("genl family unregistered, module unloaded\n");
}

module_init(nlws_init);
module_exit(nlws_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Netlink workshop chapter 13: multicast events");
