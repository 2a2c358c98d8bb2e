package cn.tongjie.hub.petition;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "content" of a push (§5.4) as one comparable string: without tssj, members sorted, null members dropped (null
 * equals absent), numbers in one numeric form; strings untouched (code points, no Unicode normalisation).
 */
final class PushContent {

    private PushContent() {
    }

    static String of(JsonNode push) {
        ObjectNode copy = push.deepCopy();
        copy.remove("tssj");
        return normalise(copy).toString();
    }

    private static JsonNode normalise(JsonNode n) {
        JsonNodeFactory f = JsonNodeFactory.withExactBigDecimals(true);
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    sorted.put(e.getKey(), normalise(e.getValue()));
                }
            }
            ObjectNode o = f.objectNode();
            sorted.forEach(o::set);
            return o;
        }
        if (n.isArray()) {
            var a = f.arrayNode();
            n.forEach(x -> a.add(normalise(x)));
            return a;
        }
        if (n.isNumber()) {
            // 1, 1.0 and 1e0 are the same number.
            return f.numberNode(n.decimalValue().stripTrailingZeros());
        }
        return n;
    }
}
