package cn.tongjie.hub.infra;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every embedded H2 store a query cache big enough for the hub's statements, whatever URL configured it (the
 * default in application.yml, a test's fresh database or an operator's own H2 URL). H2 keeps parsed statements per
 * session, 8 by default; the intake → triage → delivery → feedback path alone runs about 40 distinct ones, so with 8
 * almost every statement was parsed again (~5 % of the hub's CPU under load, docs/perf-notes.md). PostgreSQL URLs are
 * left alone. A URL that sets QUERY_CACHE_SIZE itself keeps its value.
 */
final class H2Tuning implements BeanPostProcessor {

    /** Parsed statements kept per H2 session: room for all of the hub's statements, a few hundred KB in all. */
    static final int QUERY_CACHE_SIZE = 256;

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource ds && ds.getJdbcUrl() != null) {
            ds.setJdbcUrl(tuned(ds.getJdbcUrl()));
        }
        return bean;
    }

    static String tuned(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE=")) {
            return url;
        }
        return url + ";QUERY_CACHE_SIZE=" + QUERY_CACHE_SIZE;
    }
}
