package netlink.workshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** LinkComparison turns `ip -j link` and the Java dump into the same one-line-per-link form. */
final class LinkComparison {
    private LinkComparison() {
    }

    /** Returns "index: name mtu M state S qlen Q address A kind K" per link, by index, from ip's JSON. */
    static Map<Integer, String> fromIpJson(String json) throws IOException {
        Map<Integer, String> links = new TreeMap<>();
        for (JsonNode link : new ObjectMapper().readTree(json)) {
            int index = link.required("ifindex").asInt();
            JsonNode kind = link.path("linkinfo").path("info_kind");
            links.put(index, index + ": " + link.required("ifname").asText() + " mtu " + link.required("mtu").asLong()
                    + " state " + link.required("operstate").asText() + " qlen " + link.path("txqlen").asLong(0)
                    + (link.hasNonNull("address") ? " address " + link.get("address").asText() : "")
                    + (kind.isTextual() ? " kind " + kind.asText() : ""));
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
