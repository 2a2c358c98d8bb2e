package cn.tongjie.hub.bench.mapping;

import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.mapping.MappingProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.Parser;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The three contenders, each able to compile the police handover mapping and run it JsonNode in, JsonNode out (the
 * hub's engine API, so every language pays the conversions it would pay in the hub).
 *
 * <p>JSONata and DataSonnet are called reflectively: their jars are only on the classpath with the mapping-bench
 * profile, and this source must still compile in the normal build.
 */
enum BenchLanguage {

    /** The production path: the hub's {@link MappingEngine} and the hub's own mapping file (no copy to drift). */
    JSLT("handover-to-dispute.jslt") {
        @Override
        String source() {
            try {
                return Files.readString(Path.of("mappings/police/handover-to-dispute.jslt"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        Object compileOnly(String source) {
            // Plain compile, like the other two; the engine adds only an object filter and one function to it.
            return new Parser(new StringReader(source)).compile();
        }

        @Override
        Mapper prepare(String source) {
            MappingEngine engine = new MappingEngine(new MappingProperties("file:mappings/"));
            return input -> engine.apply(MAPPING_ID, input);
        }
    },

    /**
     * com.dashjoin:jsonata (what camel-jsonata uses), one compiled expression reused for every record, as the hub's
     * engine does with JSLT. Works on Java Maps/Lists: JsonNode is converted both ways. In 0.9.9 each evaluation
     * leaves its scope frame on the shared instance, so a reused expression with a block gets slower with every
     * record (dashjoin/jsonata-java#93, fixed upstream by PR #103 after 0.9.9); the per-iteration rates show it.
     */
    JSONATA("handover-to-dispute.jsonata") {
        @Override
        Object compileOnly(String source) throws ReflectiveOperationException {
            return Class.forName("com.dashjoin.jsonata.Jsonata").getMethod("jsonata", String.class)
                    .invoke(null, source);
        }

        @Override
        Mapper prepare(String source) throws ReflectiveOperationException {
            Object expression = compileOnly(source);
            MethodHandle evaluate = evaluate().bindTo(expression);
            return input -> {
                try {
                    return JSON.valueToTree(evaluate.invoke(JSON.convertValue(input, Object.class)));
                } catch (Throwable t) {
                    throw new IllegalStateException("JSONata failed", t);
                }
            };
        }
    },

    /** JSONata compiled afresh for every record: what camel-jsonata 4.17 does per exchange, and immune to #93. */
    JSONATA_COMPILE_PER_RECORD("handover-to-dispute.jsonata") {
        @Override
        Object compileOnly(String source) throws ReflectiveOperationException {
            return JSONATA.compileOnly(source);
        }

        @Override
        Mapper prepare(String source) throws ReflectiveOperationException {
            MethodHandle compile = MethodHandles.publicLookup().unreflect(
                    Class.forName("com.dashjoin.jsonata.Jsonata").getMethod("jsonata", String.class));
            MethodHandle evaluate = evaluate();
            return input -> {
                try {
                    Object expression = compile.invoke(source);
                    return JSON.valueToTree(evaluate.invoke(expression, JSON.convertValue(input, Object.class)));
                } catch (Throwable t) {
                    throw new IllegalStateException("JSONata failed", t);
                }
            };
        }
    },

    /** com.datasonnet:datasonnet-mapper (what camel-datasonnet uses). Takes and returns JSON text. */
    DATASONNET("handover-to-dispute.ds") {
        @Override
        Object compileOnly(String source) throws ReflectiveOperationException {
            return Class.forName("com.datasonnet.Mapper").getConstructor(String.class).newInstance(source);
        }

        @Override
        Mapper prepare(String source) throws ReflectiveOperationException {
            Object mapper = compileOnly(source);
            Class<?> documentType = Class.forName("com.datasonnet.document.Document");
            Class<?> mediaTypeType = Class.forName("com.datasonnet.document.MediaType");
            Object json = Class.forName("com.datasonnet.document.MediaTypes").getField("APPLICATION_JSON").get(null);
            Constructor<?> document = Class.forName("com.datasonnet.document.DefaultDocument")
                    .getConstructor(Object.class, mediaTypeType);
            MethodHandle newDocument = MethodHandles.publicLookup().unreflectConstructor(document);
            MethodHandle transform = MethodHandles.publicLookup()
                    .unreflect(mapper.getClass().getMethod("transform", documentType, Map.class, mediaTypeType))
                    .bindTo(mapper);
            MethodHandle content = MethodHandles.publicLookup().unreflect(documentType.getMethod("getContent"));
            Map<String, Object> noInputs = Map.of();
            return input -> {
                try {
                    Object in = newDocument.invoke((Object) JSON.writeValueAsString(input), json);
                    Object out = transform.invoke(in, noInputs, json);
                    return JSON.readTree((String) content.invoke(out));
                } catch (Throwable t) {
                    throw new IllegalStateException("DataSonnet failed", t);
                }
            };
        }
    };

    static final String MAPPING_ID = "police/handover-to-dispute";
    static final ObjectMapper JSON = new ObjectMapper();

    private final String file;

    BenchLanguage(String file) {
        this.file = file;
    }

    /** JsonNode in, JsonNode out. */
    interface Mapper {
        JsonNode map(JsonNode input);
    }

    /** Parse/compile the source only: the figure for "first compile" and "re-compile". */
    abstract Object compileOnly(String source) throws ReflectiveOperationException;

    /** A ready-to-run mapper, as the hub would hold it. */
    abstract Mapper prepare(String source) throws ReflectiveOperationException;

    /** {@code Jsonata.evaluate(Object)}, unbound. */
    static MethodHandle evaluate() throws ReflectiveOperationException {
        Class<?> jsonata = Class.forName("com.dashjoin.jsonata.Jsonata");
        return MethodHandles.publicLookup().unreflect(jsonata.getMethod("evaluate", Object.class));
    }

    /** The mapping text (bench copies live under src/test/resources/bench/mapping/police/). */
    String source() {
        String path = "bench/mapping/police/" + file;
        try (InputStream in = BenchLanguage.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String file() {
        return file;
    }
}
