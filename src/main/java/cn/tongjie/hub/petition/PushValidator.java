package cn.tongjie.hub.petition;

import cn.tongjie.hub.common.IdNumbers;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Contract §5.1–§5.3: validates a whole push and lists every bad field, so the clerk corrects everything at once.
 * Unknown members are tolerated (§2). Null counts as absent; an empty string is a value and fails as FORMAT.
 */
final class PushValidator {

    record Problem(String zd, String cwdm, String cwxx) {
    }

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern XFJBH = Pattern.compile("XF[0-9]{6}([0-9]{8})[0-9]{4}");
    private static final Pattern DJJGDM = Pattern.compile("[0-9]{9}");
    private static final Pattern PHONE = Pattern.compile("1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}");
    private static final Pattern SJDQ = Pattern.compile("[0-9]{6}([0-9]{3}|[0-9]{6})?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> XFXS = Set.of("01", "02", "03", "04", "05");
    private static final Set<String> XFMD = Set.of("01", "02", "03", "04", "05", "06");
    private static final Set<String> NRFL = Set.of("01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11",
            "12", "99");
    private static final Set<String> XB = Set.of("0", "1", "2", "9");
    private static final Set<String> BDR_LX = Set.of("1", "2", "3", "4");
    private static final Set<String> REGIONS = Set.of("150500", "150502", "150521", "150522", "150523", "150524",
            "150525", "150526", "150581", "150571");
    private static final Set<String> FILE_TYPES = Set.of("application/pdf", "image/jpeg", "image/png");

    private static final String FILES_PATH = "/xf/api/v1/files/";

    private final List<Problem> problems = new ArrayList<>();
    private final String plainHttpFiles;

    private PushValidator(String plainHttpFiles) {
        this.plainHttpFiles = plainHttpFiles;
    }

    static List<Problem> validate(JsonNode push) {
        return validate(push, null);
    }

    /**
     * @param petitionBase the configured {petitionBase}; only when it is itself plain http (a loopback simulator in
     *                     demo and tests) is an http:// xzdz under it accepted too — production bases are https, so
     *                     the contract's https:// rule is unchanged there
     */
    static List<Problem> validate(JsonNode push, String petitionBase) {
        PushValidator v = new PushValidator(petitionBase != null && petitionBase.startsWith("http://")
                ? petitionBase + FILES_PATH : null);
        v.run(push);
        return v.problems;
    }

    private void run(JsonNode p) {
        String xfjbh = string(p, "xfjbh", "xfjbh", true, 0, 0);
        if (xfjbh != null) {
            xfjbhFormat("xfjbh", xfjbh);
        }
        String djjgdm = string(p, "djjgdm", "djjgdm", true, 0, 0);
        if (djjgdm != null && !DJJGDM.matcher(djjgdm).matches()) {
            add("djjgdm", "FORMAT", "登记机构代码应为9位数字");
        }
        string(p, "djjgmc", "djjgmc", true, 1, 100);
        dateTime(p, "djsj", true);
        dateTime(p, "tssj", true);
        string(p, "xfrxm", "xfrxm", true, 1, 50);
        code(p, "xfrxb", "xfrxb", false, XB);
        String mz = string(p, "mz", "mz", false, 0, 0);
        if (mz != null && !ethnicity(mz)) {
            add("mz", "CODE_UNKNOWN", "民族代码不在代码表中");
        }
        String xfxs = code(p, "xfxs", "xfxs", true, XFXS);
        JsonNode sfzh = member(p, "sfzh");
        if (sfzh == null) {
            if ("02".equals(xfxs) || "03".equals(xfxs)) {
                add("sfzh", "CONDITIONAL_REQUIRED", "来访、网上信访须填写身份证号");
            }
        } else {
            residentId("sfzh", p, "sfzh");
        }
        phone(p, "lxdh", "lxdh", true);
        string(p, "xfrdz", "xfrdz", false, 0, 200);
        JsonNode qtxfr = array(p, "qtxfr", 4);
        if (qtxfr != null) {
            for (int i = 0; i < qtxfr.size(); i++) {
                String path = "qtxfr[" + i + "]";
                JsonNode item = qtxfr.get(i);
                if (!item.isObject()) {
                    add(path, "FORMAT", "应为对象");
                    continue;
                }
                string(item, "xm", path + ".xm", true, 1, 50);
                if (member(item, "sfzh") != null) {
                    residentId(path + ".sfzh", item, "sfzh");
                }
                phone(item, "lxdh", path + ".lxdh", false);
            }
        }
        dateTime(p, "xfrq", true);
        code(p, "xfmd", "xfmd", false, XFMD);
        code(p, "nrfl", "nrfl", true, NRFL);
        string(p, "xfnr", "xfnr", true, 1, 4000);
        String sjdq = string(p, "sjdq", "sjdq", true, 0, 0);
        if (sjdq != null && (!SJDQ.matcher(sjdq).matches() || !REGIONS.contains(sjdq.substring(0, 6)))) {
            add("sjdq", "CODE_UNKNOWN", "涉及地区不在通辽市范围内");
        }
        JsonNode sfjf = member(p, "sfjf");
        if (sfjf == null) {
            add("sfjf", "REQUIRED", "缺少必填项");
        } else if (!sfjf.isTextual()) {
            add("sfjf", "FORMAT", "应为字符串");
        } else if (!"Y".equals(sfjf.asText())) {
            add("sfjf", "VALUE_NOT_ALLOWED", "只推送矛盾纠纷（sfjf=Y）");
        }
        integer(p, "rs", "rs", true, 1, 99999);
        JsonNode bdr = array(p, "bdr", 10);
        if (bdr != null) {
            for (int i = 0; i < bdr.size(); i++) {
                bdrItem("bdr[" + i + "]", bdr.get(i));
            }
        }
        String sfcf = string(p, "sfcf", "sfcf", false, 0, 0);
        if (sfcf != null && !sfcf.equals("Y") && !sfcf.equals("N")) {
            add("sfcf", "FORMAT", "应为Y或N");
        }
        String yxfjbh = string(p, "yxfjbh", "yxfjbh", false, 0, 0);
        if (yxfjbh != null) {
            xfjbhFormat("yxfjbh", yxfjbh);
        }
        date(p, "slqx");
        date(p, "bjqx");
        JsonNode fj = array(p, "fj", 20);
        if (fj != null) {
            for (int i = 0; i < fj.size(); i++) {
                attachment("fj[" + i + "]", fj.get(i));
            }
        }
    }

    private void bdrItem(String path, JsonNode item) {
        if (!item.isObject()) {
            add(path, "FORMAT", "应为对象");
            return;
        }
        string(item, "mc", path + ".mc", true, 1, 100);
        String lx = code(item, "lx", path + ".lx", true, BDR_LX);
        String zjhm = string(item, "zjhm", path + ".zjhm", false, 0, 0);
        if (zjhm != null && lx != null) {
            if ("1".equals(lx)) {
                residentId(path + ".zjhm", item, "zjhm");
            } else if (IdNumbers.isValidResidentId(zjhm) || zjhm.length() != 18 || !zjhm.chars().allMatch(c -> "0123456789ABCDEFGHJKLMNPQRTUWXY".indexOf(c) >= 0)) {
                // A valid resident ID where a 统一社会信用代码 belongs is the wrong kind of number (§5.1): FORMAT.
                add(path + ".zjhm", "FORMAT", "统一社会信用代码格式错误");
            } else if (!IdNumbers.isValidUscc(zjhm)) {
                add(path + ".zjhm", "CHECK_DIGIT", "统一社会信用代码校验位错误");
            }
        }
        phone(item, "lxdh", path + ".lxdh", false);
        string(item, "dz", path + ".dz", false, 0, 200);
    }

    private void attachment(String path, JsonNode item) {
        if (!item.isObject()) {
            add(path, "FORMAT", "应为对象");
            return;
        }
        string(item, "wjm", path + ".wjm", true, 1, 200);
        String wjlx = string(item, "wjlx", path + ".wjlx", true, 0, 0);
        if (wjlx != null && !FILE_TYPES.contains(wjlx)) {
            add(path + ".wjlx", "FORMAT", "文件类型应为PDF、JPEG或PNG");
        }
        integer(item, "wjdx", path + ".wjdx", true, 1, 20_971_520);
        String xzdz = string(item, "xzdz", path + ".xzdz", true, 0, 0);
        // The host is not compared with the configured base: the petition system names its own file server (§5.5).
        boolean scheme = xzdz != null && (xzdz.startsWith("https://")
                || plainHttpFiles != null && xzdz.startsWith(plainHttpFiles));
        if (xzdz != null && (!scheme || xzdz.contains("?") || !xzdz.contains(FILES_PATH))) {
            add(path + ".xzdz", "FORMAT", "下载地址应在信访系统文件目录下且不含查询串");
        }
        String sha = string(item, "sha256", path + ".sha256", true, 0, 0);
        if (sha != null && !SHA256.matcher(sha).matches()) {
            add(path + ".sha256", "FORMAT", "应为64位小写十六进制");
        }
    }

    private void xfjbhFormat(String zd, String v) {
        var m = XFJBH.matcher(v);
        if (!m.matches() || !realDate(m.group(1))) {
            add(zd, "FORMAT", "信访件编号格式错误");
        }
    }

    private static boolean realDate(String yyyyMMdd) {
        try {
            LocalDate.parse(yyyyMMdd, DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT));
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean ethnicity(String code) {
        if (code.equals("97") || code.equals("98")) {
            return true;
        }
        if (!code.matches("[0-9]{2}")) {
            return false;
        }
        int n = Integer.parseInt(code);
        return n >= 1 && n <= 56;
    }

    private void residentId(String zd, JsonNode obj, String name) {
        String v = string(obj, name, zd, false, 0, 0);
        if (v == null) {
            return;
        }
        // §5.1: lower-case x is a FORMAT error here (unlike the court contract, which normalises it).
        if (!IdNumbers.hasResidentIdShape(v) || !IdNumbers.hasRealBirthDate(v)) {
            add(zd, "FORMAT", "身份证号格式错误");
        } else if (!IdNumbers.isValidResidentId(v)) {
            add(zd, "CHECK_DIGIT", "身份证号校验位错误");
        }
    }

    private void phone(JsonNode obj, String name, String zd, boolean required) {
        String v = string(obj, name, zd, required, 0, 0);
        if (v != null && !PHONE.matcher(v).matches()) {
            add(zd, "FORMAT", "联系电话格式错误");
        }
    }

    private String code(JsonNode obj, String name, String zd, boolean required, Set<String> table) {
        String v = string(obj, name, zd, required, 0, 0);
        if (v != null && !table.contains(v)) {
            add(zd, "CODE_UNKNOWN", "代码" + v + "不在代码表中");
            return null;
        }
        return v;
    }

    private void dateTime(JsonNode obj, String name, boolean required) {
        String v = string(obj, name, name, required, 0, 0);
        if (v != null && parse(v, DATE_TIME) == null) {
            add(name, "FORMAT", "时间格式应为yyyy-MM-dd HH:mm:ss");
        }
    }

    private void date(JsonNode obj, String name) {
        String v = string(obj, name, name, true, 0, 0);
        if (v != null) {
            try {
                LocalDate.parse(v, DATE);
            } catch (DateTimeParseException e) {
                add(name, "FORMAT", "日期格式应为yyyy-MM-dd");
            }
        }
    }

    private static LocalDateTime parse(String v, DateTimeFormatter f) {
        try {
            return LocalDateTime.parse(v, f);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void integer(JsonNode obj, String name, String zd, boolean required, long min, long max) {
        JsonNode n = member(obj, name);
        if (n == null) {
            if (required) {
                add(zd, "REQUIRED", "缺少必填项");
            }
            return;
        }
        if (!n.isIntegralNumber() && !(n.isNumber() && n.decimalValue().stripTrailingZeros().scale() <= 0)) {
            add(zd, "FORMAT", "应为整数");
            return;
        }
        var value = n.decimalValue();
        if (value.compareTo(java.math.BigDecimal.valueOf(min)) < 0 || value.compareTo(java.math.BigDecimal.valueOf(max)) > 0) {
            add(zd, "RANGE", "应为" + min + "-" + max);
        }
    }

    private JsonNode array(JsonNode obj, String name, int maxItems) {
        JsonNode n = member(obj, name);
        if (n == null) {
            return null;
        }
        if (!n.isArray()) {
            add(name, "FORMAT", "应为数组");
            return null;
        }
        if (n.size() > maxItems) {
            add(name, "LENGTH", "最多" + maxItems + "项");
        }
        return n;
    }

    /**
     * A string member, or null when absent or already reported. {@code max = 0}: no length rule (patterns decide).
     * Empty strings are FORMAT errors (§5.3), lengths count code points.
     */
    private String string(JsonNode obj, String name, String zd, boolean required, int min, int max) {
        JsonNode n = member(obj, name);
        if (n == null) {
            if (required) {
                add(zd, "REQUIRED", "缺少必填项");
            }
            return null;
        }
        if (!n.isTextual()) {
            add(zd, "FORMAT", "应为字符串");
            return null;
        }
        String v = n.asText();
        if (v.isEmpty()) {
            add(zd, "FORMAT", "不能为空字符串");
            return null;
        }
        int len = v.codePointCount(0, v.length());
        if (max > 0 && (len < min || len > max)) {
            add(zd, "LENGTH", "长度应为" + min + "-" + max);
            return null;
        }
        return v;
    }

    private static JsonNode member(JsonNode obj, String name) {
        JsonNode n = obj.get(name);
        return n == null || n.isNull() ? null : n;
    }

    private void add(String zd, String cwdm, String cwxx) {
        problems.add(new Problem(zd, cwdm, cwxx));
    }
}
