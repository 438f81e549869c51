// SPDX-License-Identifier: GPL-2.0
/*
 * nlws.c - chapter 12: chapter 11's module as a Generic Netlink family.
 *
 * Instead of claiming protocol 31, the module registers the family "nlws"
 * with the genl controller (nlctrl) on NETLINK_GENERIC. The controller picks
 * the family's id, which userspace asks for by name (CTRL_CMD_GETFAMILY).
 * Generic Netlink parses the attributes against the family's policy before
 * calling the command's handler, so nlws_hello() only reads them.
 * NLWS_CMD_STATS answers with the counters inside one nested attribute.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>	/* atomic_t, the hello counter */
#include <linux/module.h>
#include <linux/string.h>	/* strlen() */
#include <net/genetlink.h>	/* genl_register_family(), genlmsg_*() */
#include <net/netlink.h>	/* nla_put_*(), struct nla_policy */

#include "workshop_genl.h"	/* NLWS_GENL_NAME, NLWS_CMD_*, NLWS_ATTR_* */

static atomic_t nlws_hellos = ATOMIC_INIT(0);
static atomic_t nlws_last_port = ATOMIC_INIT(0);

static const char nlws_reply_text[] = "Hello Userspace";

/* Chapter 11's policy, now the family's: genl checks it for every command. */
static const struct nla_policy nlws_policy[NLWS_ATTR_MAX + 1] = {
	[NLWS_ATTR_MSG] = { .type = NLA_NUL_STRING, .len = NLWS_MSG_MAX - 1 },
	[NLWS_ATTR_COUNT] = { .type = NLA_U32 },
	[NLWS_ATTR_PORT] = { .type = NLA_U32 },
};

static struct genl_family nlws_family;

/* NLWS_CMD_HELLO: answers with NLWS_ATTR_MSG "Hello Userspace" and the count. */
static int nlws_hello(struct sk_buff *skb, struct genl_info *info)
{
	const char *text;
	struct sk_buff *out;
	void *hdr = NULL;
	u32 count;

	if (GENL_REQ_ATTR_CHECK(info, NLWS_ATTR_MSG)) {
		GENL_SET_ERR_MSG(info, "nlws: a hello needs NLWS_ATTR_MSG");
		return -EINVAL;
	}
	text = nla_data(info->attrs[NLWS_ATTR_MSG]);
	count = atomic_inc_return(&nlws_hellos);
	atomic_set(&nlws_last_port, info->snd_portid);
	/* info->snd_portid is the sender's real port, set by the kernel. */
	pr_info_ratelimited("received \"%*pE\" from port %u\n",
			    (int)strlen(text), text, info->snd_portid);

	out = genlmsg_new(nla_total_size(sizeof(nlws_reply_text)) +
			  nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	/* TODO 1: put the generic netlink header of a NLWS_CMD_HELLO reply */
	/* HINT 1: genlmsg_put_reply(out, info, &family, user header size, cmd) */
	hdr = genlmsg_put_reply(out, info, &nlws_family, 0, NLWS_CMD_HELLO);
	/* END TODO 1 */
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
	return genlmsg_reply(out, info);
}

/*
 * NLWS_CMD_STATS: answers with one NLWS_ATTR_STATS nest that holds
 * NLWS_STATS_HELLOS and NLWS_STATS_LAST_PORT, types counted inside the nest.
 */
static int nlws_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest;
	struct sk_buff *out;
	void *hdr;

	out = genlmsg_new(nla_total_size(2 * nla_total_size(sizeof(u32))),
			  GFP_KERNEL);
	if (!out)
		return -ENOMEM;
	hdr = genlmsg_put_reply(out, info, &nlws_family, 0, NLWS_CMD_STATS);
	if (!hdr)
		goto free_out;
	/* The nest's header, with NLA_F_NESTED; its nla_len is set at the end. */
	nest = nla_nest_start(out, NLWS_ATTR_STATS);
	if (!nest ||
	    nla_put_u32(out, NLWS_STATS_HELLOS, atomic_read(&nlws_hellos)) ||
	    nla_put_u32(out, NLWS_STATS_LAST_PORT,
			atomic_read(&nlws_last_port)))
		goto free_out;
	/* nla_len now covers the header and the two attributes put since. */
	nla_nest_end(out, nest);
	genlmsg_end(out, hdr);
	return genlmsg_reply(out, info);

free_out:
	nlmsg_free(out);
	return -EMSGSIZE;
}

/* Commands without GENL_ADMIN_PERM in .flags: any user may send them. */
static const struct genl_small_ops nlws_ops[] = {
	{
		.cmd = NLWS_CMD_HELLO,
		.doit = nlws_hello,
	},
	{
		.cmd = NLWS_CMD_STATS,
		.doit = nlws_stats,
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
MODULE_DESCRIPTION("Netlink workshop chapter 12: the Generic Netlink family nlws");
