package cn.tongjie.hub.admin;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAPI document of the admin API (/v3/api-docs, Swagger UI at /swagger-ui.html, MONITOR and up). Only people's
 * API: agency endpoints follow their contracts (connectors/*), which are their documentation.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI hubOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Tongjie (通解) admin API")
                        .description("""
                                Admin API of the hub. HTTP basic; roles: MONITOR (read health, metrics, masked \
                                disputes, indicators), OPERATOR (+ quarantine repair/replay/discard, correlation undo, \
                                withdrawals), ADMIN (+ routes, configuration, maintenance), AUDITOR (audit log, \
                                unmasked-data access log). Every change and every refused request is audited. \
                                See docs/operations-api.md.""")
                        .version("1"))
                .components(new Components().addSecuritySchemes("basic",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList("basic"));
    }

    @Bean
    GroupedOpenApi adminApi() {
        return GroupedOpenApi.builder().group("admin").pathsToMatch("/api/admin/**").build();
    }
}
