package cn.tongjie.hub.tradeunion;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The union's file dialect (trade-union contract §4): GB18030 without BOM, CRLF after every record (the last one too),
 * RFC 4180 quoting done by Commons CSV, values verbatim (no trimming, embedded line breaks kept as they are).
 */
final class UnionCsv {

    static final Charset GB18030 = Charset.forName("GB18030");

    /** §5 — the 13 referral columns in contract order. */
    static final List<String> REFERRAL_HEADER = List.of("案件编号", "申请人", "申请人身份证号", "联系电话", "用人单位",
            "统一社会信用代码", "争议类型", "涉及金额", "涉及人数", "事由", "所在地区代码", "受理日期", "期限");

    /** §6 — the 6 result columns in contract order. */
    static final List<String> RESULT_HEADER = List.of("案件编号", "调解结果", "协议内容", "调解员", "办结日期", "备注");

    /** §7.3 — the .err report columns. */
    static final List<String> ERR_HEADER = List.of("文件名", "记录号", "案件编号", "错误代码", "错误说明");

    /** MINIMAL quoting = quote only what RFC 4180 requires; no trimming, no surrounding-space handling. */
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setRecordSeparator("\r\n")
            .setQuoteMode(QuoteMode.MINIMAL)
            .setTrim(false)
            .setIgnoreSurroundingSpaces(false)
            .get();

    private UnionCsv() {
    }

    /** Header plus rows as GB18030 bytes; a character GB18030 cannot encode is a bug upstream, never replaced. */
    static byte[] write(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(out, FORMAT)) {
            p.printRecord(header);
            for (List<String> row : rows) {
                p.printRecord(row);
            }
        } catch (IOException e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "CSV rendering failed", e);
        }
        return encode(out);
    }

    /** Strict GB18030 encoding (REPORT on unmappable input) so nothing is ever silently turned into '?'. */
    static byte[] encode(CharSequence text) {
        CharsetEncoder enc = GB18030.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = enc.encode(CharBuffer.wrap(text));
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new HubException(ErrorCode.TJ_MAPPING_FAILED, "text not encodable in GB18030", e);
        }
    }
}
