package cn.tongjie.hub.common;

/**
 * Court case numbers across agencies (court contract §5 "Case numbers"): the court writes full-width parentheses
 * {@code （2024）内0502民诉前调567号}, other agencies ASCII {@code (2024)...}. Numbers are stored as received and
 * compared in this normalised form only.
 */
public final class CaseNumbers {

    private CaseNumbers() {
    }

    /** Maps {@code （}→{@code (} and {@code ）}→{@code )} and trims; null stays null. */
    public static String normalise(String number) {
        if (number == null) {
            return null;
        }
        return number.strip().replace('（', '(').replace('）', ')');
    }

    /** Whether two numbers name the same case once parentheses are normalised. */
    public static boolean same(String a, String b) {
        return a != null && b != null && normalise(a).equals(normalise(b));
    }

    /**
     * The court part of a number ({@code 内0502} in {@code (2026)内0502民初1234号}, {@code 内05} in a 中院 number), or
     * null when the number has none.
     */
    public static String courtPart(String number) {
        String n = normalise(number);
        if (n == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\(\\d{4}\\)(内05(?:\\d{2})?)(?=[^0-9])")
                .matcher(n);
        return m.find() ? m.group(1) : null;
    }
}
