/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * workshop_netlink.h - the one place that names our netlink protocol and
 * message types. The kernel stages include it; the Java side has its own
 * copy of each number, and a test (ProtocolHeaderTest) proves they agree.
 */
#ifndef _WORKSHOP_NETLINK_H
#define _WORKSHOP_NETLINK_H

/*
 * Our own netlink protocol. Netlink has MAX_LINKS (32) protocol slots,
 * numbered 0 to 31, so 31 is the highest one there is. Debian's kernel
 * leaves it unused.
 */
#define NETLINK_WORKSHOP	31

/*
 * Message types. Types below NLMSG_MIN_TYPE (0x10) are netlink's own
 * control messages (NOOP, ERROR, DONE, OVERRUN): netlink_rcv_skb() never
 * hands them to a family, so our types start at 0x10.
 */
#define WORKSHOP_MSG_HELLO	0x10	/* user -> kernel: "Hello Kernel" */
#define WORKSHOP_MSG_REPLY	0x11	/* kernel -> user: "Hello Userspace" */

/* The longest request payload the module accepts, NUL included. */
#define WORKSHOP_PAYLOAD_MAX	256

#endif /* _WORKSHOP_NETLINK_H */
