package cn.tongjie.hub.tradeunion;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One JG result file read per trade-union contract §7.2 steps 1–3: file-level checks (first failure decides), a strict
 * RFC 4180 record scan that keeps each record's original text (for .rejected.csv), and per-record validation that
 * reports every problem of a record. Step 4 (apply) adds RESULT_CONFLICT problems through {@link #reject}.
 *
 * <p>Hand-written scanning rather than Commons CSV because the contract needs record-level syntax codes (ROW_SYNTAX,
 * ROW_TRUNCATED), 记录号 numbering with blank records counted, and each record's exact source text; writing still uses
 * Commons CSV.
 */
final class ResultFile {

    /** Known referral: its 受理日期 (for DATE_BEFORE_ACCEPTANCE). Empty ⇒ UNKNOWN_CASE. */
    interface Referrals {
        Optional<LocalDate> acceptedOn(String caseId);
    }

    record Problem(int recordNo, String caseId, String code, String text) {
    }

    /** A data record; {@code source} is its original text without the terminating CRLF. */
    record Row(int recordNo, List<String> fields, String source, boolean terminated) {
        String caseId() {
            return fields.isEmpty() ? "" : fields.get(0);
        }

        String field(int i) {
            return i < fields.size() ? fields.get(i) : "";
        }
    }

    static final Set<String> OUTCOMES = Set.of("成功", "不成功", "撤回");
    private static final Pattern CASE_ID = Pattern.compile("[A-Za-z0-9-]{1,40}");
    private static final Pattern DATE_SHAPE = Pattern.compile("[0-9]{4}/(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final String fileName;
    private final List<Problem> problems = new ArrayList<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<Row> syntaxBad = new ArrayList<>();
    private final java.util.Set<Integer> failed = new java.util.HashSet<>();
    private String headerSource;
    private boolean fileRejected;

    private ResultFile(String fileName) {
        this.fileName = fileName;
    }

    static ResultFile read(String fileName, byte[] bytes, LocalDate processingDate, Referrals referrals) {
        ResultFile f = new ResultFile(fileName);
        f.scan(bytes, processingDate, referrals);
        return f;
    }

    String fileName() {
        return fileName;
    }

    boolean fileRejected() {
        return fileRejected;
    }

    /** Rows that passed steps 2–3 and are to be applied (step 4). */
    List<Row> validRows() {
        return rows.stream().filter(r -> !failed.contains(r.recordNo())).toList();
    }

    List<Problem> problems() {
        return problems.stream().sorted(Comparator.comparingInt(Problem::recordNo)).toList();
    }

    boolean anyFailed() {
        return !problems.isEmpty();
    }

    /** Step 4 outcome for a row that cannot be applied (RESULT_CONFLICT): reported like a validation problem. */
    void reject(Row row, String code, String text) {
        problems.add(new Problem(row.recordNo(), row.caseId(), code, text));
        failed.add(row.recordNo());
    }

    /** §7.3 .err report bytes. */
    byte[] errReport() {
        List<List<String>> lines = new ArrayList<>();
        for (Problem p : problems()) {
            lines.add(List.of(fileName, Integer.toString(p.recordNo()), p.caseId() == null ? "" : p.caseId(), p.code(),
                    p.text()));
        }
        return UnionCsv.write(UnionCsv.ERR_HEADER, lines);
    }

    /** §7.2 step 5: the header plus the original text of every failed record, CRLF-terminated, in file order. */
    byte[] rejectedCsv() {
        StringBuilder sb = new StringBuilder(headerSource == null ? String.join(",", UnionCsv.RESULT_HEADER) : headerSource)
                .append("\r\n");
        List<Row> all = new ArrayList<>(rows);
        all.addAll(syntaxBad);
        all.sort(Comparator.comparingInt(Row::recordNo));
        for (Row r : all) {
            if (failed.contains(r.recordNo())) {
                sb.append(r.source()).append("\r\n");
            }
        }
        return UnionCsv.encode(sb);
    }

    private void fileProblem(String code, String text) {
        fileRejected = true;
        problems.add(new Problem(0, "", code, text));
    }

    private void scan(byte[] bytes, LocalDate processingDate, Referrals referrals) {
        if (bytes.length == 0) {
            fileProblem("FILE_EMPTY", "文件为空（0字节）");
            return;
        }
        if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            // A UTF-8 file sent by mistake would decode to plausible-looking GB18030 garbage: refuse before decoding.
            fileProblem("FILE_UTF8_BOM", "文件以UTF-8 BOM（EF BB BF）开头，应为GB18030编码，请重新导出");
            return;
        }
        String text = decode(bytes);
        if (text == null) {
            return;
        }
        List<Scanned> records = Scanner.records(text);
        Scanned header = records.isEmpty() ? null : records.get(0);
        if (header == null || header.problem != null || !header.fields.equals(UnionCsv.RESULT_HEADER)) {
            fileProblem("FILE_HEADER_MISMATCH", "第1行不是规定的6个列名：" + String.join(",", UnionCsv.RESULT_HEADER));
            return;
        }
        headerSource = header.source;
        for (int i = 1; i < records.size(); i++) {
            Scanned s = records.get(i);
            int no = i + 1;
            if (s.blank) {
                continue;
            }
            Row row = new Row(no, s.fields, s.source, s.terminated);
            if (s.problem != null) {
                syntaxBad.add(row);
                failed.add(no);
                problems.add(new Problem(no, s.fields.isEmpty() ? "" : s.fields.get(0), s.problem, s.problemText));
                continue;
            }
            rows.add(row);
            if (s.fields.size() != UnionCsv.RESULT_HEADER.size()) {
                failed.add(no);
                problems.add(new Problem(no, row.caseId(), "ROW_COLUMN_COUNT",
                        "字段数为" + s.fields.size() + "，应为6"));
                continue;
            }
            validate(row, processingDate, referrals);
        }
    }

    private String decode(byte[] bytes) {
        // Strict decoder: a malformed or unmapped sequence is reported with its byte offset, never replaced.
        CharsetDecoder dec = UnionCsv.GB18030.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length * 2 + 4);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            fileProblem("FILE_DECODE_ERROR", "第" + in.position() + "字节处的字节序列不是有效的GB18030编码");
            return null;
        }
        r = dec.flush(out);
        if (r.isError()) {
            fileProblem("FILE_DECODE_ERROR", "第" + in.position() + "字节处的字节序列不是有效的GB18030编码");
            return null;
        }
        out.flip();
        return out.toString();
    }

    private void validate(Row row, LocalDate processingDate, Referrals referrals) {
        int before = problems.size();
        int no = row.recordNo();
        String id = row.field(0);
        String outcome = row.field(1);
        String agreement = row.field(2);
        String mediator = row.field(3);
        String concluded = row.field(4);
        String remark = row.field(5);
        Optional<LocalDate> acceptedOn = Optional.empty();
        if (id.isEmpty()) {
            add(no, id, "REQUIRED", "案件编号不能为空");
        } else if (!CASE_ID.matcher(id).matches()) {
            add(no, id, "INVALID_FORMAT", "案件编号格式错误（1–40位字母、数字或-）");
        } else {
            acceptedOn = referrals.acceptedOn(id);
            if (acceptedOn.isEmpty()) {
                add(no, id, "UNKNOWN_CASE", "案件编号" + id + "不是通解平台委托的案件");
            }
        }
        if (outcome.isEmpty()) {
            add(no, id, "REQUIRED", "调解结果不能为空");
        } else if (!OUTCOMES.contains(outcome)) {
            add(no, id, "INVALID_VALUE", "调解结果“" + outcome + "”不在代码表（成功/不成功/撤回）中");
        }
        if (length(agreement) > 4000) {
            add(no, id, "TOO_LONG", "协议内容超过4000字");
        } else if ("成功".equals(outcome) && agreement.isEmpty()) {
            add(no, id, "REQUIRED", "调解结果为成功时协议内容不能为空");
        }
        if (mediator.isEmpty()) {
            add(no, id, "REQUIRED", "调解员不能为空");
        } else if (length(mediator) > 50) {
            add(no, id, "TOO_LONG", "调解员超过50字");
        }
        if (concluded.isEmpty()) {
            add(no, id, "REQUIRED", "办结日期不能为空");
        } else if (!DATE_SHAPE.matcher(concluded).matches()) {
            add(no, id, "INVALID_FORMAT", "办结日期格式应为yyyy/MM/dd");
        } else {
            LocalDate d = null;
            try {
                d = LocalDate.parse(concluded, DATE);
            } catch (DateTimeException e) {
                add(no, id, "INVALID_DATE", "办结日期" + concluded + "不是有效日期");
            }
            if (d != null && d.isAfter(processingDate)) {
                add(no, id, "DATE_IN_FUTURE", "办结日期" + concluded + "晚于处理日期");
            }
            if (d != null && acceptedOn.isPresent() && d.isBefore(acceptedOn.get())) {
                add(no, id, "DATE_BEFORE_ACCEPTANCE", "办结日期" + concluded + "早于受理日期");
            }
        }
        if (length(remark) > 500) {
            add(no, id, "TOO_LONG", "备注超过500字");
        }
        if (problems.size() > before) {
            failed.add(no);
        }
    }

    private void add(int no, String id, String code, String text) {
        problems.add(new Problem(no, id, code, text));
    }

    /** Lengths in characters as a clerk counts them: a 4-byte GB18030 character such as 𠮷 is one. */
    private static int length(String s) {
        return s.codePointCount(0, s.length());
    }

    /** A scanned record (§4 / §7.2 step 2). */
    static final class Scanned {
        final List<String> fields = new ArrayList<>();
        String source;
        boolean terminated;
        boolean blank;
        String problem;
        String problemText;
    }

    /** Strict RFC 4180 record scanner over decoded text; a record ends at CRLF outside quotes. */
    static final class Scanner {

        private Scanner() {
        }

        static List<Scanned> records(String t) {
            List<Scanned> out = new ArrayList<>();
            int i = 0;
            int n = t.length();
            while (i < n) {
                int start = i;
                Scanned rec = new Scanned();
                StringBuilder field = new StringBuilder();
                boolean inQuotes = false;
                boolean quotedField = false;
                boolean afterClosingQuote = false;
                boolean ended = false;
                while (i < n) {
                    char c = t.charAt(i);
                    if (inQuotes) {
                        if (c == '"') {
                            if (i + 1 < n && t.charAt(i + 1) == '"') {
                                field.append('"');
                                i += 2;
                                continue;
                            }
                            inQuotes = false;
                            afterClosingQuote = true;
                            i++;
                            continue;
                        }
                        field.append(c);
                        i++;
                        continue;
                    }
                    if (c == '\r' && i + 1 < n && t.charAt(i + 1) == '\n') {
                        rec.fields.add(field.toString());
                        rec.source = t.substring(start, i);
                        rec.terminated = true;
                        i += 2;
                        ended = true;
                        break;
                    }
                    if (c == ',') {
                        rec.fields.add(field.toString());
                        field.setLength(0);
                        quotedField = false;
                        afterClosingQuote = false;
                        i++;
                        continue;
                    }
                    if (c == '"' && field.length() == 0 && !quotedField && !afterClosingQuote) {
                        inQuotes = true;
                        quotedField = true;
                        i++;
                        continue;
                    }
                    if (afterClosingQuote) {
                        syntax(rec, "关闭引号与分隔符之间有多余字符");
                    } else if (c == '"') {
                        syntax(rec, "未加引号的字段中含有引号");
                    } else if (c == '\r' || c == '\n') {
                        syntax(rec, "引号外出现单独的CR或LF");
                    }
                    field.append(c);
                    i++;
                }
                if (!ended) {
                    rec.fields.add(field.toString());
                    rec.source = t.substring(start, n);
                    rec.terminated = false;
                    rec.problem = "ROW_TRUNCATED";
                    rec.problemText = inQuotes ? "文件在引号字段内结束" : "最后一条记录缺少CRLF结束符";
                }
                rec.blank = rec.terminated && rec.source.isEmpty();
                out.add(rec);
            }
            return out;
        }

        private static void syntax(Scanned rec, String text) {
            if (rec.problem == null) {
                rec.problem = "ROW_SYNTAX";
                rec.problemText = text;
            }
        }
    }
}
