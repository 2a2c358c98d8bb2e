package cn.tongjie.hub.court;

import cn.tongjie.hub.common.WsUsernameToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

/**
 * The court contract's samples (src/test/resources/samples/court) as requests: manifest rows, the HTTP body and
 * headers of a row (also of the full-HTTP MTOM file and the padded 413 seed), and fresh security headers.
 */
final class CourtGateSamples {

    static final String DIR = "/samples/court/";
    /** samples/README.md "The HTTP 413 request": 10 MiB + 1 byte. */
    static final int OVERSIZED_BODY = 10_485_761;

    record Row(int seq, String file, String direction, String operation, String court, String soapAction,
            String contentType, Instant clock, String expect, String field) {

        /** FAULT:CODE → CODE, otherwise empty. */
        Optional<String> faultCode() {
            return expect.startsWith("FAULT:") ? Optional.of(expect.substring(6)) : Optional.empty();
        }
    }

    /** A request as sent over HTTP. */
    record Request(byte[] body, String contentType, String soapAction) {
    }

    private CourtGateSamples() {
    }

    static List<Row> manifest() {
        List<Row> rows = new ArrayList<>();
        List<String> lines = new String(bytes("manifest.csv"), StandardCharsets.UTF_8).lines().toList();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> c = csv(line);
            rows.add(new Row(Integer.parseInt(c.get(0)), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6),
                    OffsetDateTime.parse(c.get(7)).toInstant(), c.get(8), c.get(9)));
        }
        return rows;
    }

    static Row row(String file) {
        return manifest().stream().filter(r -> r.file().equals(file)).findFirst()
                .orElseThrow(() -> new AssertionError("no manifest row " + file));
    }

    /** The request of a C2H row exactly as samples/README.md says to send it. */
    static Request request(Row row) {
        String soapAction = row.soapAction().isEmpty() ? null : "\"" + row.soapAction() + "\"";
        if (row.file().endsWith(".http")) {
            return httpFile(bytes(row.file()));
        }
        byte[] body = bytes(row.file());
        if (row.file().endsWith(".seed.xml")) {
            byte[] padded = Arrays.copyOf(body, OVERSIZED_BODY);
            Arrays.fill(padded, body.length, OVERSIZED_BODY, (byte) ' ');
            body = padded;
        }
        return new Request(body, row.contentType(), soapAction);
    }

    static Request request(String file) {
        return request(row(file));
    }

    /** A full HTTP request file (request line, headers, blank line, body). */
    static Request httpFile(byte[] raw) {
        int split = CourtGateMime.indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        Map<String, String> headers = new LinkedHashMap<>();
        String head = new String(raw, 0, split, StandardCharsets.UTF_8);
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("POST ")) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body = Arrays.copyOfRange(raw, split + 4, raw.length);
        return new Request(body, headers.get("content-type"), headers.get("soapaction"));
    }

    static byte[] bytes(String file) {
        try (InputStream in = CourtGateSamples.class.getResourceAsStream(DIR + file)) {
            if (in == null) {
                throw new AssertionError("no sample " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String text(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    /** Contract §4 sample password of a court → hub username (court-0502 → Fy0502!sample-pass). */
    static String samplePassword(String username) {
        return "Fy" + username.substring("court-".length()) + "!sample-pass";
    }

    /** The sample with its wsse:Security block replaced by a fresh one for {@code username} at {@code now}. */
    static String resign(String xml, String username, String password, Instant now) {
        int from = xml.indexOf("<wsse:Security");
        int to = xml.indexOf("</wsse:Security>") + "</wsse:Security>".length();
        return xml.substring(0, from) + serialize(WsUsernameToken.securityHeader(username, password, now))
                + xml.substring(to);
    }

    static String serialize(org.w3c.dom.Element e) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(e), new StreamResult(out));
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
