package cn.tongjie.hub.court;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Just enough MIME for the court's MTOM requests (contract §3): a media type with parameters, and a
 * multipart/related package split into parts. Written here, on bytes, so that the gate sees the root part before any
 * XML parser does; a package it cannot split is "broken" (MALFORMED_XML, §10 step 4).
 */
final class CourtGateMime {

    private CourtGateMime() {
    }

    /** A media type: lower-case type/subtype and parameters (lower-case names, unquoted values). */
    record MediaType(String type, Map<String, String> params) {

        static MediaType parse(String header) {
            if (header == null || header.isBlank()) {
                return new MediaType("", Map.of());
            }
            List<String> pieces = splitParams(header);
            Map<String, String> params = new LinkedHashMap<>();
            for (String p : pieces.subList(1, pieces.size())) {
                int eq = p.indexOf('=');
                if (eq > 0) {
                    params.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), unquote(p.substring(eq + 1).trim()));
                }
            }
            return new MediaType(pieces.get(0).trim().toLowerCase(Locale.ROOT), params);
        }

        Optional<String> param(String name) {
            return Optional.ofNullable(params.get(name));
        }

        boolean isMultipart() {
            return type.startsWith("multipart/");
        }
    }

    /** One MIME part: its headers (lower-case names) and decoded body. */
    record Part(Map<String, String> headers, byte[] body) {

        String contentId() {
            return stripAngles(headers.getOrDefault("content-id", ""));
        }

        MediaType contentType() {
            return MediaType.parse(headers.get("content-type"));
        }
    }

    /** Thrown for a package that cannot be split (broken MTOM). */
    static final class BrokenPackage extends Exception {
        BrokenPackage(String message) {
            super(message, null, false, false);
        }
    }

    /** The parts of a multipart body, in order. */
    static List<Part> split(byte[] body, String boundary) throws BrokenPackage {
        if (boundary == null || boundary.isEmpty()) {
            throw new BrokenPackage("multipart without boundary");
        }
        byte[] crlfDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] lfDelimiter = ("\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] first = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        boolean atStart = startsWith(body, 0, first);
        // CRLF line ends as MIME requires; bare LF tolerated when the package uses no CRLF delimiter at all
        boolean crlf = indexOf(body, crlfDelimiter, 0) >= 0 || indexOf(body, lfDelimiter, 0) < 0;
        byte[] delimiter = crlf ? crlfDelimiter : lfDelimiter;
        int start = 0;
        if (!atStart) {
            int found = indexOf(body, delimiter, 0);
            if (found < 0) {
                throw new BrokenPackage("no boundary");
            }
            start = found + (crlf ? 2 : 1);
        }
        List<Part> parts = new ArrayList<>();
        int pos = start + first.length;
        while (true) {
            if (startsWith(body, pos, "--".getBytes(StandardCharsets.ISO_8859_1))) {
                break; // close delimiter
            }
            pos = skipLineEnd(body, pos);
            int next = indexOf(body, delimiter, pos);
            if (next < 0) {
                throw new BrokenPackage("missing close delimiter");
            }
            parts.add(part(body, pos, next));
            pos = next + delimiter.length;
        }
        if (parts.isEmpty()) {
            throw new BrokenPackage("no parts");
        }
        return parts;
    }

    private static Part part(byte[] body, int from, int to) throws BrokenPackage {
        Map<String, String> headers = new LinkedHashMap<>();
        int pos = from;
        String last = null;
        while (true) {
            int eol = indexOf(body, new byte[] {'\n'}, pos);
            if (eol < 0 || eol > to) {
                throw new BrokenPackage("part without header end");
            }
            String line = new String(body, pos, eol - pos, StandardCharsets.UTF_8);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            pos = eol + 1;
            if (line.isEmpty()) {
                break;
            }
            if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
                headers.merge(last, " " + line.trim(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BrokenPackage("bad part header");
            }
            last = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.put(last, line.substring(colon + 1).trim());
        }
        byte[] raw = java.util.Arrays.copyOfRange(body, pos, to);
        String encoding = headers.getOrDefault("content-transfer-encoding", "binary").trim().toLowerCase(Locale.ROOT);
        byte[] decoded = switch (encoding) {
            case "binary", "8bit", "7bit" -> raw;
            case "base64" -> {
                try {
                    yield Base64.getMimeDecoder().decode(raw);
                } catch (IllegalArgumentException e) {
                    throw new BrokenPackage("bad base64 part");
                }
            }
            default -> throw new BrokenPackage("unsupported Content-Transfer-Encoding");
        };
        return new Part(headers, decoded);
    }

    /** {@code cid:} URL (RFC 2392, percent-encoded) → the Content-ID it names. */
    static String cidOf(String href) {
        String value = href.trim();
        if (!value.regionMatches(true, 0, "cid:", 0, 4)) {
            return null;
        }
        byte[] bytes = value.substring(4).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length && hex(bytes[i + 1]) >= 0 && hex(bytes[i + 2]) >= 0) {
                out.write(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String stripAngles(String id) {
        String s = id.trim();
        return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }

    private static int skipLineEnd(byte[] body, int pos) {
        int p = pos;
        while (p < body.length && (body[p] == ' ' || body[p] == '\t')) {
            p++; // transport padding after a delimiter
        }
        if (p < body.length && body[p] == '\r') {
            p++;
        }
        if (p < body.length && body[p] == '\n') {
            p++;
        }
        return p;
    }

    private static List<String> splitParams(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static boolean startsWith(byte[] body, int pos, byte[] prefix) {
        if (pos < 0 || pos + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[pos + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
