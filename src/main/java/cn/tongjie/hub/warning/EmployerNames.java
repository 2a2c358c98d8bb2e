package cn.tongjie.hub.warning;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who the employer is when no report gave its 统一社会信用代码: channels spell one company differently (full-width
 * letters and brackets, spaces, "有限公司" vs "有限责任公司"), so names are compared in a normal form. The normal form
 * keeps the place prefix (通辽市…): two companies differing only in it are different companies.
 */
final class EmployerNames {

    /** Legal-form suffixes removed (longest first), so 鑫达建筑工程有限公司 and 鑫达建筑工程有限责任公司 meet. */
    private static final List<String> SUFFIXES = List.of("股份有限公司", "有限责任公司", "有限公司", "责任公司", "集团公司",
            "分公司", "公司", "coltd", "ltd");
    /** Spaces, punctuation and brackets of both widths (after NFKC, full-width ones are ASCII already). */
    private static final Pattern NOISE = Pattern.compile("[\\s\\p{P}\\p{S}\\u3000]+");
    private static final String USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final Pattern USCC = Pattern.compile("^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$");

    private EmployerNames() {
    }

    /** The comparable form of a company name, or null when nothing meaningful is left. */
    static String normalise(String name) {
        if (name == null) {
            return null;
        }
        String s = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = NOISE.matcher(s).replaceAll("");
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : SUFFIXES) {
                if (s.endsWith(suffix) && s.length() > suffix.length() + 1) {
                    s = s.substring(0, s.length() - suffix.length());
                    stripped = true;
                    break;
                }
            }
        }
        return s.length() < 2 || SUFFIXES.contains(s) ? null : s;
    }

    /**
     * A valid 统一社会信用代码 (GB 32100: alphabet and check character), upper-cased, or null. The check character
     * matters: an 18-digit resident ID number has the same shape.
     */
    static String uscc(String code) {
        if (code == null) {
            return null;
        }
        String c = Normalizer.normalize(code, Normalizer.Form.NFKC).trim().toUpperCase(Locale.ROOT);
        if (!USCC.matcher(c).matches()) {
            return null;
        }
        int sum = 0;
        int weight = 1;
        for (int i = 0; i < 17; i++) {
            sum += USCC_ALPHABET.indexOf(c.charAt(i)) * weight;
            weight = weight * 3 % 31;
        }
        int check = (31 - sum % 31) % 31;
        return USCC_ALPHABET.charAt(check) == c.charAt(17) ? c : null;
    }
}
