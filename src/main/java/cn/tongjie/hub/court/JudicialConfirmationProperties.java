package cn.tongjie.hub.court;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What follows a mediation towards the court: 司法确认 (contract §8.3) and 转立案 (§8.4) time limits
 * (application.yml {@code tongjie.court.follow-up}).
 *
 * @param reminderDays       days after agreementDate at which an application still awaiting the operator is reminded
 * @param lastSendDay        last day after agreementDate on which the hub still queues an application (§8.3: send no
 *                           later than day 29, so retries still reach the court by day 30)
 * @param reviewReminderDays days after the court accepted an application without NotifyJudicialConfirmation before
 *                           an operator is reminded (§14: review about 15 days, +10)
 * @param filingAlertDays    days after the court accepted a transfer without NotifyCaseFiled before an alert (§8.4)
 * @param checkInterval      how often the reminders are checked
 */
@ConfigurationProperties(prefix = "tongjie.court.follow-up")
public record JudicialConfirmationProperties(List<Integer> reminderDays, int lastSendDay, int reviewReminderDays,
        int filingAlertDays, Duration checkInterval) {

    public JudicialConfirmationProperties {
        reminderDays = reminderDays == null ? List.of(20, 25, 29) : List.copyOf(reminderDays);
        lastSendDay = lastSendDay <= 0 ? 29 : lastSendDay;
        reviewReminderDays = reviewReminderDays <= 0 ? 25 : reviewReminderDays;
        filingAlertDays = filingAlertDays <= 0 ? 10 : filingAlertDays;
        checkInterval = checkInterval == null ? Duration.ofMinutes(10) : checkInterval;
    }
}
