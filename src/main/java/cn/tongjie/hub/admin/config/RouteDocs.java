package cn.tongjie.hub.admin.config;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.EndpointRequiredDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The YAML DSL route files Camel loaded at start ({@code camel.main.routes-include-pattern}) as configuration
 * documents. A candidate text is parsed with Camel's own routes loader (the YAML DSL, exactly as at start) without
 * adding anything to the context, then refused when
 * <ul>
 * <li>the YAML DSL refuses it (syntax, unknown step or option),</li>
 * <li>a route has no explicit id, or the set of route ids differs from the file's running routes (the console, the
 *     metrics and the tests address routes by id, so a file keeps its ids),</li>
 * <li>an id belongs to a route of another file or of Java code,</li>
 * <li>an endpoint names a component the hub does not have.</li>
 * </ul>
 * Applying stops and removes the file's running routes and adds the new ones on the running CamelContext; when that
 * fails the caller writes the previous text back and applies it again (ConfigService), so the previous version runs.
 */
@Component
class RouteDocs {

    private static final Logger log = LoggerFactory.getLogger(RouteDocs.class);

    /** One route file: document name, the location Camel read it from, and its copy in the jar. */
    record RouteFile(String doc, String location, String jarCopy) {
    }

    private final CamelContext camel;
    private final List<RouteFile> files;

    RouteDocs(CamelContext camel,
            @Value("${camel.main.routes-include-pattern:classpath:routes/**/*.yaml}") String pattern) {
        this.camel = camel;
        this.files = scan(pattern);
    }

    List<RouteFile> files() {
        return files;
    }

    /** Why {@code text} may not replace {@code file}; empty when it may. */
    List<String> check(RouteFile file, String text) {
        List<RouteDefinition> fresh;
        try {
            fresh = parse(file, text);
        } catch (Exception e) {
            return List.of("not a valid YAML DSL route file: " + message(e));
        }
        List<String> reasons = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (RouteDefinition r : fresh) {
            if (r.getRouteId() == null || r.getRouteId().isBlank() || !r.hasCustomIdAssigned()) {
                reasons.add("route from " + r.getInput().getEndpointUri() + " has no id: every route needs its own");
            } else if (!ids.add(r.getRouteId())) {
                reasons.add("route id " + r.getRouteId() + " appears twice");
            }
        }
        Set<String> running = runningIds(file);
        if (reasons.isEmpty() && !ids.equals(running)) {
            reasons.add("route ids must stay " + running + " (the file's running routes), the edit has " + ids);
        }
        for (String id : ids) {
            if (!running.contains(id) && camel.getRoute(id) != null) {
                reasons.add("route id " + id + " is already used by another route");
            }
        }
        for (RouteDefinition r : fresh) {
            for (String uri : endpointUris(r)) {
                String scheme = scheme(uri);
                if (scheme != null && !componentExists(scheme)) {
                    reasons.add("route " + r.getRouteId() + ": unknown component '" + scheme + "' in " + uri);
                }
            }
        }
        return reasons;
    }

    /** Replaces the file's running routes with what the file holds now. */
    synchronized void reload(RouteFile file) {
        String text = read(file);
        Set<String> running = runningIds(file);
        try {
            Collection<RoutesBuilder> builders = loader().findRoutesBuilders(resource(file, text));
            for (String id : running) {
                camel.getRouteController().stopRoute(id);
                camel.removeRoute(id);
            }
            for (RoutesBuilder b : builders) {
                camel.addRoutes(b);
            }
            log.info("Reloaded route file {} (routes {})", file.doc(), running);
        } catch (Exception e) {
            throw new HubException(ErrorCode.TJ_CONFIG_INVALID, "route file " + file.doc() + " not applied: "
                    + message(e), e);
        }
    }

