// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - chapter 14: chapter 13's family, remembering and listing.
 *
 * The module remembers the last NLWS_REMEMBERED hellos (who and what), and
 * NLWS_CMD_LIST with NLM_F_DUMP lists them: netlink calls nlws_list() again
 * and again, each time with a fresh skb to fill, until it adds nothing; each
 * entry is one NLM_F_MULTI message, and netlink ends the dump with
 * NLMSG_DONE. When the list changes between two of those calls, the first
 * message built after the change carries NLM_F_DUMP_INTR (only that one,
 * unless the list changes again): a client that saw it anywhere in the dump
 * should dump again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>	/* atomic_t, the hello counter */
#include <linux/module.h>
#include <linux/mutex.h>	/* the remembered hellos' lock */
#include <linux/string.h>	/* strlen() */
#include <net/genetlink.h>	/* genl_register_family(), genlmsg_*() */
#include <net/netlink.h>	/* nla_put_*(), struct nla_policy */

#include "workshop_genl.h"	/* NLWS_GENL_NAME, NLWS_CMD_*, NLWS_ATTR_* */

static atomic_t nlws_hellos = ATOMIC_INIT(0);

static const char nlws_reply_text[] = "Hello Userspace";

/* How many hellos the module remembers for NLWS_CMD_LIST. */
#define NLWS_REMEMBERED 16

struct nlws_seen {
	u32 port;
	char msg[NLWS_MSG_MAX];
};

/*
 * A ring of the last hellos: hello number n (from 1) is in slot
 * (n - 1) % NLWS_REMEMBERED while n > nlws_seen_total - NLWS_REMEMBERED.
 * nlws_generation changes with every hello; it is never 0, which
 * nl_dump_check_consistent() reserves.
 */
static DEFINE_MUTEX(nlws_seen_lock);
static struct nlws_seen nlws_seen_ring[NLWS_REMEMBERED];
static u32 nlws_seen_total;
static unsigned int nlws_generation = 1;

static struct genl_family nlws_family;

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

/*
 * Tells the "events" group that @portid said @text. Nobody may be listening:
 * then genl_has_listeners() saves building the message at all.
 */
static void nlws_notify(struct genl_info *info, const char *text)
{
	struct sk_buff *event;
	void *hdr;

	if (!genl_has_listeners(&nlws_family, genl_info_net(info),
				NLWS_GROUP_EVENTS))
		return;
	event = genlmsg_new(nla_total_size(strlen(text) + 1) +
			    nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!event)
		return;
	/* Port 0 and seq 0, our choice: this event answers no one request. */
	hdr = genlmsg_put(event, 0, 0, &nlws_family, 0, NLWS_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(event, NLWS_ATTR_PORT, info->snd_portid) ||
	    nla_put_string(event, NLWS_ATTR_MSG, text)) {
		nlmsg_free(event);
		return;
	}
	genlmsg_end(event, hdr);
	/* Consumes @event; -ESRCH (nobody listens) is not an error here. */
	genlmsg_multicast(&nlws_family, event, 0, NLWS_GROUP_EVENTS,
			  GFP_KERNEL);
}

/* Remembers that @port said @text, for NLWS_CMD_LIST. */
static void nlws_remember(u32 port, const char *text)
{
	struct nlws_seen *slot;

	mutex_lock(&nlws_seen_lock);
	slot = &nlws_seen_ring[nlws_seen_total % NLWS_REMEMBERED];
	slot->port = port;
	strscpy(slot->msg, text, sizeof(slot->msg));
	nlws_seen_total++;
	if (++nlws_generation == 0)
		nlws_generation = 1;
	mutex_unlock(&nlws_seen_lock);
}

/* Puts remembered hello number @n, in @slot, as one message of a dump. */
static int nlws_put_seen(struct sk_buff *skb, struct netlink_callback *cb,
			 u32 n, const struct nlws_seen *slot)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &nlws_family, NLM_F_MULTI, NLWS_CMD_LIST);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, NLWS_ATTR_COUNT, n) ||
	    nla_put_u32(skb, NLWS_ATTR_PORT, slot->port) ||
	    nla_put_string(skb, NLWS_ATTR_MSG, slot->msg)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	/* TODO 2: flag the message NLM_F_DUMP_INTR if the list changed during the dump */
	/* HINT 2: nlws_list() sets cb->seq; genl_dump_check_consistent() compares it */
	genl_dump_check_consistent(cb, hdr);
	/* END TODO 2 */
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * NLWS_CMD_LIST's .dumpit: called until it adds nothing to @skb. cb->args[0]
 * keeps, between calls, the number of the next hello to list (0: not begun).
 */
static int nlws_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	u32 oldest, n;

	mutex_lock(&nlws_seen_lock);
	cb->seq = nlws_generation;
	oldest = nlws_seen_total > NLWS_REMEMBERED ?
		 nlws_seen_total - NLWS_REMEMBERED + 1 : 1;
	n = cb->args[0] ? cb->args[0] : oldest;
	/* Entries overwritten since the last call are gone: skip them. */
	if (n < oldest)
		n = oldest;
	/* Each remembered hello from number n on, until skb is full. */
	for (; n <= nlws_seen_total; n++)
		if (nlws_put_seen(skb, cb, n,
				  &nlws_seen_ring[(n - 1) % NLWS_REMEMBERED]))
			break;
	/* Where the next call goes on. */
	cb->args[0] = n;
	mutex_unlock(&nlws_seen_lock);
	/* 0 (nothing added) ends the dump: netlink then sends NLMSG_DONE. */
	return skb->len;
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
	nlws_remember(info->snd_portid, text);
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
	{
		.cmd = NLWS_CMD_LIST,
		.dumpit = nlws_list,
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
MODULE_DESCRIPTION("Netlink workshop chapter 14: dumps");
