package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataHandler;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import tongliao.court.docking.v1.DelegateMediationType;

/** "Same content" of contract §12: what counts as the same request and what does not. */
class CourtInboundFingerprintTest {

    private static DelegateMediationType cc1() {
        DelegateMediationType m = CourtOperationSamples.body("valid-cc1-delegate-mediation-post-filing-ordinary.xml");
        CourtChecks.materialise(m.getAttachments());
        return m;
    }

    private static String fp(DelegateMediationType m) {
        return CourtInboundFingerprint.of("DelegateMediation", m);
    }

    @Test
    void shouldIgnoreMessageIdAndSentAt() {
        DelegateMediationType resend = cc1();
        resend.setMessageId("FY0502M2026041400000001");
        resend.setSentAt(CourtTimes.toXml(OffsetDateTime.parse("2026-04-14T08:00:00+08:00")));
        assertThat(fp(resend)).isEqualTo(fp(cc1()));
    }

    @Test
    void shouldCompareDateTimesAsInstantsAndDecimalsByValue() {
        DelegateMediationType m = cc1();
        m.getDueAt().setMillisecond(0);
        m.setAmountInDispute(new java.math.BigDecimal("9875.400"));
        assertThat(m.getDueAt().toXMLFormat()).isEqualTo("2026-04-28T23:59:59.000+08:00");
        assertThat(fp(m)).isEqualTo(fp(cc1()));
    }

    @Test
    void shouldCollapseWhitespaceOfTokenTypesOnly() {
        DelegateMediationType token = cc1();
        token.getParties().getParty().get(1).setName("  张立军 ");
        assertThat(fp(token)).as("name is a token type").isEqualTo(fp(cc1()));

        DelegateMediationType text = cc1();
        text.getClaims().getClaim().set(2, "本案诉讼费用由二被告负担。 ");
        assertThat(fp(text)).as("claim is xs:string").isNotEqualTo(fp(cc1()));
    }

    @Test
    void shouldCompareAttachmentContentByItsBytes() {
        DelegateMediationType same = cc1();
        byte[] bytes = CourtChecks.bytes(same.getAttachments().getAttachment().get(0).getContent());
        same.getAttachments().getAttachment().get(0)
                .setContent(new DataHandler(new CourtChecks.BytesSource(bytes.clone())));
        assertThat(fp(same)).isEqualTo(fp(cc1()));

        DelegateMediationType other = cc1();
        bytes[0] ^= 1;
        other.getAttachments().getAttachment().get(0).setContent(new DataHandler(new CourtChecks.BytesSource(bytes)));
        assertThat(fp(other)).isNotEqualTo(fp(cc1()));
    }

    @Test
    void shouldTreatElementOrderOfRepeatedElementsAsSignificant() {
        DelegateMediationType swapped = cc1();
        java.util.Collections.swap(swapped.getClaims().getClaim(), 0, 1);
        assertThat(fp(swapped)).isNotEqualTo(fp(cc1()));
    }

    @Test
    void shouldDistinguishOperations() {
        assertThat(CourtInboundFingerprint.of("ExtendDelegation", cc1())).isNotEqualTo(fp(cc1()));
    }
}
