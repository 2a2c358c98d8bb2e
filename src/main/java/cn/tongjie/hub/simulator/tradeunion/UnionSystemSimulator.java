package cn.tongjie.hub.simulator.tradeunion;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The union's desktop system on the simulated SFTP server (trade-union contract §5.1, §6): it imports referral files
 * {@code to-union/LDZY_*.csv} that have their {@code .ok}, lists rejected rows in {@code to-union/error/<base>.err}
 * and then moves {@code .csv} and {@code .ok} into {@code to-union/archive/}; later it writes result files
 * {@code from-union/JG_*.csv} + {@code .ok}. It works on the server's directory tree directly (it is the host).
 * The .err report is written BEFORE the archive move, so whoever sees the archived file also sees its rejections.
 * Deliberately independent of the hub's connector code: it re-implements the dialect from the contract.
 */
public final class UnionSystemSimulator {

    private static final Logger log = LoggerFactory.getLogger(UnionSystemSimulator.class);
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Pattern REFERRAL = Pattern.compile("^LDZY_[0-9]{14}_[0-9]{3}\\.csv$");
    private static final Pattern CASE_ID = Pattern.compile("^[A-Za-z0-9-]{1,40}$");
    private static final Pattern DAY = Pattern.compile("^[0-9]{4}/[0-9]{2}/[0-9]{2}$");
    private static final List<String> REFERRAL_HEADER = List.of("案件编号", "申请人", "申请人身份证号", "联系电话", "用人单位",
            "统一社会信用代码", "争议类型", "涉及金额", "涉及人数", "事由", "所在地区代码", "受理日期", "期限");
    private static final List<String> RESULT_HEADER = List.of("案件编号", "调解结果", "协议内容", "调解员", "办结日期", "备注");
    private static final List<String> ERR_HEADER = List.of("文件名", "记录号", "案件编号", "错误代码", "错误说明");
    private static final Set<String> TYPES = Set.of("拖欠工资", "社会保险", "解除劳动合同", "工伤待遇", "加班费", "经济补偿", "其他");
    private static final Set<String> COUNTIES = Set.of("150500", "150502", "150521", "150522", "150523", "150524",
            "150525", "150526", "150581");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setRecordSeparator("\r\n")
            .setQuoteMode(QuoteMode.MINIMAL).setTrim(false).setIgnoreSurroundingSpaces(false).get();

    /** Mediator of the union committee (mediation-orgs.csv M13, person P38). */
    static final String MEDIATOR = "李娜";

    /** One accepted referral row as the union stored it. */
    public record Accepted(String caseNumber, LocalDate acceptedOn, Instant importedAt) {
    }

    private final Path root;
    private final Clock clock;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final Set<String> concluded = ConcurrentHashMap.newKeySet();

    public UnionSystemSimulator(UnionSftpServer server, Clock clock) {
        this.root = server.root();
        this.clock = clock;
    }

    /**
     * One import round (§5.1): every {@code LDZY_*.csv} with marker, in name order. Returns the 案件编号 accepted in
     * this round. Rows it cannot accept go to the .err report and are not stored (they may come again).
     */
    public synchronized List<String> importReferrals() {
        Path toUnion = root.resolve("to-union");
        List<String> acceptedNow = new ArrayList<>();
        for (String name : names(toUnion)) {
            String base = name.substring(0, name.length() - 4);
            if (!REFERRAL.matcher(name).matches() || !Files.exists(toUnion.resolve(base + ".ok"))) {
                continue;
            }
            List<List<String>> problems = new ArrayList<>();
            Map<String, LocalDate> rows = parse(name, read(toUnion.resolve(name)), problems);
            if (!problems.isEmpty()) {
                write(toUnion.resolve("error"), base + ".err", render(ERR_HEADER, problems));
            }
            Instant now = clock.instant();
            rows.forEach((caseNumber, on) -> {
                accepted.put(caseNumber, new Accepted(caseNumber, on, now));
                acceptedNow.add(caseNumber);
            });
            move(toUnion.resolve(name), toUnion.resolve("archive"));
            move(toUnion.resolve(base + ".ok"), toUnion.resolve("archive"));
            log.info("Union simulator imported {} ({} rows accepted, {} problems)", name, rows.size(), problems.size());
        }
        return acceptedNow;
    }

    /** The rows the union has accepted so far, by 案件编号. */
    public Map<String, Accepted> accepted() {
        return Map.copyOf(accepted);
    }

