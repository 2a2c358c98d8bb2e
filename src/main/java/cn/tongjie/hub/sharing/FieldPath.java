package cn.tongjie.hub.sharing;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path over the canonical dispute as written in config/sharing-policies.yaml: JSON-pointer style ({@code /summary},
 * {@code /reporter/name}), with {@code *} for every element of an array and {@code *[member=A|B]} for the elements
 * whose member has one of the listed values ({@code /parties/*[role=APPLICANT|RESPONDENT]/idNumber}).
 */
record FieldPath(String text, List<Segment> segments) {

    private static final Pattern ARRAY = Pattern.compile("\\*(?:\\[([A-Za-z][A-Za-z0-9]*)=([^\\]]+)])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    /** One step: a member name, or an array step with an optional element filter. */
    record Segment(String name, boolean array, String filterMember, Set<String> filterValues) {

        boolean accepts(JsonNode element) {
            return filterMember == null || filterValues.contains(element.path(filterMember).asText(null));
        }
    }

    static FieldPath parse(String text) {
        if (text == null || !text.startsWith("/") || text.length() < 2) {
            throw invalid(text, "must start with / and name a field");
        }
        List<Segment> segments = new ArrayList<>();
        for (String s : text.substring(1).split("/", -1)) {
            Matcher array = ARRAY.matcher(s);
            if (array.matches()) {
                Set<String> values = array.group(2) == null ? Set.of()
                        : new LinkedHashSet<>(List.of(array.group(2).split("\\|")));
                segments.add(new Segment(null, true, array.group(1), values));
            } else if (NAME.matcher(s).matches()) {
                segments.add(new Segment(s, false, null, Set.of()));
            } else {
                throw invalid(text, "step '" + s + "' is neither a field name nor * / *[member=A|B]");
            }
        }
        return new FieldPath(text, List.copyOf(segments));
    }

    private static HubException invalid(String text, String why) {
        return new HubException(ErrorCode.TJ_CONFIG_INVALID, "sharing policy path '" + text + "' " + why);
    }

    @Override
    public String toString() {
        return text;
    }
}
