package cn.tongjie.hub.police;

import cn.tongjie.hub.infra.KafkaConsumerErrors;
import cn.tongjie.hub.police.HandoverValidator.Reason;
import cn.tongjie.hub.police.HandoverValidator.ReasonCode;
import java.time.ZoneId;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * Error handling of the handover stream, in one place. A record whose processing keeps failing for a reason other
 * than an unreachable database is quarantined (so it never blocks its partition); when the database itself is down
 * nothing can be made durable, so the exception propagates, the offset stays uncommitted and breakOnFirstError makes
 * the consumer retry the same record later.
 */
@Component
class PoliceIntakeErrors extends RouteConfigurationBuilder {

    static final String ID = "police-intake-errors";

    private final HandoverIntake intake;
    private final ZoneId zone;

    PoliceIntakeErrors(HandoverIntake intake, ZoneId hubZone) {
        this.intake = intake;
        this.zone = hubZone;
    }

    @Override
    public void configuration() {
        KafkaConsumerErrors.apply(routeConfiguration(ID), "police", this::quarantineAfterFailure);
    }

    private void quarantineAfterFailure(Exchange e) {
        Throwable cause = e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String detail = cause == null ? "processing failed" : cause.getClass().getSimpleName();
        intake.quarantine(PoliceRoutes.toRecord(e, zone), List.of(new Reason(ReasonCode.HUB_PROCESSING_FAILED, "$",
                "hub could not process the record (" + detail + "); kept for repair and replay")));
    }
}
