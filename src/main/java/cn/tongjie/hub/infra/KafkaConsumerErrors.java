package cn.tongjie.hub.infra;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.Processor;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * The one error policy of every Kafka-consuming route, applied to each named route configuration. The database or the
 * broker being unreachable is not the record's fault: the exception propagates, the offset stays uncommitted and
 * breakOnFirstError makes the consumer retry the same record later (nothing can be made durable meanwhile). Any other failure is retried
 * a few times (logged at WARN), then the record is quarantined with the reason and its offset committed, so one bad
 * record never blocks its partition.
 */
public final class KafkaConsumerErrors {

    private KafkaConsumerErrors() {
    }

    public static void apply(RouteConfigurationDefinition configuration, String idPrefix, Processor quarantine) {
        configuration
                // Infrastructure away, not the record's fault. The database in every form its absence takes: no
                // pooled connection, no transaction could begin (@Transactional wraps the pool's time-out in
                // CannotCreateTransactionException, which is no DataAccessException), a connection broken
                // mid-statement or mid-commit. The broker: the offset commit after a stored record times out while
                // the broker is away (Kafka's RetriableException) or the group rebalanced meanwhile. Caught by the
                // catch-all below, such a record would be quarantined although valid (found by DatabaseOutageIT and
                // BrokerRestartIT); here it is simply read again once the infrastructure is back, and its second
                // processing is a no-op (idempotent intake).
                .onException(CannotGetJdbcConnectionException.class, TransientDataAccessException.class,
                        CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
                        RecoverableDataAccessException.class, TransactionSystemException.class,
                        SQLTransientConnectionException.class, SQLNonTransientConnectionException.class,
                        SQLRecoverableException.class, RetriableException.class, CommitFailedException.class)
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
