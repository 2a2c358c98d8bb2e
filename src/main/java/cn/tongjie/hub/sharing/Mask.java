package cn.tongjie.hub.sharing;

/**
 * How a masked field is shown to a recipient. A mask keeps only what the recipient needs to recognise or check a value
 * (e.g. the region and the last digits of an ID number) and stars the rest; the full value never leaves the hub.
 */
public enum Mask {
    /** Resident ID / other ID number: first 6 (issuing region) and last 4 characters kept. */
    ID_NUMBER,
    /** Phone number: first 3 and last 4 digits kept. */
    PHONE,
    /** Person name: the first character (the surname in most Chinese names) kept. */
    NAME,
    /**
     * Resident ID reduced to its birth date (characters 7–14), the rest starred: lets a recipient see that a child or
     * an elderly person is involved without learning who.
     */
    BIRTH_DATE_ONLY,
    /** Whole value replaced. */
    REDACT;

    static final String REDACTED = "***";

    String apply(String value) {
        if (value == null) {
            return null;
        }
        int n = value.length();
        return switch (this) {
            case ID_NUMBER -> n <= 10 ? stars(n) : value.substring(0, 6) + stars(n - 10) + value.substring(n - 4);
            case PHONE -> n <= 7 ? stars(n) : value.substring(0, 3) + stars(n - 7) + value.substring(n - 4);
            case NAME -> n == 0 ? value
                    : value.substring(0, value.offsetByCodePoints(0, 1)) + stars(value.codePointCount(0, n) - 1);
            case BIRTH_DATE_ONLY -> n == 18 ? stars(6) + value.substring(6, 14) + stars(4) : stars(n);
            case REDACT -> REDACTED;
        };
    }

    private static String stars(int n) {
        return "*".repeat(Math.max(0, n));
    }
}
