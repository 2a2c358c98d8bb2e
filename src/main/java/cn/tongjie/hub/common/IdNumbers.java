package cn.tongjie.hub.common;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * GB 11643-1999 resident ID numbers and GB 32100-2015 unified social credit codes (with the embedded
 * GB 11714 organisation-code check), exactly as {@code connectors/common/id-numbers.md} describes.
 * Strict: upper-case {@code X} only, real birth dates; contracts that tolerate more normalise before calling.
 */
public final class IdNumbers {

    private static final int[] ID_WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String ID_CHECK = "10X98765432";
    private static final int[] ORG_WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = new int[17];

    static {
        int w = 1;
        for (int i = 0; i < 17; i++) {
            USCC_WEIGHTS[i] = w;
            w = (w * 3) % 31;
        }
    }

    private IdNumbers() {
    }

    /** The check character a 17-digit body must end with. */
    public static char residentIdCheckChar(String first17) {
        int s = 0;
        for (int i = 0; i < 17; i++) {
            s += (first17.charAt(i) - '0') * ID_WEIGHTS[i];
        }
        return ID_CHECK.charAt(s % 11);
    }

    /** True when the number is 18 characters, has a real birth date and a correct check character. */
    public static boolean isValidResidentId(String id) {
        if (!hasResidentIdShape(id)) {
            return false;
        }
        return hasRealBirthDate(id) && residentIdCheckChar(id.substring(0, 17)) == id.charAt(17);
    }

    /** Shape only (17 digits then a digit or upper-case X): lets callers tell a format error from a check-digit error. */
    public static boolean hasResidentIdShape(String id) {
        if (id == null || id.length() != 18) {
            return false;
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(id.charAt(i)) || id.charAt(i) > '9') {
                return false;
            }
        }
        char c = id.charAt(17);
        return (c >= '0' && c <= '9') || c == 'X';
    }

    /** Positions 7–14 form a real calendar date. */
    public static boolean hasRealBirthDate(String id) {
        try {
            LocalDate.of(Integer.parseInt(id.substring(6, 10)), Integer.parseInt(id.substring(10, 12)),
                    Integer.parseInt(id.substring(12, 14)));
            return true;
        } catch (DateTimeException | NumberFormatException | IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** GB 32100 with the GB 11714 organisation-code check at position 17. */
    public static boolean isValidUscc(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        for (int i = 0; i < 18; i++) {
            if (USCC_CHARS.indexOf(code.charAt(i)) < 0) {
                return false;
            }
        }
        int s = 0;
        for (int i = 0; i < 17; i++) {
            s += USCC_CHARS.indexOf(code.charAt(i)) * USCC_WEIGHTS[i];
        }
        if (USCC_CHARS.charAt((31 - s % 31) % 31) != code.charAt(17)) {
            return false;
        }
        return orgCodeCheckChar(code.substring(8, 16)) == code.charAt(16);
    }

    /**
     * A resident ID as a tolerant sender may write it, in the stored form: a final lower-case {@code x} becomes
     * {@code X} (court contract §5 accepts it and stores {@code X}). Anything else is returned unchanged.
     */
    public static String normaliseResidentId(String id) {
        if (id != null && id.length() == 18 && id.charAt(17) == 'x') {
            return id.substring(0, 17) + 'X';
        }
        return id;
    }

    /** GB 11714 organisation code: 8 digits or upper-case letters, then the check character (digit or X). */
    public static boolean isValidOrgCode(String code) {
        if (code == null || code.length() != 9) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            char c = code.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z')) {
                return false;
            }
        }
        return orgCodeCheckChar(code.substring(0, 8)) == code.charAt(8);
    }

    /** The GB 11714 check character of an 8-character organisation-code body. */
    public static char orgCodeCheckChar(String first8) {
        int s = 0;
        for (int i = 0; i < 8; i++) {
            char c = first8.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A' + 10;
            s += v * ORG_WEIGHTS[i];
        }
        int c = 11 - s % 11;
        return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
    }
}
