package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.infra.HubClock;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tongliao.court.docking.v1.ObjectFactory;
import tongliao.court.docking.v1.ReceiptStatusType;
import tongliao.court.docking.v1.ReceiptType;

/**
 * The running hub's CourtDocking endpoint over real HTTP (contract §3, §4, §10 steps 1–12), with the hub clock at
 * each sample's manifest clock.
 */
@HubIT
class CourtDockingSecurityIT extends HubITSupport {

    private static final List<String> OPERATIONS = List.of("DelegateMediation", "ExtendDelegation",
            "WithdrawDelegation", "NotifyCaseFiled", "NotifyJudicialConfirmation");

    @Autowired
    private Clock clock;
    @Autowired
    private CamelContext camel;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * The operation routes live in another part of the connector; where they are absent, stand-ins answer ACCEPTED so
     * that this test sees the gate alone.
     */
    @BeforeEach
    void operationRoutesOrStandIns() throws Exception {
        for (String op : OPERATIONS) {
            String uri = CourtHeaders.routeOf(op);
            boolean present = camel.getRoutes().stream()
                    .anyMatch(r -> r.getEndpoint().getEndpointUri().replace("direct://", "direct:").equals(uri));
            if (!present) {
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri).routeId("test-stand-in-" + uri.substring("direct:".length()))
                                .errorHandler(noErrorHandler())
                                .process(e -> {
                                    ReceiptType r = new ObjectFactory().createReceiptType();
                                    r.setReceiptId("TJR-TEST-" + UUID.randomUUID().toString().substring(0, 8));
                                    r.setMessageId("FY-TEST-0000001");
                                    r.setReceivedAt(CourtTimes.toXml(e.getIn().getHeader(CourtHeaders.RECEIVED_AT,
                                            java.time.OffsetDateTime.class)));
                                    r.setStatus(ReceiptStatusType.ACCEPTED);
                                    e.getIn().setBody(r);
                                });
                    }
                });
            }
        }
    }

    @Test
    void shouldAcceptAValidDelegationWithAReceipt() throws Exception {
        HttpResponse<String> r = send("valid-cf1-delegate-mediation-legacy-neighbours.xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(r.body()).contains("DelegateMediationResponse").contains("ACCEPTED").doesNotContain("Header>")
                .doesNotContain("TongjieCourt");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("tongjiecourt"));
    }

    @Test
    void shouldAnswerSecurityHeaderInvalidWhenTheSecurityHeaderIsMissing() throws Exception {
        CourtGateSamples.Row row = at("valid-cc2-extend-delegation.xml");
        String xml = CourtGateSamples.text(row.file());
        String unsigned = xml.substring(0, xml.indexOf("<wsse:Security"))
                + xml.substring(xml.indexOf("</wsse:Security>") + "</wsse:Security>".length());
        HttpResponse<String> r = post(unsigned.getBytes(StandardCharsets.UTF_8), row.contentType(), row.soapAction());
        assertFault(r, 500, "soap:Client", "SECURITY_HEADER_INVALID");
    }

    @Test
    void shouldAnswerTimestampInvalidForTheExpiredSample() throws Exception {
        assertFault(send("invalid-expired-timestamp.xml"), 500, "soap:Client", "TIMESTAMP_INVALID");
    }

    @Test
    void shouldAnswerAuthFailedForAWrongPassword() throws Exception {
        assertFault(send("invalid-wrong-password-digest.xml"), 500, "soap:Client", "AUTH_FAILED");
    }

    @Test
    void shouldAnswerNonceReplayedWhenValidCc2IsReplayedWithItsOwnSecurityHeader() throws Exception {
        HttpResponse<String> first = send("valid-cc2-extend-delegation.xml");
        assertThat(first.body()).doesNotContain("SECURITY_HEADER_INVALID", "TIMESTAMP_INVALID", "AUTH_FAILED",
                "NONCE_REPLAYED");
        assertFault(send("invalid-nonce-replayed.xml"), 500, "soap:Client", "NONCE_REPLAYED");
        assertThat(jdbc.sql("select count(*) from court_nonce where username = 'court-0502'").query(Long.class)
                .single()).isEqualTo(1L);
    }

    @Test
    void shouldAnswerNotAuthorizedWhenAnotherCourtsCredentialsCarryThisCourtCode() throws Exception {
        HttpResponse<String> r = send("invalid-court-mismatch.xml");
        assertFault(r, 500, "soap:Client", "NOT_AUTHORIZED");
        assertThat(r.body()).contains("<cd:field>/DelegateMediation/courtCode</cd:field>");
    }

    @Test
    void shouldRefuseXxeWithXmlForbiddenAndReadNothing(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "MARKER-c0urt-xxe-not-read");
        CourtGateSamples.Row row = at("invalid-xxe-doctype.xml");
        String xml = CourtGateSamples.text(row.file()).replace("file:///etc/passwd", secret.toUri().toString())
                .replace("<cd:claim>", "<cd:claim>&xxe;");
        HttpResponse<String> r = post(xml.getBytes(StandardCharsets.UTF_8), row.contentType(), row.soapAction());
        assertFault(r, 500, "soap:Client", "XML_FORBIDDEN");
        assertThat(r.body()).doesNotContain("MARKER");
        assertThat(r.headers().toString()).doesNotContain("MARKER");
    }

    @Test
    void shouldAnswerVersionMismatchToASoap12RequestWithASoap11Fault() throws Exception {
        HttpResponse<String> r = send("invalid-soap12-envelope.xml");
        assertFault(r, 500, "soap:VersionMismatch", "VERSION_MISMATCH");
        assertThat(r.body()).contains("http://schemas.xmlsoap.org/soap/envelope/")
                .doesNotContain("http://www.w3.org/2003/05/soap-envelope");
    }

    @Test
    void shouldAnswerMustUnderstandForAnUnknownMandatoryHeader() throws Exception {
        assertFault(send("invalid-must-understand-header.xml"), 500, "soap:MustUnderstand", "MUST_UNDERSTAND");
    }

    @Test
    void shouldAnswerHttp413WithAnEmptyBodyAndRecordNothingForAnOversizedRequest() throws Exception {
        HttpResponse<String> r = send("invalid-body-over-10-mib.seed.xml");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).isEmpty();
        assertThat(jdbc.sql("select count(*) from court_nonce").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from court_delegation where delegation_id = 'WT0502-2026-001119'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void shouldAcceptTheMtomSample() throws Exception {
        HttpResponse<String> r = send("valid-cm1-delegate-mediation-mtom.http");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml")
                .doesNotContain("multipart");
        assertThat(r.body()).contains("ACCEPTED");
    }

    @Test
    void shouldServeTheContractWsdlWithTheHubsRealAddressAndItsXsd() throws Exception {
        String base = "http://127.0.0.1:" + port + CourtDockingEndpoint.PATH;
        HttpResponse<String> wsdl = http.send(HttpRequest.newBuilder(URI.create(base + "?wsdl")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wsdl.statusCode()).isEqualTo(200);
        assertThat(wsdl.body()).contains("location=\"" + base + "\"").doesNotContain("example.invalid")
                .contains("CourtDockingPortType");
        String xsdRef = wsdl.body().replaceAll("(?s).*schemaLocation=\"([^\"]+)\".*", "$1");
        assertThat(xsdRef).contains("?xsd=");
        HttpResponse<String> xsd = http.send(HttpRequest.newBuilder(URI.create(xsdRef.replace("&amp;", "&")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(xsd.statusCode()).isEqualTo(200);
        assertThat(xsd.body()).contains("targetNamespace=\"urn:tongliao:court:docking:v1\"")
                .contains("DelegateMediation");
    }

    // ------------------------------------------------------------------ helpers

    private CourtGateSamples.Row at(String file) {
        CourtGateSamples.Row row = CourtGateSamples.row(file);
        ((HubClock) clock).jumpTo(row.clock());
        return row;
    }

    private HttpResponse<String> send(String file) throws Exception {
        CourtGateSamples.Row row = at(file);
        CourtGateSamples.Request req = CourtGateSamples.request(row);
        return post(req.body(), req.contentType(), req.soapAction());
    }

    private HttpResponse<String> post(byte[] body, String contentType, String soapAction) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + CourtDockingEndpoint.PATH))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (soapAction != null && !soapAction.isEmpty()) {
            b.header("SOAPAction", soapAction.startsWith("\"") ? soapAction : "\"" + soapAction + "\"");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertFault(HttpResponse<String> r, int status, String faultcode, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/xml");
        assertThat(r.body()).contains("<faultcode>" + faultcode + "</faultcode>")
                .contains("xml:lang=\"zh-CN\"")
                .contains("CourtFault").contains(">" + code + "</")
                .doesNotContain("Header>").doesNotContain("at cn.tongjie").doesNotContain("Exception");
    }
}
