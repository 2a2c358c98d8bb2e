package cn.tongjie.hub.police;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import cn.tongjie.hub.police.HandoverValidator.Reason;
import cn.tongjie.hub.police.HandoverValidator.ReasonCode;
import cn.tongjie.hub.police.HandoverValidator.Result;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Police contract §5.4: the stage order, the reason codes and their JSON Pointers, for every handover sample
 * (built exactly as {@code samples/police/README.md} describes) and for crafted records, one per stage.
 */
class HandoverValidatorTest {

    /** Writes characters outside the BMP as raw 4-byte UTF-8, as the police producer does (contract §3). */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private static final String SAMPLES = "samples/police/";

    /** One Kafka record as the harness would produce it. */
    record KafkaRecord(String file, int index, byte[] key, byte[] value, Map<String, String> headers) {
        Result validate() {
            return HandoverValidator.validate(key, value, headers);
        }

        @Override
        public String toString() {
            return file + "#" + (index + 1);
        }
    }

    // ------------------------------------------------------------------ samples

    static Stream<Arguments> validSampleRecords() {
        return Stream.of("handover-story-N-neighbour-0302", "handover-story-N-neighbour-correction",
                        "handover-resend-same-msg-id", "handover-story-L-mass-wage-0303",
                        "handover-story-F-family-0301-violence-risk", "handover-anonymous-caller-0306-kaifaqu")
                .flatMap(name -> records(name).stream())
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSampleRecords")
    void shouldAcceptValidHandoverSample(KafkaRecord record) {
        Result result = record.validate();

        assertThat(result.reasons()).as(record.toString()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.jjdbh()).isEqualTo(new String(record.key(), StandardCharsets.UTF_8));
        assertThat(result.msgId()).isEqualTo(record.headers().get("police-msg-id"));
        assertThat(result.sentAt()).isEqualTo(record.headers().get("police-sent-at"));
        assertThat(result.value().path("jjdbh").asText()).isEqualTo(result.jjdbh());
    }

    @Test
    void shouldKeepNonBmpNamesOfStoryNExactly() {
        KafkaRecord record = records("handover-story-N-neighbour-0302").get(0);
        // the value carries 𠮷 as raw 4-byte UTF-8 (F0 A0 AE B7), not as escapes
        assertThat(new String(record.value(), StandardCharsets.ISO_8859_1))
                .contains(new String(new byte[] {(byte) 0xF0, (byte) 0xA0, (byte) 0xAE, (byte) 0xB7},
                        StandardCharsets.ISO_8859_1));
        Result result = record.validate();

        assertThat(result.valid()).isTrue();
        assertThat(result.value().path("bjrxm").asText()).isEqualTo("赵\uD842\uDFB7安");
        assertThat(result.value().path("dsr").get(0).path("xm").asText()).isEqualTo("赵𠮷安");
    }

    @Test
    void shouldQuarantineLegacyPipeDelimitedGbkTextAsValueNotJson() {
        Result result = single("invalid-value-not-json").validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.primary()).isEqualTo(ReasonCode.VALUE_NOT_JSON);
        assertThat(codes(result)).containsOnly(ReasonCode.VALUE_NOT_JSON);
    }