    /**
     * Writes one result file (§6) for an accepted 案件编号: {@code outcome} is 成功, 不成功 or 撤回. Returns the file
     * name. 办结日期 is today (Asia/Shanghai) but never before the row's 受理日期.
     */
    public synchronized String conclude(String caseNumber, String outcome) {
        Accepted a = accepted.get(caseNumber);
        if (a == null) {
            throw new HubException(ErrorCode.TJ_ILLEGAL_STATE, "the union has not accepted " + caseNumber);
        }
        LocalDate today = LocalDate.now(clock.withZone(SHANGHAI));
        LocalDate done = today.isBefore(a.acceptedOn()) ? a.acceptedOn() : today;
        String agreement = "成功".equals(outcome) ? "用人单位于" + done.plusDays(7).format(DATE) + "前一次性支付拖欠款项。" : "";
        String remark = "不成功".equals(outcome) ? "建议申请劳动人事争议仲裁" : "";
        List<String> row = List.of(caseNumber, outcome, agreement, MEDIATOR, done.format(DATE), remark);
        Path fromUnion = root.resolve("from-union");
        String base = freeName(fromUnion);
        write(fromUnion, base + ".csv", render(RESULT_HEADER, List.of(row)));
        write(fromUnion, base + ".ok", new byte[0]); // marker only after the csv is complete (§3)
        concluded.add(caseNumber);
        log.info("Union simulator wrote result {} ({})", base, outcome);
        return base + ".csv";
    }

