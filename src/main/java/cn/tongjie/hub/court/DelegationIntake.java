package cn.tongjie.hub.court;

import cn.tongjie.hub.canonical.CanonicalDispute;
import cn.tongjie.hub.canonical.CanonicalEvents;
import cn.tongjie.hub.canonical.EventData;
import cn.tongjie.hub.canonical.EventType;
import cn.tongjie.hub.canonical.JsonSchemas;
import cn.tongjie.hub.common.CaseNumbers;
import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.common.IdNumbers;
import cn.tongjie.hub.mapping.MappingEngine;
import cn.tongjie.hub.registry.Dispute;
import cn.tongjie.hub.registry.DisputeRegistry;
import cn.tongjie.hub.registry.DisputeStatus;
import cn.tongjie.hub.registry.HubIds;
import cn.tongjie.hub.registry.TimelineEntry.Direction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tongliao.court.docking.v1.DelegateMediationType;
import tongliao.court.docking.v1.IdTypeType;
import tongliao.court.docking.v1.MediationOrgRefType;
import tongliao.court.docking.v1.PartyType;

/**
 * Contract §10 step 15 for DelegateMediation: the delegation becomes a registry dispute. Runs inside the caller's
 * transaction, which also records the receipt, so either both exist or neither. The dispute is announced with
 * DISPUTE_REPORTED then DISPUTE_REGISTERED; triage assigns a mediation body from them.
 */
@Component
class DelegationIntake {

    private static final Logger log = LoggerFactory.getLogger(DelegationIntake.class);
    static final String AGENCY = "court";
    static final String MAPPING = "court/delegation-to-dispute";
    private static final String SCHEMA = "classpath:canonical/schemas/dispute-1.0.json";

    private final DisputeRegistry registry;
    private final Delegations delegations;
    private final HubIds ids;
    private final MappingEngine mappings;
    private final CanonicalEvents events;
    private final CourtCodeTables codes;
    private final ObjectMapper mapper;

    DelegationIntake(DisputeRegistry registry, Delegations delegations, HubIds ids, MappingEngine mappings,
            CanonicalEvents events, CourtCodeTables codes, ObjectMapper mapper) {
        this.registry = registry;
        this.delegations = delegations;
        this.ids = ids;
        this.mappings = mappings;
        this.events = events;
        this.codes = codes;
        this.mapper = mapper;
    }

