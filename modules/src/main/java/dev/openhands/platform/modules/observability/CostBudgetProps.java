package dev.openhands.platform.modules.observability;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * @param name            budget name, e.g. {@code openhands-prod-monthly}
 * @param monthlyLimitUsd the month's limit in US dollars
 * @param environmentTag  the cost-allocation tag (key and value) that singles out this environment's resources; the
 *                        key must be activated as a cost-allocation tag in the billing console
 * @param topicArn        the alarm topic notifications go to
 * @param emails          addresses notified directly (where no topic exists yet, or beside it)
 */
public record CostBudgetProps(String name, BigDecimal monthlyLimitUsd, Tag environmentTag, Optional<String> topicArn,
                              List<String> emails) {

    /** A cost-allocation tag. */
    public record Tag(String key, String value) {
        public Tag {
            Objects.requireNonNull(key, "tag key");
            Objects.requireNonNull(value, "tag value");
        }
    }

    public CostBudgetProps {
        Objects.requireNonNull(environmentTag, "environmentTag");
        Objects.requireNonNull(topicArn, "topicArn");
        if (name == null || !name.matches("^[^:\\\\]{1,100}$")) {
            throw new IllegalArgumentException("budget name '" + name + "' must be 1-100 characters without ':' or '\\\\'");
        }
        if (monthlyLimitUsd == null || monthlyLimitUsd.signum() <= 0) {
            throw new IllegalArgumentException("the monthly budget must be a positive amount of US dollars, got " + monthlyLimitUsd);
        }
        emails = List.copyOf(emails);
        for (String email : emails) {
            if (!AlarmTopicProps.EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("'" + email + "' is not an email address");
            }
        }
        if (topicArn.isEmpty() && emails.isEmpty()) {
            throw new IllegalArgumentException("budget " + name + " notifies nobody: give it the alarm topic or at least one email");
        }
        if (emails.size() > 10) {
            throw new IllegalArgumentException("AWS Budgets notifies at most 10 email addresses; use the alarm topic for more");
        }
    }
}
