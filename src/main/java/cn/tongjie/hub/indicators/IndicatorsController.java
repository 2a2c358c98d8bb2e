package cn.tongjie.hub.indicators;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /api/admin/indicators (MONITOR): the plan's indicators per 旗县市区 and for the city, each with its formula,
 * numerator and denominator; {@code format=csv} exports the same table (UTF-8 with BOM, so Excel reads the Chinese).
 */
@RestController
@RequestMapping("/api/admin/indicators")
@Tag(name = "indicators", description = "万人成讼率, 诉前调解成功率, 接收委派调解率, 司法确认率, 自动履行率, 平均化解时长 (MONITOR)")
class IndicatorsController {

    private static final String JAR_COPY = "classpath:config/population.yaml";

    private final IndicatorData data;
    private final IndicatorsProperties props;
    private final Clock clock;
    private final ResourceLoader resources = new DefaultResourceLoader();

    IndicatorsController(IndicatorData data, IndicatorsProperties props, Clock clock) {
        this.data = data;
        this.props = props;
        this.clock = clock;
    }

    @GetMapping
    @Operation(summary = "Indicators per region for a period (JSON, or CSV with format=csv)")
    ResponseEntity<?> indicators(
            @Parameter(description = "first day, yyyy-MM-dd (default: 1 January of the current year)")
            @RequestParam(required = false) String from,
            @Parameter(description = "last day, inclusive, yyyy-MM-dd (default: today)")
            @RequestParam(required = false) String to,
            @Parameter(description = "one 旗县市区 code (e.g. 150502) or 150500 / empty for all rows and the city")
            @RequestParam(required = false) String region,
            @Parameter(description = "json (default) or csv") @RequestParam(defaultValue = "json") String format) {
        LocalDate today = LocalDate.now(clock.withZone(Indicators.ZONE));
        LocalDate start = date(from, today.withDayOfYear(1), "from");
        LocalDate end = date(to, today, "to");
        if (end.isBefore(start)) {
            throw new HubException(ErrorCode.TJ_INDICATORS_REQUEST_INVALID, "to is before from");
        }
        Population population = population();
        String filter = region == null || region.isBlank() ? null : region.trim();
        if (filter != null && population.find(filter) == null) {
            throw new HubException(ErrorCode.TJ_INDICATORS_REQUEST_INVALID, "unknown region " + filter);
        }
        Indicators.Report report = Indicators.compute(population,
                data.load(start.atStartOfDay(Indicators.ZONE).toOffsetDateTime()), start, end, filter);
        if ("csv".equalsIgnoreCase(format)) {
            return ResponseEntity.ok()
                    .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            "attachment; filename=\"indicators-" + start + "-" + end + ".csv\"")
                    .body(IndicatorsCsv.write(report));
        }
        return ResponseEntity.ok(report);
    }

    @ExceptionHandler(HubException.class)
    ResponseEntity<Map<String, String>> invalid(HubException e) {
        int status = e.errorCode() == ErrorCode.TJ_INDICATORS_REQUEST_INVALID ? 400 : 500;
        return ResponseEntity.status(status).body(Map.of("code", e.errorCode().code(), "message", e.getMessage()));
    }

    /** Read per request: an administrator's correction of the table needs no restart. */
    Population population() {
        Resource r = resources.getResource(props.populationLocation());
        if (!r.exists()) {
            r = resources.getResource(JAR_COPY);
        }
        try {
            return Population.read(r.getInputStream(), r.getDescription());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static LocalDate date(String s, LocalDate fallback, String name) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new HubException(ErrorCode.TJ_INDICATORS_REQUEST_INVALID, name + " is no date (yyyy-MM-dd): " + s);
        }
    }
}
