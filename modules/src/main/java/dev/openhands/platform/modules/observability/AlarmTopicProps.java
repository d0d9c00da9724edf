package dev.openhands.platform.modules.observability;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * @param name     topic name, e.g. {@code openhands-prod-alarms}
 * @param key      customer key the topic is encrypted with (its policy must hold {@link AlarmTopic#keyGrant})
 * @param location account and region: only this account's alarms and budgets may publish
 * @param emails   addresses subscribed to the topic (each confirms by email before it receives anything)
 * @param tags     resource tags
 * @param chatWebhookUrl an HTTPS endpoint subscribed to the topic (a chat integration), if any
 */
public record AlarmTopicProps(String name, EncryptionKey key, AwsLocation location, List<String> emails, Map<String, String> tags,
                              Optional<String> chatWebhookUrl) {

    /** HTTPS only: SNS would deliver alarm texts in the clear to an http endpoint. */
    public static final Pattern WEBHOOK = Pattern.compile("^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%/+=-]*)?$");

    public AlarmTopicProps(String name, EncryptionKey key, AwsLocation location, List<String> emails, Map<String, String> tags) {
        this(name, key, location, emails, tags, Optional.empty());
    }

    /** What the topic and budgets accept as an email address. */
    public static final Pattern EMAIL = Pattern.compile("^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$");

    public AlarmTopicProps {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(location, "location");
        if (name == null || !name.matches("^[A-Za-z0-9_-]{1,256}$")) {
            throw new IllegalArgumentException("topic name '" + name + "' must be 1-256 letters, digits, '-' or '_'");
        }
        emails = List.copyOf(emails);
        for (String email : emails) {
            if (!EMAIL.matcher(email).matches()) {
                throw new IllegalArgumentException("'" + email + "' is not an email address");
            }
        }
        if (new LinkedHashSet<>(emails).size() != emails.size()) {
            throw new IllegalArgumentException("alarm emails repeat: " + emails);
        }
        tags = Map.copyOf(tags);
        Objects.requireNonNull(chatWebhookUrl, "chatWebhookUrl");
        chatWebhookUrl.ifPresent(url -> {
            if (!WEBHOOK.matcher(url).matches()) {
                throw new IllegalArgumentException("chat webhook '" + url + "' must be an https:// URL without a query string");
            }
        });
    }
}
