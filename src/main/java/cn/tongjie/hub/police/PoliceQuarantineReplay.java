package cn.tongjie.hub.police;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.police.HandoverValidator.Result;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.QuarantineEntry;
import cn.tongjie.hub.registry.QuarantineReplayer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The police repair path (§5.4/§5.5): an operator fixes a quarantined handover (usually after a call with the 110
 * centre) and replays it; it goes through the same validation and intake as a record just consumed from the handover
 * topic, with its original topic/partition/offset, key and headers, so de-duplication and corrections behave alike.
 */
@Component
class PoliceQuarantineReplay implements QuarantineReplayer {

    private final HandoverIntake intake;
    private final DisputeRegistry registry;
    private final ObjectMapper mapper;

    PoliceQuarantineReplay(HandoverIntake intake, DisputeRegistry registry, ObjectMapper mapper) {
        this.intake = intake;
        this.registry = registry;
        this.mapper = mapper;
    }

    @Override
    public boolean handles(QuarantineEntry entry) {
        // handover records only: other police-agency entries (none today) would need their own path
        return HandoverIntake.AGENCY.equals(entry.agency()) && entry.kafkaOffset() != null;
    }

    @Override
    public Replayed replay(QuarantineEntry entry, byte[] value) {
        Map<String, String> headers = headers(entry.headersJson());
        PoliceRecord rec = new PoliceRecord(entry.source(), entry.kafkaPartition(), entry.kafkaOffset(),
                entry.recordTimestamp(), entry.keyBytes(), value, headers);
        Result v = HandoverValidator.validate(rec.key(), rec.value(), rec.headers());
        if (!v.valid()) {
            // only codes and pointers: the detail may quote the value, which may be personal data
            return new Replayed(false, "INVALID", null, v.reasons().stream()
                    .map(r -> r.code() + " " + r.pointer()).toList());
        }
        HandoverIntake.Outcome outcome = intake.process(rec);
        String disputeId = registry.findByXref(HandoverIntake.AGENCY, "jjdbh", v.jjdbh())
                .map(d -> d.disputeId()).orElse(null);
        return new Replayed(outcome != HandoverIntake.Outcome.QUARANTINED, outcome.name(), disputeId, List.of());
    }

    private Map<String, String> headers(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        try {
            JsonNode n = mapper.readTree(json);
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "stored headers of a quarantine entry unreadable", e);
        }
    }
}
