package dev.openhands.platform.modules.observability;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * @param name     log group name, e.g. {@code /openhands/pilot/host}
 * @param settings the key that encrypts the group (its policy must admit CloudWatch Logs for this name) and its retention
 * @param tags     resource tags
 */
public record EncryptedLogGroupProps(String name, LogSettings settings, Map<String, String> tags) {

    /** The values CloudWatch Logs accepts for retention_in_days (0, "never expire", is not offered). */
    public static final Set<Integer> ALLOWED_RETENTION_DAYS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365,
        400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public EncryptedLogGroupProps {
        Objects.requireNonNull(name, "name");
        if (!name.matches("^[.\\-_/#A-Za-z0-9]{1,512}$")) {
            throw new IllegalArgumentException("log group name '" + name + "' has characters CloudWatch Logs refuses");
        }
        Objects.requireNonNull(settings, "settings");
        tags = Map.copyOf(tags);
    }
}
