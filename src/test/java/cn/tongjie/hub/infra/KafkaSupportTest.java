package cn.tongjie.hub.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.junit.jupiter.api.Test;

/** Offsets are committed once per partition and poll, at its last record, which covers every record before it. */
class KafkaSupportTest {

    private final DefaultCamelContext camel = new DefaultCamelContext();

    @Test
    void shouldNotCommitARecordThatIsFollowedByMoreOfItsPartitionInTheSamePoll() {
        KafkaManualCommit manual = mock(KafkaManualCommit.class);

        KafkaSupport.commit(record(manual, false));

        verify(manual, never()).commit();
    }

    @Test
    void shouldCommitAtTheLastRecordOfItsPartitionInThePoll() {
        KafkaManualCommit manual = mock(KafkaManualCommit.class);

        KafkaSupport.commit(record(manual, true));

        verify(manual).commit();
    }

    @Test
    void shouldCommitWhenTheConsumerDoesNotSayWhetherMoreRecordsFollow() {
        KafkaManualCommit manual = mock(KafkaManualCommit.class);

        KafkaSupport.commit(record(manual, null));

        verify(manual).commit();
    }

    @Test
    void shouldNotFailAHandledRecordWhenTheGroupHasMovedItsPartitionElsewhere() {
        KafkaManualCommit manual = mock(KafkaManualCommit.class);
        doThrow(new CommitFailedException()).when(manual).commit();
        Exchange e = record(manual, true);

        KafkaSupport.commit(e);

        verify(manual).commit();
        assertThat(e.getException()).isNull();
    }

    @Test
    void shouldLeaveRecordsWithoutManualCommitAlone() {
        Exchange e = record(null, true);

        KafkaSupport.commit(e);

        assertThat(e.getException()).isNull();
    }

    private Exchange record(KafkaManualCommit manual, Boolean lastOfPartition) {
        Exchange e = new DefaultExchange(camel);
        e.getIn().setHeader(KafkaConstants.MANUAL_COMMIT, manual);
        e.getIn().setHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, lastOfPartition);
        return e;
    }
}
