package netlink.workshop;

import java.util.List;
import java.util.Map;

/**
 * GenlFamily is what the controller says about one Generic Netlink family
 * (its CTRL_CMD_NEWFAMILY answer, decoded).
 *
 * @param name       CTRL_ATTR_FAMILY_NAME
 * @param id         CTRL_ATTR_FAMILY_ID: the nlmsg_type of the family's messages, picked at registration
 * @param version    CTRL_ATTR_VERSION
 * @param headerSize CTRL_ATTR_HDRSIZE: the family's own header after genlmsghdr (0 for most)
 * @param maxAttr    CTRL_ATTR_MAXATTR
 * @param commands   CTRL_ATTR_OPS: each command number and its CTRL_ATTR_OP_FLAGS
 * @param groups     CTRL_ATTR_MCAST_GROUPS: each group's name and id
 */
public record GenlFamily(String name, int id, int version, int headerSize, int maxAttr,
        Map<Integer, Integer> commands, Map<String, Integer> groups) {
    /**
     * Returns the id of multicast group {@code group}, the number for NETLINK_ADD_MEMBERSHIP.
     *
     * @throws NetlinkException naming the groups there are when the family has no such group
     */
    public int group(String group) throws NetlinkException {
        Integer groupId = groups.get(group);
        if (groupId == null) {
            throw new NetlinkException("the multicast group \"" + group + "\" of family \"" + name + "\"",
                    Errno.ENOENT, groups.isEmpty() ? "the family has no multicast groups: this module registers"
                    + " none (chapter 13's module adds \"events\")" : "the family's groups are " + groups.keySet());
        }
        return groupId;
    }

    /** Returns the command numbers, in order. */
    public List<Integer> commandList() {
        return commands.keySet().stream().sorted().toList();
    }
}
