package cn.tongjie.hub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A consumer learns an event's type from the envelope alone, so it can skip events it has nothing to do with. */
class CanonicalEventTypeTest {

    @Test
    void shouldReadTheTypeOfAnEnvelopeWithoutItsData() {
        String json = """
                {"specversion":"1.0","id":"e1","source":"/tongjie/hub/police","type":"cn.tongjie.mediation.assigned.v1",
                 "subject":"TJ-20261128-000001","data":{"type":"not this one","nested":[1,{"type":"x"}]}}""";

        assertThat(CanonicalEvents.typeOf(json)).contains(EventType.MEDIATION_ASSIGNED);
    }

    @Test
    void shouldFindTheTypeAfterTheDataWhenAnotherWriterPutItThere() {
        String json = """
                {"data":{"type":"cn.tongjie.dispute.registered.v1"},"type":"cn.tongjie.feedback.sent.v1"}""";

        assertThat(CanonicalEvents.typeOf(json)).contains(EventType.FEEDBACK_SENT);
    }

    @Test
    void shouldKnowNoTypeForUnknownTypesAndUnreadableText() {
        assertThat(CanonicalEvents.typeOf("{\"type\":\"cn.tongjie.something.else.v9\"}")).isEmpty();
        assertThat(CanonicalEvents.typeOf("{\"type\":42}")).isEmpty();
        assertThat(CanonicalEvents.typeOf("{\"id\":\"e1\"}")).isEmpty();
        assertThat(CanonicalEvents.typeOf("not json")).isEmpty();
        assertThat(CanonicalEvents.typeOf("[1,2]")).isEmpty();
        assertThat(CanonicalEvents.typeOf(null)).isEmpty();
        assertThat(EventType.fromCeType(null)).isEqualTo(Optional.empty());
    }
}
