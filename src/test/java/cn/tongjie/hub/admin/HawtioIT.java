package cn.tongjie.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Hawtio (issue 6, item 3) and its Jolokia bridge are served to ADMIN only. */
@HubIT
class HawtioIT extends HubITSupport {

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Test
    void shouldServeHawtioAndJolokiaToAnAdminOnly() throws Exception {
        HttpResponse<String> admin = get("/hawtio/", "admin");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).containsIgnoringCase("hawtio");
        // Hawtio's bridge to the JVM's MBeans (camel-test switches Camel's own JMX off in tests; in demo and production
        // the routes are there as org.apache.camel:type=routes)
        HttpResponse<String> jolokia = get("/actuator/jolokia/read/java.lang:type=Runtime/Name", "admin");
        assertThat(jolokia.statusCode()).isEqualTo(200);
        assertThat(jolokia.body()).contains("\"status\":200");

        assertThat(get("/actuator/hawtio/", "monitor").statusCode()).isEqualTo(403);
        assertThat(get("/actuator/jolokia/version", "monitor").statusCode()).isEqualTo(403);
        assertThat(get("/actuator/jolokia/version", null).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (user + ":tongjie-demo").getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
