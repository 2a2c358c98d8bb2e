package cn.tongjie.hub.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The canonical dispute (schema {@code canonical/schemas/dispute-1.0.json}): the hub's agency-neutral record of one
 * real-world dispute, produced by the intake mappings and consumed by triage and the outbound mappings. Optional
 * members are null and left out of the JSON.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CanonicalDispute(
        String disputeId,
        String sourceChannel,
        String sourceAgency,
        String sourceRef,
        String sourceVersion,
        String category,
        String sourceCategory,
        String summary,
        String occurredAt,
        String reportedAt,
        String regionCode,
        String address,
        Location location,
        Integer personsInvolved,
        Boolean mass,
        java.math.BigDecimal amount,
        String warningLevel,
        Reporter reporter,
        List<Party> parties,
        HandlingUnit handlingUnit,
        String handoverNote,
        SuggestedBody suggestedMediationBody,
        String mediationDueAt) {

    /** WGS-84 coordinates of the place. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(double longitude, double latitude, String crs) {
    }

    /** Who reported the dispute to the source agency. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Reporter(String name, String phone, boolean anonymous) {
    }

    /** One party: APPLICANT, RESPONDENT or THIRD_PARTY. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Party(String role, String partyType, String name, String idType, String idNumber, String gender,
            String ethnicity, String phone, String address, String employer, String legalRepresentative,
            Boolean caller) {
    }

    /** A mediation body the source suggests; code is the court's roster code (特邀调解组织名册). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SuggestedBody(String code, String name, String mediator) {
    }

    /** The unit that handled the dispute before handing it over. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HandlingUnit(String code, String name) {
    }

    /** Red or orange warning, or a marriage/family dispute with any warning: handled as urgent (24 h contact). */
    public boolean urgent() {
        return "RED".equals(warningLevel) || "ORANGE".equals(warningLevel);
    }
}
