package cn.tongjie.hub.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Function;
import com.schibsted.spt.data.jslt.JsltException;

import java.util.List;

/**
 * Java functions the hub adds to JSLT. Kept to what JSLT cannot express correctly on its own; everything else stays in
 * the mapping files so operators can read and change it.
 */
final class MappingFunctions {

    /** Every function registered with each compiled mapping. */
    static final List<Function> ALL = List.of(new Truncate());

    private MappingFunctions() {
    }

    /**
     * {@code truncate(string, max)}: the first {@code max} Unicode code points. JSLT's own slice {@code $s[0:n]} counts
     * UTF-16 units and can cut a non-BMP character such as 𠮷 in half, while the agencies' length limits (JSON Schema
     * maxLength) count code points. null stays null, so optional members stay omitted.
     */
    static final class Truncate implements Function {
        @Override
        public String getName() {
            return "truncate";
        }

        @Override
        public int getMinArguments() {
            return 2;
        }

        @Override
        public int getMaxArguments() {
            return 2;
        }

        @Override
        public JsonNode call(JsonNode input, JsonNode[] arguments) {
            JsonNode value = arguments[0];
            if (value == null || value.isNull() || value.isMissingNode()) {
                return NullNode.instance;
            }
            if (!value.isTextual() || !arguments[1].canConvertToInt() || arguments[1].asInt() < 0) {
                // No value in the message: it may be personal data.
                throw new JsltException("truncate(string, max) needs a string and a non-negative integer");
            }
            String s = value.textValue();
            int max = arguments[1].asInt();
            if (s.codePointCount(0, s.length()) <= max) {
                return value;
            }
            return TextNode.valueOf(s.substring(0, s.offsetByCodePoints(0, max)));
        }
    }
}