    @Test
    void shouldQuarantineSchemaVersion11AsUnsupported() {
        Result result = single("invalid-schema-version-1.1").validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.primary()).isEqualTo(ReasonCode.SCHEMA_VERSION_UNSUPPORTED);
        assertThat(codes(result)).containsOnly(ReasonCode.SCHEMA_VERSION_UNSUPPORTED);
    }

    @Test
    void shouldQuarantineRecordWithoutJjdbhMemberAsFieldMissingAtJjdbh() {
        Result result = single("invalid-missing-jjdbh").validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.primary()).isEqualTo(ReasonCode.FIELD_MISSING);
        assertThat(result.reasons()).extracting(Reason::code, Reason::pointer)
                .containsExactly(tuple(ReasonCode.FIELD_MISSING, "/jjdbh"));
    }

    @Test
    void shouldReportUnknownRegionAsRegionUnknownNotAsFieldInvalid() {
        Result result = single("invalid-xzqhdm-unknown").validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.primary()).isEqualTo(ReasonCode.REGION_UNKNOWN);
        assertThat(result.reasons()).extracting(Reason::code, Reason::pointer)
                .containsExactly(tuple(ReasonCode.REGION_UNKNOWN, "/xzqhdm"));
    }

    @Test
    void shouldQuarantineRecordWithBadIdNumberAsCheckDigitAtSecondParty() {
        KafkaRecord record = single("invalid-id-check-digit");
        Result result = record.validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.primary()).isEqualTo(ReasonCode.CHECK_DIGIT);
        assertThat(result.reasons()).extracting(Reason::code, Reason::pointer)
                .containsExactly(tuple(ReasonCode.CHECK_DIGIT, "/dsr/1/sfzh"));
        // the detail goes to logs and the operator console: it must not repeat the (personal) ID number
        assertThat(result.reasons().get(0).detail()).doesNotContain("152301197211200513");
    }

    @Test
    void shouldQuarantineOnlyThePoisonRecordBetweenTwoGoodOnes() {
        List<KafkaRecord> records = records("invalid-poison-between-good-records");
        assertThat(records).hasSize(3);

        assertThat(records.get(0).validate().valid()).isTrue();
        Result poison = records.get(1).validate();
        assertThat(poison.valid()).isFalse();
        assertThat(poison.primary()).isEqualTo(ReasonCode.VALUE_NOT_JSON);
        assertThat(records.get(2).validate().valid()).isTrue();
    }

    // ------------------------------------------------------------------ crafted records, one per stage

    @Nested
    class Stage1Empty {

        @Test
        void shouldQuarantineZeroByteValueAsValueEmpty() {
            Result result = HandoverValidator.validate(goodKey(), new byte[0], goodHeaders());

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.VALUE_EMPTY);
        }

        @Test
        void shouldQuarantineTombstoneAsValueEmpty() {
            Result result = HandoverValidator.validate(goodKey(), null, goodHeaders());

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.VALUE_EMPTY);
        }
    }

    @Nested
    class Stage2NotJson {

        @Test
        void shouldQuarantineValueStartingWithUtf8BomEvenIfTheJsonIsFine() {
            byte[] json = bytes(good());
            byte[] withBom = new byte[json.length + 3];
            withBom[0] = (byte) 0xEF;
            withBom[1] = (byte) 0xBB;
            withBom[2] = (byte) 0xBF;
            System.arraycopy(json, 0, withBom, 3, json.length);

            Result result = HandoverValidator.validate(goodKey(), withBom, goodHeaders());

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.VALUE_NOT_JSON);
        }

        @Test
        void shouldQuarantineValueThatIsNotValidUtf8() {
            byte[] gbk = new String(bytes(good()), StandardCharsets.UTF_8).getBytes(Charset.forName("GB18030"));

            Result result = HandoverValidator.validate(goodKey(), gbk, goodHeaders());

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.VALUE_NOT_JSON);
        }

        @ParameterizedTest
        @ValueSource(strings = {"[1,2]", "\"1.2\"", "null", "{\"sv\":\"1.2\"", "{\"sv\":\"1.2\"} {}"})
        void shouldQuarantineValueThatIsNotOneJsonObject(String text) {
            Result result = HandoverValidator.validate(goodKey(), text.getBytes(StandardCharsets.UTF_8), goodHeaders());

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.VALUE_NOT_JSON);
        }

        @Test
        void shouldAcceptNonBmpCharactersWrittenAsSurrogateEscapes() {
            String text = new String(bytes(good()), StandardCharsets.UTF_8).replace("𠮷", "\\ud842\\udfb7");
            assertThat(text).contains("\\ud842\\udfb7").doesNotContain("𠮷");

            Result result = HandoverValidator.validate(goodKey(), text.getBytes(StandardCharsets.UTF_8), goodHeaders());

            assertThat(result.reasons()).isEmpty();
            assertThat(result.value().path("bjrxm").asText()).isEqualTo("赵𠮷安");
        }
    }

    @Nested
    class Stage3SchemaVersion {

        @Test
        void shouldRejectSchemaVersionGivenAsTheNumber12() {
            Result result = validate(good(v -> v.put("sv", 1.2)));

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.SCHEMA_VERSION_UNSUPPORTED);
        }

        @Test
        void shouldRejectRecordWithoutSchemaVersion() {
            Result result = validate(good(v -> v.remove("sv")));

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.SCHEMA_VERSION_UNSUPPORTED);
        }

        @Test
        void shouldReportSchemaVersionBeforeAnyFieldProblem() {
            Result result = validate(good(v -> {
                v.put("sv", "2.0");
                v.remove("fadz");
                v.put("jqlbdm", "0101");
            }));

            assertThat(codes(result)).containsOnly(ReasonCode.SCHEMA_VERSION_UNSUPPORTED);
        }
    }

    @Nested
    class Stage4Headers {

        @Test
        void shouldRejectRecordWithoutPoliceMsgIdHeader() {
            Map<String, String> headers = goodHeaders();
            headers.remove("police-msg-id");

            Result result = HandoverValidator.validate(goodKey(), bytes(good()), headers);

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.HEADER_MISSING);
        }

        @Test
        void shouldRejectUpperCasePoliceMsgIdValue() {
            Map<String, String> headers = goodHeaders();
            headers.put("police-msg-id", headers.get("police-msg-id").toUpperCase());

            Result result = HandoverValidator.validate(goodKey(), bytes(good()), headers);

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.HEADER_MISSING);
        }

        @Test
        void shouldTreatUpperCaseHeaderNameAsMissingHeader() {
            Map<String, String> headers = goodHeaders();
            headers.put("POLICE-MSG-ID", headers.remove("police-msg-id"));

            Result result = HandoverValidator.validate(goodKey(), bytes(good()), headers);

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.HEADER_MISSING);
        }

        @ParameterizedTest
        @ValueSource(strings = {"20261131102300", "20261128250000", "2026112810230", "2026-11-28T10:23:00", ""})
        void shouldRejectImpossibleOrMalformedPoliceSentAt(String sentAt) {
            Map<String, String> headers = goodHeaders();
            headers.put("police-sent-at", sentAt);

            Result result = HandoverValidator.validate(goodKey(), bytes(good()), headers);

            assertThat(result.valid()).as(sentAt).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.HEADER_MISSING);
        }

        @Test
        void shouldRejectRecordWithoutPoliceSentAtHeader() {
            Map<String, String> headers = goodHeaders();
            headers.remove("police-sent-at");

            Result result = HandoverValidator.validate(goodKey(), bytes(good()), headers);

            assertThat(result.primary()).isEqualTo(ReasonCode.HEADER_MISSING);
        }

        @Test
        void shouldReportHeaderProblemAndNotTheFieldProblemsOfALaterStage() {
            Map<String, String> headers = goodHeaders();
            headers.remove("police-msg-id");
            ObjectNode value = good(v -> {
                v.remove("fadz");
                v.put("jqlbdm", "0101");
            });

            Result result = HandoverValidator.validate("J999".getBytes(StandardCharsets.UTF_8), bytes(value), headers);

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.HEADER_MISSING);
            assertThat(codes(result)).containsOnly(ReasonCode.HEADER_MISSING);
        }
    }

    @Nested
    class Stage5Fields {

        @Test
        void shouldReportLongitudeWithoutLatitudeAsMissingLatitude() {
            Result result = validate(good(v -> v.remove("wd")));

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.FIELD_MISSING);
            assertThat(pointersOf(result, ReasonCode.FIELD_MISSING)).containsExactly("/wd");
        }

        @Test
        void shouldReportLatitudeWithoutLongitudeAsMissingLongitude() {
            Result result = validate(good(v -> v.remove("jd")));

            assertThat(result.primary()).isEqualTo(ReasonCode.FIELD_MISSING);
            assertThat(pointersOf(result, ReasonCode.FIELD_MISSING)).containsExactly("/jd");
        }

        @Test
        void shouldAcceptRecordWithNeitherLongitudeNorLatitude() {
            Result result = validate(good(v -> {
                v.remove("jd");
                v.remove("wd");
            }));

            assertThat(result.reasons()).isEmpty();
        }

        @Test
        void shouldRejectCriminalCaseCategory0101AsFieldInvalid() {
            Result result = validate(good(v -> v.put("jqlbdm", "0101")));

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.FIELD_INVALID);
            assertThat(pointersOf(result, ReasonCode.FIELD_INVALID)).containsExactly("/jqlbdm");
        }

        @Test
        void shouldRejectImpossibleCalendarDateInBjsj() {
            // 30 February passes the schema's pattern; only the real-calendar rule catches it
            Result result = validate(good(v -> v.put("bjsj", "20260230204116")));

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.FIELD_INVALID);
            assertThat(pointersOf(result, ReasonCode.FIELD_INVALID)).containsExactly("/bjsj");
        }

        @Test
        void shouldRejectImpossibleCalendarDateInXgsj() {
            Result result = validate(good(v -> v.put("xgsj", "20261131214810")));

            assertThat(result.primary()).isEqualTo(ReasonCode.FIELD_INVALID);
            assertThat(pointersOf(result, ReasonCode.FIELD_INVALID)).containsExactly("/xgsj");
        }

        @Test
        void shouldRejectLowerCaseXInIdNumberAsFieldInvalidNotCheckDigit() {
            Result result = validate(good(v -> ((ObjectNode) v.withArray("dsr").get(1)).put("sfzh", "15232319881231039x")));

            assertThat(result.valid()).isFalse();
            assertThat(result.reasons()).extracting(Reason::code, Reason::pointer)
                    .containsExactly(tuple(ReasonCode.FIELD_INVALID, "/dsr/1/sfzh"));
        }

        @Test
        void shouldAcceptRegionUnderTheDevelopmentZone150571() {
            Result result = validate(good(v -> v.put("xzqhdm", "150571001")));

            assertThat(result.reasons()).isEmpty();
        }

        @Test
        void shouldTolerateUnknownAdditionalMembers() {
            Result result = validate(good(v -> {
                v.put("xzbz", "police may add optional fields within 1.x");
                ((ObjectNode) v.withArray("dsr").get(0)).put("mz", "01");
            }));

            assertThat(result.reasons()).isEmpty();
            assertThat(result.valid()).isTrue();
        }

        @Test
        void shouldCollectEveryFieldProblemWithTheMissingMemberFirst() {
            Result result = validate(good(v -> {
                v.remove("fadz");
                v.put("jqlbdm", "0101");
                v.put("xzqhdm", "150599001001");
                ((ObjectNode) v.withArray("dsr").get(1)).put("sfzh", "152301197211200513");
                v.put("bjsj", "20260230204116");
            }));

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.FIELD_MISSING);
            assertThat(result.reasons()).extracting(Reason::code, Reason::pointer).contains(
                    tuple(ReasonCode.FIELD_MISSING, "/fadz"),
                    tuple(ReasonCode.FIELD_INVALID, "/jqlbdm"),
                    tuple(ReasonCode.FIELD_INVALID, "/bjsj"),
                    tuple(ReasonCode.CHECK_DIGIT, "/dsr/1/sfzh"),
                    tuple(ReasonCode.REGION_UNKNOWN, "/xzqhdm"));
            assertThat(codes(result)).doesNotContain(ReasonCode.KEY_MISMATCH);
            assertThat(pointersOf(result, ReasonCode.FIELD_INVALID)).doesNotContain("/xzqhdm");
        }

        @Test
        void shouldReportFieldProblemsBeforeAKeyMismatch() {
            Result result = HandoverValidator.validate("J150502202611270099".getBytes(StandardCharsets.UTF_8),
                    bytes(good(v -> v.put("jqlbdm", "0101"))), goodHeaders());

            assertThat(codes(result)).containsOnly(ReasonCode.FIELD_INVALID);
        }
    }

    @Nested
    class Stage6Key {

        @Test
        void shouldRejectRecordWhoseKeyDiffersFromJjdbh() {
            Result result = HandoverValidator.validate("J150502202611270099".getBytes(StandardCharsets.UTF_8),
                    bytes(good()), goodHeaders());

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.KEY_MISMATCH);
        }

        @Test
        void shouldRejectRecordWithoutKey() {
            Result result = HandoverValidator.validate(null, bytes(good()), goodHeaders());

            assertThat(result.valid()).isFalse();
            assertThat(result.primary()).isEqualTo(ReasonCode.KEY_MISMATCH);
        }

        @Test
        void shouldRejectKeyThatIsTheJjdbhInQuotes() {
            Result result = HandoverValidator.validate("\"J150502202611270087\"".getBytes(StandardCharsets.UTF_8),
                    bytes(good()), goodHeaders());

            assertThat(result.primary()).isEqualTo(ReasonCode.KEY_MISMATCH);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The story-N handover, valid; the base of every crafted record. */
    private static KafkaRecord base() {
        return records("handover-story-N-neighbour-0302").get(0);
    }

    private static ObjectNode good() {
        try {
            return (ObjectNode) JSON.readTree(base().value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode good(Consumer<ObjectNode> edit) {
        ObjectNode v = good();
        edit.accept(v);
        return v;
    }

    private static byte[] goodKey() {
        return base().key();
    }

    private static Map<String, String> goodHeaders() {
        return new LinkedHashMap<>(base().headers());
    }

    private static Result validate(ObjectNode value) {
        return HandoverValidator.validate(goodKey(), bytes(value), goodHeaders());
    }

    private static byte[] bytes(JsonNode value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ReasonCode> codes(Result result) {
        return result.reasons().stream().map(Reason::code).toList();
    }

    private static List<String> pointersOf(Result result, ReasonCode code) {
        return result.reasons().stream().filter(r -> r.code() == code).map(Reason::pointer).toList();
    }

    private static KafkaRecord single(String name) {
        List<KafkaRecord> records = records(name);
        assertThat(records).as(name).hasSize(1);
        return records.get(0);
    }

    /** The records of {@code samples/police/<name>.kafka.json}, with value bytes built as the samples README says. */
    static List<KafkaRecord> records(String name) {
        String file = name + ".kafka.json";
        try (InputStream in = HandoverValidatorTest.class.getClassLoader().getResourceAsStream(SAMPLES + file)) {
            assertThat(in).as("sample " + file).isNotNull();
            ArrayNode records = (ArrayNode) JSON.readTree(in).get("records");
            List<KafkaRecord> out = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                JsonNode r = records.get(i);
                byte[] key = r.hasNonNull("key") ? r.get("key").asText().getBytes(StandardCharsets.UTF_8) : null;
                byte[] value;
                if (r.has("valueBase64")) {
                    value = Base64.getDecoder().decode(r.get("valueBase64").asText());
                } else {
                    value = JSON.writeValueAsBytes(r.get("value"));
                }
                Map<String, String> headers = new LinkedHashMap<>();
                r.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                out.add(new KafkaRecord(file, i, key, value, headers));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
