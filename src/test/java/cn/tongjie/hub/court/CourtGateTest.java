package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import cn.tongjie.hub.common.WsSecurityVerifier;
import cn.tongjie.hub.infra.HubClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.cxf.binding.soap.SoapFault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Steps 2–11 of contract §10 against the contract's own samples, each at its manifest clock. */
class CourtGateTest {

    /** The codes steps 2–11 answer; every other expected answer lies beyond the gate. */
    private static final Set<String> GATE_CODES = Set.of("ENCODING_UNSUPPORTED", "XML_FORBIDDEN", "MALFORMED_XML",
            "VERSION_MISMATCH", "SCHEMA_INVALID", "MUST_UNDERSTAND", "SECURITY_HEADER_INVALID", "TIMESTAMP_INVALID",
            "AUTH_FAILED", "NONCE_REPLAYED");

    private final HubClock clock = new HubClock(Clock.system(ZoneId.of("Asia/Shanghai")), Duration.ZERO);
    private final Map<String, Instant> remembered = new HashMap<>();
    private CourtGate gate;

    @BeforeEach
    void setUp() {
        WsSecurityVerifier.NonceStore nonces = (user, nonce, expiresAt) -> {
            String key = user + " " + nonce;
            Instant until = remembered.get(key);
            if (until != null && until.isAfter(clock.instant())) {
                return false;
            }
            remembered.put(key, expiresAt);
            return true;
        };
        WsSecurityVerifier verifier = new WsSecurityVerifier(clock,
                user -> CourtProperties.courtOfUsername(user).map(c -> CourtGateSamples.samplePassword(user)), nonces,
                WsSecurityVerifier.Limits.contract());
        gate = new CourtGate(clock, verifier, (int) CourtGateProperties.CONTRACT_MAX_BODY_BYTES);
    }

    @Test
    void shouldAnswerEveryCourtRequestOfTheManifestAsTheContractSaysUpToStep11() {
        int checked = 0;
        for (CourtGateSamples.Row row : CourtGateSamples.manifest()) {
            if (!"C2H".equals(row.direction()) || row.file().endsWith(".seed.xml")) {
                continue;
            }
            clock.jumpTo(row.clock());
            Optional<String> gateCode = row.faultCode().filter(GATE_CODES::contains);
            if (gateCode.isPresent()) {
                CourtFaultException f = catchThrowableOfType(() -> check(row), CourtFaultException.class);
                assertThat(f).as(row.file()).isNotNull();
                assertThat(f.code().name()).as(row.file()).isEqualTo(gateCode.get());
            } else {
                CourtGate.Passed passed = check(row);
                assertThat(passed.operation()).as(row.file()).isEqualTo(row.operation());
                assertThat(passed.receivedAt().toInstant()).as(row.file())
                        .isBetween(row.clock(), row.clock().plusSeconds(5));
                assertThat(passed.receivedAt().getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
            }
            checked++;
        }
        assertThat(checked).as("C2H rows but the 413 seed").isEqualTo(35);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "invalid-encoding-gb18030.xml, ENCODING_UNSUPPORTED",
            "invalid-xxe-doctype.xml, XML_FORBIDDEN",
            "invalid-billion-laughs.xml, XML_FORBIDDEN",
            "invalid-malformed-xml.xml, MALFORMED_XML",
            "invalid-soap12-envelope.xml, VERSION_MISMATCH",
            "invalid-must-understand-header.xml, MUST_UNDERSTAND",
            "invalid-password-text.xml, SECURITY_HEADER_INVALID",
            "invalid-expired-timestamp.xml, TIMESTAMP_INVALID",
            "invalid-wrong-password-digest.xml, AUTH_FAILED",
            "invalid-missing-required-field.xml, SCHEMA_INVALID",
            "invalid-wrong-namespace.xml, SCHEMA_INVALID"})
    void shouldRejectTheInvalidSampleAtItsManifestClockWithItsCode(String file, CourtResultCode expected) {
        CourtGateSamples.Row row = CourtGateSamples.row(file);
        clock.jumpTo(row.clock());
        assertThat(faultOf(CourtGateSamples.request(row)).code()).isEqualTo(expected);
    }

