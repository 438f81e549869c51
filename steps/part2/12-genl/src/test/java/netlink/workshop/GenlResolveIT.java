package netlink.workshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netlink.workshop.testkit.Workshop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Family resolution against this machine's own kernel, which answers
 * NETLINK_GENERIC: every family `genl ctrl list` shows must resolve to the
 * same id, version, maxattr and multicast groups. The exercise's TODO 2
 * (sending CTRL_CMD_GETFAMILY) is what these tests check.
 */
@Tag("todo2")
class GenlResolveIT {
    private static final Pattern FAMILY = Pattern.compile(
            "(?m)^Name: (\\S+)\\n\\s+ID: 0x([0-9a-f]+)\\s+Version: 0x([0-9a-f]+)\\s+header size: (\\d+)\\s+max attribs: (\\d+)");
    private static final Pattern GROUP = Pattern.compile("ID-0x([0-9a-f]+)\\s+name: (\\S+)");

    @Test
    void theControllerResolvesItselfWithItsNotifyGroup() throws Exception {
        try (GenericNetlink genl = GenericNetlink.open()) {
            GenlFamily nlctrl = genl.resolve("nlctrl");

            assertThat(nlctrl.id()).as("GENL_ID_CTRL").isEqualTo(Genl.ID_CTRL);
            assertThat(nlctrl.groups()).containsKey("notify");
            assertThat(nlctrl.commands()).containsKey(Genl.CTRL_CMD_GETFAMILY);
            assertThat(nlctrl.commands().get(Genl.CTRL_CMD_GETFAMILY) & Genl.GENL_CMD_CAP_DO).isNotZero();
            assertThat(nlctrl.group("notify")).isEqualTo(nlctrl.groups().get("notify"));
        }
    }

    @Test
    void everyFamilyGenlCtrlListShowsResolvesToTheSameNumbers() throws Exception {
        Workshop.Result list = Workshop.run(new ProcessBuilder("genl", "ctrl", "list"), 60);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        Map<String, String> expected = new LinkedHashMap<>();
        String[] blocks = list.stdout().split("(?m)^(?=Name: )");
        for (String block : blocks) {
            Matcher family = FAMILY.matcher(block);
            if (!family.find()) {
                continue;
            }
            Map<String, Integer> groups = new LinkedHashMap<>();
            Matcher group = GROUP.matcher(block.substring(Math.max(0, block.indexOf("multicast groups:"))));
            while (block.contains("multicast groups:") && group.find()) {
                groups.put(group.group(2), Integer.parseInt(group.group(1), 16));
            }
            expected.put(family.group(1), Integer.parseInt(family.group(2), 16) + " v"
                    + Integer.parseInt(family.group(3), 16) + " hdr " + family.group(4) + " max " + family.group(5)
                    + " groups " + groups);
        }
        assertThat(expected).as("genl ctrl list found nothing:\n" + list.stdout()).containsKey("nlctrl");

        Map<String, String> resolved = new LinkedHashMap<>();
        try (GenericNetlink genl = GenericNetlink.open()) {
            for (String name : expected.keySet()) {
                GenlFamily family = genl.resolve(name);
                resolved.put(name, family.id() + " v" + family.version() + " hdr " + family.headerSize() + " max "
                        + family.maxAttr() + " groups " + family.groups());
            }
        }
        assertThat(resolved).isEqualTo(expected);
    }

    @Test
    void anUnknownFamilyIsEnoentWithTheFix() throws Exception {
        try (GenericNetlink genl = GenericNetlink.open()) {
            assertThatThrownBy(() -> genl.resolve("no-such-family"))
                    .isInstanceOf(NetlinkException.class)
                    .hasMessage("CTRL_CMD_GETFAMILY \"no-such-family\": No such file or directory (ENOENT): no Generic"
                            + " Netlink family is called \"no-such-family\" on this kernel: load the module that"
                            + " registers it (for \"nlws\": ./workshop run 12), and compare with genl ctrl list");
            // The socket is still usable after a refusal.
            assertThat(genl.resolve("nlctrl").id()).isEqualTo(Genl.ID_CTRL);
        }
    }

    @Test
    void aFamilyWithoutTheGroupSaysWhichGroupsItHas() throws Exception {
        try (GenericNetlink genl = GenericNetlink.open()) {
            GenlFamily nlctrl = genl.resolve("nlctrl");
            assertThatThrownBy(() -> nlctrl.group("events"))
                    .hasMessageEndingWith("the family's groups are [notify]");
        }
    }
}
