package cn.tongjie.hub.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every H2 store gets a query cache for all the hub's statements; other databases and explicit settings stay. */
class H2TuningTest {

    @Test
    void shouldGiveAnH2UrlWithoutQueryCacheSettingTheHubsCacheSize() {
        assertThat(H2Tuning.tuned("jdbc:h2:file:/tmp/x/tongjie;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:/tmp/x/tongjie;MODE=PostgreSQL;QUERY_CACHE_SIZE=" + H2Tuning.QUERY_CACHE_SIZE);
    }

    @Test
    void shouldKeepAQueryCacheSizeTheUrlSetsItself() {
        assertThat(H2Tuning.tuned("jdbc:h2:mem:t;query_cache_size=16")).isEqualTo("jdbc:h2:mem:t;query_cache_size=16");
    }

    @Test
    void shouldLeavePostgresqlUrlsAlone() {
        assertThat(H2Tuning.tuned("jdbc:postgresql://127.0.0.1:5432/test?user=postgres"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }
}