    @Test
    void shouldAnswerNonceReplayedWhenValidCc2IsReplayedSixtySecondsLater() {
        CourtGateSamples.Row original = CourtGateSamples.row("valid-cc2-extend-delegation.xml");
        clock.jumpTo(original.clock());
        assertThat(check(original).courtCode()).isEqualTo("内0502");

        CourtGateSamples.Row replay = CourtGateSamples.row("invalid-nonce-replayed.xml");
        clock.jumpTo(replay.clock());
        assertThat(faultOf(CourtGateSamples.request(replay)).code()).isEqualTo(CourtResultCode.NONCE_REPLAYED);
    }

    @Test
    void shouldRememberTheNonceEvenWhenTheBodyIsRejected() {
        CourtGateSamples.Row row = CourtGateSamples.row("invalid-missing-required-field.xml");
        clock.jumpTo(row.clock());
        assertThat(faultOf(CourtGateSamples.request(row)).code()).isEqualTo(CourtResultCode.SCHEMA_INVALID);
        assertThat(faultOf(CourtGateSamples.request(row)).code()).isEqualTo(CourtResultCode.NONCE_REPLAYED);
    }

    @Test
    void shouldAcceptTheMtomSampleAndPutTheXopPartBackInlineAsBase64() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cm1-delegate-mediation-mtom.http");
        clock.jumpTo(row.clock());
        CourtGate.Passed passed = check(row);
        String envelope = new String(passed.envelope(), StandardCharsets.UTF_8);
        assertThat(envelope).doesNotContain("<xop:Include");
        // the 196-byte PDF of the sample, base64 in content
        assertThat(envelope).contains("<cd:content>JVBERi0xLjQK");
        assertThat(passed.operation()).isEqualTo("DelegateMediation");
        assertThat(passed.courtCode()).isEqualTo("内0502");
    }

    @Test
    void shouldAnswerMalformedXmlForAnMtomPackageWithoutItsXopPart() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cm1-delegate-mediation-mtom.http");
        clock.jumpTo(row.clock());
        CourtGateSamples.Request r = CourtGateSamples.request(row);
        String body = new String(r.body(), StandardCharsets.UTF_8).replace("cid:complaint-1530", "cid:missing-1530");
        assertThat(faultOf(new CourtGateSamples.Request(body.getBytes(StandardCharsets.UTF_8), r.contentType(),
                r.soapAction())).code()).isEqualTo(CourtResultCode.MALFORMED_XML);
    }

    @Test
    void shouldRefuseAnMtomRootPartInAnotherCharset() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cm1-delegate-mediation-mtom.http");
        clock.jumpTo(row.clock());
        CourtGateSamples.Request r = CourtGateSamples.request(row);
        String body = new String(r.body(), StandardCharsets.UTF_8)
                .replace("application/xop+xml; charset=UTF-8", "application/xop+xml; charset=GBK");
        assertThat(faultOf(new CourtGateSamples.Request(body.getBytes(StandardCharsets.UTF_8), r.contentType(),
                r.soapAction())).code()).isEqualTo(CourtResultCode.ENCODING_UNSUPPORTED);
    }

    @Test
    void shouldNeverReadTheFileAnExternalEntityPointsAt(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "MARKER-7f3a-do-not-read");
        CourtGateSamples.Row row = CourtGateSamples.row("invalid-xxe-doctype.xml");
        clock.jumpTo(row.clock());
        String xml = CourtGateSamples.text(row.file()).replace("file:///etc/passwd", secret.toUri().toString())
                // and use the entity, so that any parser that expanded it would put the marker into the text
                .replace("<cd:claim>", "<cd:claim>&xxe;");
        CourtFaultException f = faultOf(new CourtGateSamples.Request(xml.getBytes(StandardCharsets.UTF_8),
                row.contentType(), null));
        assertThat(f.code()).isEqualTo(CourtResultCode.XML_FORBIDDEN);
        SoapFault rendered = CourtFaults.toSoapFault(f);
        assertThat(rendered.getMessage()).doesNotContain("MARKER");
        assertThat(rendered.getDetail().getTextContent()).doesNotContain("MARKER");
        assertThat(String.valueOf(f.getMessage())).doesNotContain("MARKER");
        assertThat(f.getCause()).isNull();
    }

    @Test
    void shouldRefuseTheBillionLaughsAtOnceWithoutExpandingAnything() {
        CourtGateSamples.Row row = CourtGateSamples.row("invalid-billion-laughs.xml");
        clock.jumpTo(row.clock());
        long start = System.nanoTime();
        CourtFaultException f = faultOf(CourtGateSamples.request(row));
        assertThat(f.code()).isEqualTo(CourtResultCode.XML_FORBIDDEN);
        assertThat(f.getCause()).as("no parser error behind it: nothing was parsed").isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void shouldRefuseAProcessingInstructionAnywhereButNotTheXmlDeclarationOrCommentsAboutIt() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cc2-extend-delegation.xml");
        clock.jumpTo(row.clock());
        String xml = CourtGateSamples.text(row.file());
        String withPi = xml.replace("<cd:reason>", "<?court-hint keep?><cd:reason>");
        assertThat(faultOf(request(withPi, row)).code()).isEqualTo(CourtResultCode.XML_FORBIDDEN);
        String piInComment = resign(xml, row).replace("<soap:Body>", "<soap:Body><!-- <?not-a-pi?> <!DOCTYPE x> -->");
        assertThat(check(request(piInComment, row)).operation()).isEqualTo("ExtendDelegation");
    }

    @Test
    void shouldRefuseDoctypeEvenWhenTheRestIsNotWellFormed() {
        CourtGateSamples.Row row = CourtGateSamples.row("invalid-malformed-xml.xml");
        clock.jumpTo(row.clock());
        String xml = CourtGateSamples.text(row.file()).replace("</soap:Envelope>", "<!DOCTYPE late></soap:Envelope>");
        assertThat(faultOf(request(xml, row)).code()).isEqualTo(CourtResultCode.XML_FORBIDDEN);
    }

    @Test
    void shouldCountXsdLengthsInCodePoints() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cc1-delegate-mediation-post-filing-ordinary.xml");
        clock.jumpTo(row.clock());
        String xml = CourtGateSamples.text(row.file());
        int from = xml.indexOf("<cd:claim>") + "<cd:claim>".length();
        int to = xml.indexOf("</cd:claim>");
        String fiveHundred = "赵".repeat(499) + "𠮷"; // 500 code points, 501 UTF-16 units
        assertThat(fiveHundred.codePointCount(0, fiveHundred.length())).isEqualTo(500);
        String valid = xml.substring(0, from) + fiveHundred + xml.substring(to);
        assertThat(check(request(resign(valid, row), row)).operation()).isEqualTo("DelegateMediation");

        String tooLong = xml.substring(0, from) + "赵" + fiveHundred + xml.substring(to);
        CourtFaultException f = faultOf(request(resign(tooLong, row), row));
        assertThat(f.code()).isEqualTo(CourtResultCode.SCHEMA_INVALID);
        assertThat(f.humanMessage()).contains("maxLength").doesNotContain("赵赵");
    }

    @Test
    void shouldRefuseASoapActionNamingAnotherOperationButAcceptAnEmptyOne() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cc2-extend-delegation.xml");
        clock.jumpTo(row.clock());
        String xml = CourtGateSamples.text(row.file());
        assertThat(faultOf(new CourtGateSamples.Request(resign(xml, row).getBytes(StandardCharsets.UTF_8),
                row.contentType(), "\"urn:tongliao:court:docking:v1:WithdrawDelegation\"")).code())
                .isEqualTo(CourtResultCode.SCHEMA_INVALID);
        assertThat(check(new CourtGateSamples.Request(resign(xml, row).getBytes(StandardCharsets.UTF_8),
                row.contentType(), "\"\"")).operation()).isEqualTo("ExtendDelegation");
    }

    @Test
    void shouldRefuseACourtIntakeElementInTheBody() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cc2-extend-delegation.xml");
        clock.jumpTo(row.clock());
        String xml = resign(CourtGateSamples.text(row.file()), row)
                .replace("cd:ExtendDelegation>", "cd:AcknowledgeDelegation>");
        assertThat(faultOf(new CourtGateSamples.Request(xml.getBytes(StandardCharsets.UTF_8), row.contentType(), null))
                .code()).isEqualTo(CourtResultCode.SCHEMA_INVALID);
    }

    @Test
    void shouldRefuseAMessageWithoutSecurityHeaderAndTwoSecurityHeaders() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cc2-extend-delegation.xml");
        clock.jumpTo(row.clock());
        String xml = CourtGateSamples.text(row.file());
        String security = xml.substring(xml.indexOf("<wsse:Security"),
                xml.indexOf("</wsse:Security>") + "</wsse:Security>".length());
        assertThat(faultOf(request(xml.replace(security, ""), row)).code())
                .isEqualTo(CourtResultCode.SECURITY_HEADER_INVALID);
        assertThat(faultOf(request(xml.replace(security, security + security), row)).code())
                .isEqualTo(CourtResultCode.SECURITY_HEADER_INVALID);
    }

    @Test
    void shouldAcceptAUtf8ByteOrderMarkAndAnAbsentCharset() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cc2-extend-delegation.xml");
        clock.jumpTo(row.clock());
        byte[] xml = resign(CourtGateSamples.text(row.file()), row).getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[xml.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(xml, 0, bom, 3, xml.length);
        assertThat(check(new CourtGateSamples.Request(bom, "text/xml", null)).operation())
                .isEqualTo("ExtendDelegation");
    }

    @Test
    void shouldRefuseACharsetOtherThanUtf8InTheContentTypeAlone() {
        CourtGateSamples.Row row = CourtGateSamples.row("valid-cc2-extend-delegation.xml");
        clock.jumpTo(row.clock());
        byte[] xml = CourtGateSamples.bytes(row.file());
        assertThat(faultOf(new CourtGateSamples.Request(xml, "text/xml; charset=GBK", null)).code())
                .isEqualTo(CourtResultCode.ENCODING_UNSUPPORTED);
    }

    @Test
    void shouldAnswerMalformedXmlForAnEmptyBody() {
        assertThatThrownBy(() -> gate.check(new byte[0], "text/xml; charset=utf-8", null))
                .isInstanceOfSatisfying(CourtFaultException.class,
                        f -> assertThat(f.code()).isEqualTo(CourtResultCode.MALFORMED_XML));
    }

    @Test
    void shouldRefuseARootThatIsNoEnvelopeAsSchemaInvalid() {
        assertThat(faultOf(new CourtGateSamples.Request(
                "<cd:ExtendDelegation xmlns:cd=\"urn:tongliao:court:docking:v1\"/>".getBytes(StandardCharsets.UTF_8),
                "text/xml", null)).code()).isEqualTo(CourtResultCode.SCHEMA_INVALID);
    }

    // ------------------------------------------------------------------ helpers

    private CourtGate.Passed check(CourtGateSamples.Row row) {
        return check(CourtGateSamples.request(row));
    }

    private CourtGate.Passed check(CourtGateSamples.Request r) {
        return gate.check(r.body(), r.contentType(), r.soapAction());
    }

    private CourtFaultException faultOf(CourtGateSamples.Request r) {
        CourtFaultException f = catchThrowableOfType(() -> check(r), CourtFaultException.class);
        assertThat(f).as("a fault").isNotNull();
        return f;
    }

    private static CourtGateSamples.Request request(String xml, CourtGateSamples.Row row) {
        return new CourtGateSamples.Request(xml.getBytes(StandardCharsets.UTF_8), row.contentType(),
                "\"" + row.soapAction() + "\"");
    }

    /** A fresh security header for the row's court at the row's clock (a new nonce each time). */
    private String resign(String xml, CourtGateSamples.Row row) {
        String user = "court-" + CourtProperties.digits(row.court());
        return CourtGateSamples.resign(xml, user, CourtGateSamples.samplePassword(user), clock.instant());
    }
}
