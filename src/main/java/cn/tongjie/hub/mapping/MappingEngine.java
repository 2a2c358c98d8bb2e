package cn.tongjie.hub.mapping;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs the hub's JSLT mapping files. A mapping id {@code <agency>/<name>} names the file {@code <agency>/<name>.jslt}
 * under {@code tongjie.mappings.location}. All files are compiled up front and cached; {@link #reload()} swaps in a
 * newly compiled set only when every file compiles, so a bad edit never takes the running hub down.
 *
 * <p>Contracts say optional members are omitted when empty, never {@code ""} or {@code null}: every mapping is compiled
 * with an object filter that drops members whose value is null, an empty string or an empty object. Empty arrays are
 * kept, because the canonical model requires {@code parties} even when it is empty.
 *
 * <p>Thread-safe: compiled JSLT expressions are immutable and the set is replaced by one volatile write.
 */
@Component
public class MappingEngine {

    private static final Logger log = LoggerFactory.getLogger(MappingEngine.class);

    static final String SUFFIX = ".jslt";
    static final String OBJECT_FILTER = ". != null and . != \"\" and . != {}";
    /** Lower-case agency folder and file name, as in {@code legal-service/dispute-to-create-case}. */
    private static final Pattern MAPPING_ID = Pattern.compile("[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*");

    private final String location;
    private final ResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    private volatile SortedMap<String, Expression> mappings;

    public MappingEngine(MappingProperties properties) {
        this.location = properties.location();
        // No previous set to fall back to: refusing to start beats running without mappings.
        this.mappings = compileAll();
        log.info("Loaded {} mapping(s) from {}", mappings.size(), location);
    }

    /**
     * Applies one mapping.
     *
     * @throws HubException {@link ErrorCode#TJ_MAPPING_FAILED} for an unknown id or a failure inside the mapping
     *                      (e.g. an unmapped code reaching {@code error()})
     */
    public JsonNode apply(String mappingId, JsonNode input) {
        Expression expression = mappings.get(mappingId);
        if (expression == null) {
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "unknown mapping " + mappingId);
        }
        try {
            return expression.apply(input == null ? NullNode.instance : input);
        } catch (JsltException e) {
            // The JSLT message can quote input values (personal data), so only the position goes into the error;
            // the fixtures reproduce the case.
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "mapping " + mappingId + " failed at line "
                    + e.getLine() + " column " + e.getColumn() + " (" + errorCategory(e) + ")");
        } catch (RuntimeException e) {
            // Anything else from inside JSLT is a bug there or in a hub function; same reporting rule.
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "mapping " + mappingId + " failed ("
                    + e.getClass().getName() + ")");
        }
    }

    /**
     * Recompiles every mapping file and swaps them in at once. If any file fails (or none is found), the set in use
     * stays and the failure is reported.
     *
     * @throws HubException {@link ErrorCode#TJ_MAPPING_FAILED} listing every file that did not compile
     */
    public synchronized void reload() {
        SortedMap<String, Expression> fresh = compileAll();
        mappings = fresh;
        log.info("Reloaded {} mapping(s) from {}", fresh.size(), location);
    }

    /**
     * Compiles a candidate text for {@code mappingId} exactly as {@link #reload()} would (the hub's functions, the
     * empty-member filter), without touching the set in use: the configuration console checks an edit with it, and
     * runs the result on the mapping's fixtures, before it writes the file and reloads.
     *
     * @throws JsltException with line and column when the text does not compile
     */
    public Expression compileCandidate(String mappingId, String source) {
        return compile(mappingId, source);
    }

    /** Ids of the mappings in use, sorted. */
    public Set<String> mappingIds() {
        return mappings.keySet();
    }

    private SortedMap<String, Expression> compileAll() {
        Resource[] resources;
        try {
            // One folder level: fixtures and other files deeper down are not mappings.
            resources = resolver.getResources(location + "*/*" + SUFFIX);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "cannot list mappings under " + location, e);
        }
        SortedMap<String, Expression> compiled = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        Throwable firstCause = null;
        for (Resource resource : resources) {
            String id = mappingId(resource);
            try {
                if (!MAPPING_ID.matcher(id).matches()) {
                    errors.add(id + SUFFIX + ": file name is not a mapping id <agency>/<name> (lower case, digits, -)");
                    continue;
                }
                String source = resource.getContentAsString(StandardCharsets.UTF_8);
                compiled.put(id, compile(id, source));
            } catch (JsltException e) {
                errors.add(id + SUFFIX + ": " + e.getMessage());
                firstCause = firstCause == null ? e : firstCause;
            } catch (IOException | RuntimeException e) {
                errors.add(id + SUFFIX + ": " + e);
                firstCause = firstCause == null ? e : firstCause;
            }
        }
        if (!errors.isEmpty()) {
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "mappings under " + location + " not (re)loaded, "
                    + errors.size() + " file(s) failed: " + String.join("; ", errors), firstCause);
        }
        if (compiled.isEmpty()) {
            // An empty or mistyped location must not wipe out a working set.
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "no *" + SUFFIX + " mapping files under " + location);
        }
        return Collections.unmodifiableSortedMap(compiled);
    }

    static Expression compile(String id, String source) {
        return new Parser(new StringReader(source))
                .withSource(id + SUFFIX)
                .withFunctions(MappingFunctions.ALL)
                .withObjectFilter(OBJECT_FILTER)
                .compile();
    }

    /** {@code <agency>/<name>} from the resource's last two path segments, whatever the URL scheme (file, jar). */
    private static String mappingId(Resource resource) {
        String name = resource.getFilename();
        String stem = name == null ? "" : name.substring(0, name.length() - SUFFIX.length());
        String agency;
        try {
            String url = resource.getURL().toString();
            int end = url.lastIndexOf('/');
            int start = url.lastIndexOf('/', end - 1);
            agency = url.substring(start + 1, end);
        } catch (IOException | StringIndexOutOfBoundsException e) {
            agency = "?";
        }
        return agency + "/" + stem;
    }

    /** The kind of runtime failure without its details (which may contain input values). */
    private static String errorCategory(JsltException e) {
        String message = e.getMessageWithoutLocation();
        if (message == null) {
            return "no message";
        }
        // error("...") messages in our mapping files and the hub functions' messages carry no input values.
        boolean ours = message.startsWith("error: ")
                || MappingFunctions.ALL.stream().anyMatch(f -> message.startsWith(f.getName()));
        return ours ? message : "JSLT runtime error";
    }
}
