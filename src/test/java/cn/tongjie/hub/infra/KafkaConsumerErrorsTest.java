package cn.tongjie.hub.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The consumer error policy tells "the infrastructure is away" (re-read the record later, never quarantine it) from
 * "this record cannot be processed" (quarantine and move on).
 */
class KafkaConsumerErrorsTest {

    @Test
    void shouldNotQuarantineARecordWhoseOffsetCommitTimedOutWhileTheBrokerWasAway() throws Exception {
        Outcome o = run(new TimeoutException("Timeout of 5000ms expired before successfully committing offsets"));
        assertThat(o.quarantined()).isZero();
        assertThat(o.failed()).as("propagates, so the consumer seeks back and reads it again").isTrue();
    }

    @Test
    void shouldNotQuarantineARecordWhenNoTransactionCouldBeginBecauseTheDatabaseIsAway() throws Exception {
        Outcome o = run(new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")));
        assertThat(o.quarantined()).isZero();
        assertThat(o.failed()).isTrue();
    }

    @Test
    void shouldQuarantineARecordThatFailsForAnyOtherReason() throws Exception {
        Outcome o = run(new IllegalStateException("mapping produced nonsense"));
        assertThat(o.quarantined()).isEqualTo(1);
        assertThat(o.failed()).as("handled: the stream goes on").isFalse();
    }

    record Outcome(int quarantined, boolean failed) {
    }

    private static Outcome run(Exception thrown) throws Exception {
        AtomicInteger quarantined = new AtomicInteger();
        try (CamelContext ctx = new DefaultCamelContext()) {
            ctx.addRoutes(new RouteConfigurationBuilder() {
                @Override
                public void configuration() {
                    KafkaConsumerErrors.apply(routeConfiguration("test-errors"), "test",
                            e -> quarantined.incrementAndGet());
                }
            });
            ctx.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:record").routeConfigurationId("test-errors").process(e -> {
                        throw thrown;
                    });
                }
            });
            ctx.start();
            Exchange out = ctx.createProducerTemplate().send("direct:record", e -> e.getIn().setBody("x"));
            return new Outcome(quarantined.get(), out.isFailed());
        }
    }
}
