package cn.tongjie.hub.court.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The court contract's samples/manifest.csv (contract §16) and the requests its rows stand for: the body file as it is,
 * the complete HTTP request of a {@code .http} row (MTOM), or the padded body of the {@code .seed.xml} row.
 */
public final class CourtManifest {

    public static final Path SAMPLES = Path.of("src/test/resources/samples/court");

    /** One manifest row. */
    public record Row(int seq, String file, String direction, String operation, String court, String soapAction,
            String contentType, OffsetDateTime clock, String expect, String field, String responseFile,
            String note) {

        public boolean c2h() {
            return "C2H".equals(direction);
        }

        @Override
        public String toString() {
            return seq + " " + file + " → " + expect + (field.isEmpty() ? "" : " " + field);
        }
    }

    /** An HTTP request as the court sends it: headers (no Content-Length, the client sets it) and body bytes. */
    public record Request(Map<String, String> headers, byte[] body) {
    }

    private CourtManifest() {
    }

    public static List<Row> rows() {
        List<String> lines = lines(SAMPLES.resolve("manifest.csv"));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> c = csv(line);
            rows.add(new Row(Integer.parseInt(c.get(0)), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6),
                    OffsetDateTime.parse(c.get(7)), c.get(8), c.get(9), c.get(10), c.get(11)));
        }
        return rows;
    }

    public static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(SAMPLES.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    /** The request of a C2H row, built as samples/README.md says. */
    public static Request request(Row row) {
        if (row.file().endsWith(".http")) {
            return parseHttp(bytes(row.file()));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", row.contentType());
        if (!row.soapAction().isEmpty()) {
            headers.put("SOAPAction", "\"" + row.soapAction() + "\"");
        }
        byte[] body = bytes(row.file());
        if (row.file().endsWith(".seed.xml")) {
            byte[] padded = Arrays.copyOf(body, 10_485_761);
            Arrays.fill(padded, body.length, padded.length, (byte) ' ');
            body = padded;
        }
        return new Request(headers, body);
    }

    /** A complete HTTP/1.1 request file: request line, headers, CRLF CRLF, body. */
    static Request parseHttp(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = new String(raw, 0, end, StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String h : head.split("\r\n")) {
            int colon = h.indexOf(':');
            if (colon > 0 && !h.startsWith("POST ")) {
                String name = h.substring(0, colon).trim();
                if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                    headers.put(name, h.substring(colon + 1).trim());
                }
            }
        }
        return new Request(headers, Arrays.copyOfRange(raw, end + 4, raw.length));
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180 fields of one line (quotes, doubled quotes). */
    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
