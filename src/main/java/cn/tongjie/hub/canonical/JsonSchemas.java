package cn.tongjie.hub.canonical;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * Loads JSON Schemas (2020-12) once and validates against them; instance locations are JSON Pointers so contract
 * errors can name the field exactly (e.g. {@code /dsr/1/sfzh}).
 */
public final class JsonSchemas {

    // Canonical schemas reference each other by $id; map those ids to the copies in the jar so nothing is fetched.
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://schemas.tongjie.example/canonical/",
                    "classpath:canonical/schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            .formatAssertionsEnabled(true)
            .build();
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();
    private static final DefaultResourceLoader LOADER = new DefaultResourceLoader();

    private JsonSchemas() {
    }

    /** location: a Spring resource location such as {@code classpath:connectors/police/dispute-handover.schema.json}. */
    public static JsonSchema load(String location) {
        return CACHE.computeIfAbsent(location, loc -> {
            Resource r = LOADER.getResource(loc);
            try (InputStream in = r.getInputStream()) {
                return FACTORY.getSchema(in, CONFIG);
            } catch (IOException e) {
                throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "schema not readable: " + loc, e);
            }
        });
    }

    public static JsonSchema fromNode(String cacheKey, JsonNode schema) {
        return CACHE.computeIfAbsent(cacheKey, k -> FACTORY.getSchema(schema, CONFIG));
    }

    public static Set<ValidationMessage> validate(String location, JsonNode instance) {
        return load(location).validate(instance);
    }
}
