package cn.tongjie.hub.tradeunion;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** One worker's referral row of an LDZY file (trade-union contract §5); one worker = one row = one 案件编号. */
record ReferralRow(String caseId, String applicant, String applicantIdNumber, String phone, String employer,
        String employerCreditCode, String disputeType, String amount, int personsInvolved, String reason,
        String regionCode, LocalDate acceptedOn) {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd");
    /** §5 column 13 and 劳动争议调解仲裁法 §14: the union has 15 calendar days. */
    static final int DEADLINE_DAYS = 15;

    /** §5 column 13 and 劳动争议调解仲裁法 §14: the union has 15 calendar days. */
    LocalDate deadline() {
        return acceptedOn.plusDays(DEADLINE_DAYS);
    }

    /** The 13 cells in contract order; the region is translated to a code the union knows. */
    List<String> cells() {
        return List.of(caseId, applicant, applicantIdNumber, phone, employer, nz(employerCreditCode), disputeType,
                nz(amount), Integer.toString(personsInvolved), reason, UnionRegions.toUnion(regionCode),
                DATE.format(acceptedOn), DATE.format(deadline()));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
