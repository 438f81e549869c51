// SPDX-License-Identifier: GPL-2.0
/*
 * nl_example.c - the seed lesson's kernel module, copied unchanged below this
 * comment, for SeedForgedPidIT only. Do not learn from it: it replies to the
 * forgeable nlmsg_pid, reads the payload without checking its length, and
 * returns -10 (ECHILD) from init. The workshop's stages fix all three.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <net/sock.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>

#define NETLINK_USER_PROTOCOL 31

static struct sock *nl_sk = NULL;

static void nl_recv_msg(struct sk_buff *skb) {
    struct nlmsghdr *nlh;
    int pid;
    struct sk_buff *skb_out;
    char *msg_payload;
    char *msg_to_user = "Hello Userspace";
    int res;

    printk(KERN_INFO "Entering: %s\n", __FUNCTION__);

    nlh = (struct nlmsghdr *)skb->data;
    msg_payload = (char *)nlmsg_data(nlh);
    printk(KERN_INFO "Netlink received msg payload: %s\n", msg_payload);
    pid = nlh->nlmsg_pid; // PID ของ userspace process

    skb_out = nlmsg_new(strlen(msg_to_user), 0);
    if (!skb_out) {
        printk(KERN_ERR "Failed to allocate new skb\n");
        return;
    }

    nlh = nlmsg_put(skb_out, 0, 0, NLMSG_DONE, strlen(msg_to_user), 0);
    strncpy(nlmsg_data(nlh), msg_to_user, strlen(msg_to_user));

    res = nlmsg_unicast(nl_sk, skb_out, pid);
    if (res < 0)
        printk(KERN_INFO "Error while sending back to user\n");
}

static int __init nl_example_init(void) {
    printk("Initializing Netlink Example Module\n");
    struct netlink_kernel_cfg cfg = {
        .input = nl_recv_msg,
    };
    nl_sk = netlink_kernel_create(&init_net, NETLINK_USER_PROTOCOL, &cfg);
    if (!nl_sk) {
        printk(KERN_ALERT "Error creating socket.\n");
        return -10;
    }
    return 0;
}

static void __exit nl_example_exit(void) {
    printk(KERN_INFO "Exiting Netlink Example Module\n");
    netlink_kernel_release(nl_sk);
}

module_init(nl_example_init);
module_exit(nl_example_exit);

MODULE_LICENSE("GPL");
