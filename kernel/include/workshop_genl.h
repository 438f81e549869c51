/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * workshop_genl.h - the contract of Part 2: the attributes our messages
 * carry (chapter 11 on) and the Generic Netlink family "nlws" (chapter 12
 * on). Independent clients are written against these names; the Java side
 * has its own copy of each value, and a test (GenlContractTest) proves they
 * agree.
 */
#ifndef _WORKSHOP_GENL_H
#define _WORKSHOP_GENL_H

/* The family's name, as CTRL_CMD_GETFAMILY and `genl ctrl list` show it. */
#define NLWS_GENL_NAME		"nlws"
#define NLWS_GENL_VERSION	1

/* The family's one multicast group (chapter 13 on). */
#define NLWS_MCGRP_EVENTS	"events"

/* Commands: genlmsghdr.cmd. 0 is left unused, as every family does. */
enum nlws_cmd {
	NLWS_CMD_UNSPEC,
	NLWS_CMD_HELLO,		/* user -> kernel and back: a hello */
	NLWS_CMD_EVENT,		/* kernel -> "events": someone said hello */
	NLWS_CMD_LIST,		/* dump: the remembered hellos */
	NLWS_CMD_STATS,		/* user -> kernel and back: the counters, nested */
	__NLWS_CMD_MAX,
};

#define NLWS_CMD_MAX		(__NLWS_CMD_MAX - 1)

/* Attributes: nlattr.nla_type. 0 is never a valid attribute type. */
enum nlws_attr {
	NLWS_ATTR_UNSPEC,
	NLWS_ATTR_MSG,		/* NUL-terminated string, NUL included */
	NLWS_ATTR_COUNT,	/* u32: hellos served so far */
	NLWS_ATTR_PORT,		/* u32: the port id a hello came from */
	NLWS_ATTR_STATS,	/* nest of NLWS_STATS_*: the family's counters */
	__NLWS_ATTR_MAX,
};

#define NLWS_ATTR_MAX		(__NLWS_ATTR_MAX - 1)

/* The attributes inside NLWS_ATTR_STATS: types of their own, from 1 again. */
enum nlws_stats_attr {
	NLWS_STATS_UNSPEC,
	NLWS_STATS_HELLOS,	/* u32: hellos served so far */
	NLWS_STATS_LAST_PORT,	/* u32: the port of the last hello, 0 before one */
	__NLWS_STATS_MAX,
};

#define NLWS_STATS_MAX		(__NLWS_STATS_MAX - 1)

/* The longest NLWS_ATTR_MSG, NUL included. */
#define NLWS_MSG_MAX		256

#endif /* _WORKSHOP_GENL_H */