    /** Ids of the routes that came from this file, as Camel records their source. */
    private Set<String> runningIds(RouteFile file) {
        String name = fileName(file.location());
        Set<String> ids = new TreeSet<>();
        camel.getRoutes().forEach(r -> {
            String source = r.getSourceResource() != null ? r.getSourceResource().getLocation() : null;
            if (source != null && fileName(source).equals(name)) {
                ids.add(r.getRouteId());
            }
        });
        return ids;
    }

    /** Route definitions of a candidate text, parsed but not added to the context. */
    private List<RouteDefinition> parse(RouteFile file, String text) throws Exception {
        List<RouteDefinition> out = new ArrayList<>();
        for (RoutesBuilder b : loader().findRoutesBuilders(resource(file, text))) {
            if (b instanceof RouteBuilder rb) {
                out.addAll(rb.configureRoutes(camel).getRoutes());
            }
        }
        return out;
    }

    private RoutesLoader loader() {
        return PluginHelper.getRoutesLoader(camel);
    }

    /** The candidate text under the file's own location, so the YAML DSL loader is chosen and routes keep their source. */
    private static org.apache.camel.spi.Resource resource(RouteFile file, String text) {
        return ResourceHelper.fromString(file.location(), text);
    }

    private static Set<String> endpointUris(RouteDefinition r) {
        Set<String> uris = new LinkedHashSet<>();
        uris.add(r.getInput().getEndpointUri());
        collect(r.getOutputs(), uris);
        return uris;
    }

    private static void collect(List<ProcessorDefinition<?>> outputs, Set<String> uris) {
        for (ProcessorDefinition<?> p : outputs) {
            if (p instanceof EndpointRequiredDefinition e && e.getEndpointUri() != null) {
                uris.add(e.getEndpointUri());
            }
            collect(p.getOutputs(), uris);
        }
    }

    private String scheme(String uri) {
        String resolved = uri;
        if (uri.contains("{{")) {
            try {
                resolved = camel.resolvePropertyPlaceholders(uri);
            } catch (RuntimeException e) {
                return null; // an unresolvable placeholder fails when the route is added; reported then
            }
        }
        int colon = resolved.indexOf(':');
        return colon > 0 ? resolved.substring(0, colon) : resolved;
    }

    private boolean componentExists(String scheme) {
        if (camel.hasComponent(scheme) != null) {
            return true;
        }
        try {
            // resolving from the classpath does not register the component
            return PluginHelper.getComponentResolver(camel).resolveComponent(scheme, camel) != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static String read(RouteFile file) {
        DefaultResourceLoader loader = new DefaultResourceLoader();
        Resource r = loader.getResource(file.location());
        if (!r.exists()) {
            r = loader.getResource(file.jarCopy());
        }
        try (InputStream in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_CONFIG_UNKNOWN, "cannot read " + r.getDescription(), e);
        }
    }

    private static List<RouteFile> scan(String pattern) {
        List<RouteFile> out = new ArrayList<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(pattern)) {
                String uri = r.getURI().toString();
                int i = uri.lastIndexOf("routes/");
                String relative = i >= 0 ? uri.substring(i + "routes/".length()) : r.getFilename();
                String stem = relative.endsWith(".yaml") ? relative.substring(0, relative.length() - 5) : relative;
                String location = r.isFile() ? "file:" + r.getFile().getAbsolutePath() : "classpath:routes/" + relative;
                out.add(new RouteFile("route." + stem.replace('/', '.'), location, "classpath:routes/" + relative));
            }
        } catch (IOException e) {
            log.warn("Cannot list the YAML route files ({}): none can be edited in the console", e.getMessage());
        }
        out.sort((a, b) -> a.doc().compareTo(b.doc()));
        return List.copyOf(out);
    }

    private static String fileName(String location) {
        int slash = Math.max(location.lastIndexOf('/'), location.lastIndexOf(':'));
        return location.substring(slash + 1);
    }

    /** The innermost cause's message: the YAML DSL wraps the useful line several times. */
    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String outer = e.getMessage();
        return outer != null && !outer.equals(m) && outer.length() < 300 ? outer + " — " + m : m;
    }
}