    /** Creates dispute, cross-references, delegation, timeline and events; returns the new dispute id. */
    String intake(DelegateMediationType m, OffsetDateTime receivedAt) {
        String court = m.getCourtCode().value();
        String disputeId = ids.nextDisputeId();
        JsonNode dispute = toCanonical(m, disputeId);
        Set<ValidationMessage> errors = JsonSchemas.validate(SCHEMA, dispute);
        if (!errors.isEmpty()) {
            // Messages name schema paths only, never values.
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, MAPPING + " output violates the canonical schema: "
                    + errors.stream().map(ValidationMessage::getInstanceLocation).map(String::valueOf)
                            .collect(Collectors.joining(", ")));
        }
        OffsetDateTime at = registry.now();
        String delegationId = m.getDelegationId();
        String number = m.getPreFilingNo() != null ? m.getPreFilingNo() : m.getCaseNo();
        registry.create(new Dispute(disputeId, DisputeStatus.REGISTERED, null, dispute.get("category").asText(),
                dispute.get("regionCode").asText(), AGENCY, dispute.get("sourceChannel").asText(), delegationId,
                null, false, false, false, dispute.toString(), at, at));
        registry.addXref(disputeId, AGENCY, "delegationId", delegationId);
        registry.addXref(disputeId, AGENCY, m.getPreFilingNo() != null ? "preFilingNo" : "caseNo",
                CaseNumbers.normalise(number));
        MediationOrgRefType org = m.getSuggestedMediationOrg();
        delegations.create(new Delegation(court, delegationId, disputeId, m.getRegime().value(), m.getPreFilingNo(),
                m.getCaseNo(), CaseNumbers.normalise(number),
                m.getProcedure() == null ? null : m.getProcedure().value(), m.getCauseOfAction().getCode(),
                m.getCauseOfAction().getName(), org == null ? null : org.getOrgCode(),
                org == null ? null : org.getOrgName(), org == null ? null : org.getMediatorName(),
                CourtTimes.toInstant(m.getDelegatedAt()), receivedAt, CourtTimes.toInstant(m.getDueAt()),
                CourtTimes.toInstant(m.getDueAt()), Delegation.OPEN, null, null, null, null, null, null, null,
                null));
        registry.addTimeline(disputeId, receivedAt, "COURT_DELEGATION", AGENCY, Direction.IN,
                "court " + court + " delegation " + delegationId + " (" + m.getRegime().value() + ", cause "
                        + m.getCauseOfAction().getCode() + ") received, messageId " + m.getMessageId() + ", due "
                        + m.getDueAt().toXMLFormat(), null);
        events.publish(EventType.DISPUTE_REPORTED, disputeId, AGENCY, new EventData.DisputeReported(disputeId, AGENCY,
                delegationId, m.getMessageId(), Receipts.rfc3339(receivedAt)));
        events.publish(EventType.DISPUTE_REGISTERED, disputeId, AGENCY, canonical(dispute));
        log.info("Court delegation {} of {} registered as {}", delegationId, court, disputeId);
        return disputeId;
    }

    /** The mapping's input: the request as plain JSON plus what the hub looks up (category hint, region). */
    JsonNode mappingInput(DelegateMediationType m, String disputeId) {
        ObjectNode in = mapper.createObjectNode();
        in.put("disputeId", disputeId);
        in.put("categoryHint", codes.cause(m.getCauseOfAction().getCode()).map(CourtCodeTables.Cause::categoryHint)
                .orElseThrow(() -> new HubException(ErrorCode.TJ_INTERNAL, "cause code passed the check but is unknown")));
        MediationOrgRefType org = m.getSuggestedMediationOrg();
        String court = m.getCourtCode().value();
        in.put("regionCode", codes.orgRegion(org == null ? null : org.getOrgCode())
                .or(() -> codes.courtRegion(court))
                .orElseThrow(() -> new HubException(ErrorCode.TJ_CONFIG_INVALID, "no region for court " + court)));
        ObjectNode d = in.putObject("delegation");
        d.put("delegationId", m.getDelegationId());
        d.put("courtCode", court);
        d.put("regime", m.getRegime().value());
        d.put("preFilingNo", m.getPreFilingNo());
        d.put("caseNo", m.getCaseNo());
        d.put("procedure", m.getProcedure() == null ? null : m.getProcedure().value());
        d.putObject("causeOfAction").put("code", m.getCauseOfAction().getCode())
                .put("name", m.getCauseOfAction().getName());
        ArrayNode claims = d.putArray("claims");
        m.getClaims().getClaim().forEach(claims::add);
        d.put("amountInDispute", m.getAmountInDispute());
        d.put("caseSummary", m.getCaseSummary());
        ArrayNode parties = d.putArray("parties");
        for (PartyType p : m.getParties().getParty()) {
            ObjectNode j = parties.addObject();
            j.put("seq", p.getSeq());
            j.put("role", p.getRole().value());
            j.put("personType", p.getPersonType().value());
            j.put("name", p.getName());
            j.put("gender", p.getGender());
            j.put("ethnicity", p.getEthnicity());
            j.put("idType", p.getIdType() == null ? null : p.getIdType().value());
            // §5: a final lower-case x is valid and stored as X
            j.put("idNumber", p.getIdType() == IdTypeType.ID_CARD
                    ? IdNumbers.normaliseResidentId(p.getIdNumber()) : p.getIdNumber());
            j.put("birthDate", p.getBirthDate() == null ? null : p.getBirthDate().toXMLFormat());
            ArrayNode phones = j.putArray("phone");
            p.getPhone().forEach(phones::add);
            j.put("address", p.getAddress());
            if (p.getLegalRepresentative() != null) {
                j.putObject("legalRepresentative").put("name", p.getLegalRepresentative().getName())
                        .put("title", p.getLegalRepresentative().getTitle());
            }
        }
        if (org != null) {
            d.putObject("suggestedMediationOrg").put("orgCode", org.getOrgCode()).put("orgName", org.getOrgName())
                    .put("mediatorName", org.getMediatorName());
        }
        // as sent: the schema guarantees the explicit +08:00 the canonical model wants
        d.put("delegatedAt", m.getDelegatedAt().toXMLFormat());
        d.put("dueAt", m.getDueAt().toXMLFormat());
        d.put("remarks", m.getRemarks());
        dropNulls(in);
        return in;
    }

    /** Absent elements are left out rather than null, as in the contracts' own JSON. */
    private static void dropNulls(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.properties().removeIf(e -> e.getValue().isNull());
            o.forEach(DelegationIntake::dropNulls);
        } else if (node instanceof ArrayNode a) {
            a.forEach(DelegationIntake::dropNulls);
        }
    }

    JsonNode toCanonical(DelegateMediationType m, String disputeId) {
        return mappings.apply(MAPPING, mappingInput(m, disputeId));
    }

    private CanonicalDispute canonical(JsonNode dispute) {
        try {
            return mapper.treeToValue(dispute, CanonicalDispute.class);
        } catch (JsonProcessingException e) {
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, MAPPING + " output is not a canonical dispute", e);
        }
    }
}
