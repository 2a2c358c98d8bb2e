package cn.tongjie.hub.infra;

import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * The one error policy of every Kafka-consuming route, applied to each named route configuration. The database being
 * unreachable is not the record's fault: the exception propagates, the offset stays uncommitted and breakOnFirstError
 * makes the consumer retry the same record later (nothing can be made durable meanwhile). Any other failure is retried
 * a few times (logged at WARN), then the record is quarantined with the reason and its offset committed, so one bad
 * record never blocks its partition.
 */
public final class KafkaConsumerErrors {

    private KafkaConsumerErrors() {
    }

    public static void apply(RouteConfigurationDefinition configuration, String idPrefix, Processor quarantine) {
        configuration
                .onException(CannotGetJdbcConnectionException.class, TransientDataAccessException.class)
                    .maximumRedeliveries(3).redeliveryDelay(1000).retryAttemptedLogLevel(LoggingLevel.WARN)
                    .handled(false)
                .end()
                .onException(Exception.class)
                    .maximumRedeliveries(2).redeliveryDelay(500).retryAttemptedLogLevel(LoggingLevel.WARN)
                    .handled(true)
                    .process(quarantine).id(idPrefix + "-quarantine-after-failure")
                    .process(KafkaSupport::commit).id(idPrefix + "-commit-after-failure")
                .end();
    }
}