    /** Demo: results for accepted rows older than {@code delay}; about one in ten fails (arbitration advised). */
    synchronized void concludeDue(java.time.Duration delay) {
        Instant limit = clock.instant().minus(delay);
        for (Accepted a : List.copyOf(accepted.values())) {
            if (!concluded.contains(a.caseNumber()) && !a.importedAt().isAfter(limit)) {
                conclude(a.caseNumber(), Math.floorMod(a.caseNumber().hashCode(), 10) == 0 ? "不成功" : "成功");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ §5 row checks

    private Map<String, LocalDate> parse(String fileName, byte[] bytes, List<List<String>> problems) {
        String text;
        try {
            text = GB18030.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(List.of(fileName, "0", "", "ROW_SYNTAX", "文件不是GB18030编码"));
            return Map.of();
        }
        Map<String, LocalDate> rows = new LinkedHashMap<>();
        List<List<String>> records = records(text);
        if (records == null) {
            problems.add(List.of(fileName, "0", "", "ROW_SYNTAX", "文件无法按CSV解析"));
            return Map.of();
        }
        int recordNo = 0;
        for (List<String> f : records) {
            recordNo++;
            if (recordNo == 1) {
                if (!REFERRAL_HEADER.equals(f)) {
                    problems.add(List.of(fileName, "1", "", "ROW_COLUMN_COUNT", "表头与约定的13列不一致"));
                    return Map.of();
                }
                continue;
            }
            if (f.size() == 1 && f.get(0).isEmpty()) {
                continue; // blank record: skipped but counted (§4)
            }
            String caseNumber = f.get(0);
            List<String[]> errors = check(f, rows);
            for (String[] e : errors) {
                problems.add(List.of(fileName, String.valueOf(recordNo), caseNumber, e[0], e[1]));
            }
            if (errors.isEmpty()) {
                rows.put(caseNumber, LocalDate.parse(f.get(11), DATE));
            }
        }
        return rows;
    }

    /**
     * RFC 4180 records (§4): a record ends at CRLF outside quotes, quoted values keep their line breaks verbatim;
     * null when the text is not well-formed (the union then rejects the whole file). Hand-written because the union
     * side must not share the hub's parser.
     */
    static List<List<String>> records(String t) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        int i = 0;
        while (i < t.length()) {
            char c = t.charAt(i);
            if (inQuotes) {
                if (c == '"' && i + 1 < t.length() && t.charAt(i + 1) == '"') {
                    field.append('"');
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    inQuotes = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.length() == 0) {
                inQuotes = true;
            } else if (c == ',') {
                rec.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n') {
                rec.add(field.toString());
                field.setLength(0);
                out.add(rec);
                rec = new ArrayList<>();
                i += 2;
                continue;
            } else if (c == '"' || c == '\r' || c == '\n') {
                return null;
            } else {
                field.append(c);
            }
            i++;
        }
        return inQuotes || field.length() > 0 || !rec.isEmpty() ? null : out;
    }

    private List<String[]> check(List<String> f, Map<String, LocalDate> inThisFile) {
        List<String[]> e = new ArrayList<>();
        if (f.size() != 13) {
            e.add(new String[] {"ROW_COLUMN_COUNT", "应为13列，实际" + f.size() + "列"});
            return e;
        }
        for (int i : new int[] {0, 1, 2, 3, 4, 6, 8, 9, 10, 11, 12}) {
            if (f.get(i).isEmpty()) {
                e.add(new String[] {"REQUIRED", REFERRAL_HEADER.get(i) + "不能为空"});
            }
        }
        if (!e.isEmpty()) {
            return e;
        }
        if (!CASE_ID.matcher(f.get(0)).matches()) {
            e.add(new String[] {"INVALID_FORMAT", "案件编号格式错误"});
        } else if (accepted.containsKey(f.get(0)) || inThisFile.containsKey(f.get(0))) {
            e.add(new String[] {"DUPLICATE_CASE", "案件编号已受理"});
        }
        if (!f.get(2).matches("^[0-9]{17}[0-9X]$")) {
            e.add(new String[] {"INVALID_FORMAT", "身份证号格式错误"});
        } else if (!idCheckDigitOk(f.get(2))) {
            e.add(new String[] {"CHECK_DIGIT", "身份证号校验位错误"});
        }
        if (!TYPES.contains(f.get(6))) {
            e.add(new String[] {"INVALID_VALUE", "争议类型不在代码表中"});
        }
        String region = f.get(10);
        if (!region.matches("^[0-9]{6}([0-9]{3})?$") || !COUNTIES.contains(region.substring(0, 6))
                || ("150500".equals(region.substring(0, 6)) && region.length() != 6)) {
            e.add(new String[] {"REGION_UNKNOWN", "地区代码" + region + "不在本系统地区表中"});
        }
        LocalDate on = date(f.get(11));
        LocalDate due = date(f.get(12));
        if (on == null || due == null) {
            e.add(new String[] {"INVALID_FORMAT", "日期格式应为yyyy/MM/dd"});
        } else if (!due.equals(on.plusDays(15))) {
            e.add(new String[] {"DEADLINE_MISMATCH", "期限应为受理日期后15日"});
        }
        return e;
    }

    /** GB 11643 check character. */
    private static boolean idCheckDigitOk(String id) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * w[i];
        }
        return "10X98765432".charAt(sum % 11) == id.charAt(17);
    }

    private static LocalDate date(String s) {
        if (!DAY.matcher(s).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(s, DATE.withResolverStyle(java.time.format.ResolverStyle.STRICT));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------ files

    /** §3: JG_yyyyMMddHHmmss_NNN, NNN distinguishing files created in the same second. */
    private String freeName(Path dir) {
        String stamp = "JG_" + LocalDateTime.now(clock.withZone(SHANGHAI)).format(STAMP) + "_";
        for (int n = 1; n <= 999; n++) {
            String base = stamp + String.format("%03d", n);
            if (Stream.of(dir, dir.resolve("done"), dir.resolve("error"))
                    .noneMatch(d -> Files.exists(d.resolve(base + ".csv")))) {
                return base;
            }
        }
        throw new HubException(ErrorCode.TJ_INTERNAL, "more than 999 union result files in one second");
    }

    private static byte[] render(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, FORMAT)) {
            p.printRecord(header);
            for (List<String> r : rows) {
                p.printRecord(r);
            }
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "simulated union CSV not rendered", e);
        }
        try {
            ByteBuffer b = GB18030.newEncoder().onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(out));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "simulated union CSV not encodable in GB18030", e);
        }
    }

    /** Written under a temporary name and renamed, so a reader never sees half a file. */
    private static void write(Path dir, String name, byte[] content) {
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(name + ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "simulated union could not write " + name, e);
        }
    }

    /** §2 move: if the target exists, append _R + processing time before the extension; never overwrite. */
    private void move(Path file, Path targetDir) {
        String name = file.getFileName().toString();
        Path target = targetDir.resolve(name);
        if (Files.exists(target)) {
            int dot = name.lastIndexOf('.');
            target = targetDir.resolve(name.substring(0, dot) + "_R"
                    + LocalDateTime.now(clock.withZone(SHANGHAI)).format(STAMP) + name.substring(dot));
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "simulated union could not archive " + name, e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "simulated union could not read " + p.getFileName(), e);
        }
    }

    private static List<String> names(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "simulated union could not list " + dir.getFileName(), e);
        }
    }
}
