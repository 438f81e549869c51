package netlink.workshop;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** LinkComparison turns `ip -j link` and the Java dump into the same one-line-per-link form. */
final class LinkComparison {
    private LinkComparison() {
    }

    /** Returns "index: name mtu M state S qlen Q address A kind K" per link, by index, from ip's JSON. */
    @SuppressWarnings("unchecked")
    static Map<Integer, String> fromIpJson(String json) {
        Map<Integer, String> links = new TreeMap<>();
        for (Object entry : (List<Object>) MiniJson.parse(json)) {
            Map<String, Object> link = (Map<String, Object>) entry;
            int index = ((Long) link.get("ifindex")).intValue();
            String kind = "";
            Object linkinfo = link.get("linkinfo");
            if (linkinfo instanceof Map && ((Map<String, Object>) linkinfo).get("info_kind") != null) {
                kind = " kind " + ((Map<String, Object>) linkinfo).get("info_kind");
            }
            links.put(index, index + ": " + link.get("ifname") + " mtu " + link.get("mtu") + " state "
                    + link.get("operstate") + " qlen " + (link.get("txqlen") == null ? 0 : link.get("txqlen"))
                    + (link.get("address") == null ? "" : " address " + link.get("address")) + kind);
        }
        return links;
    }

    /** The same form from the Java dump. */
    static Map<Integer, String> fromDump(List<Rtnetlink.Link> dump) {
        Map<Integer, String> links = new TreeMap<>();
        for (Rtnetlink.Link link : dump) {
            links.put(link.index(), link.index() + ": " + link.name() + " mtu " + link.mtu() + " state "
                    + link.operState() + " qlen " + link.txqlen() + link.address().map(a -> " address " + a).orElse("")
                    + link.kind().map(k -> " kind " + k).orElse(""));
        }
        return links;
    }
}
