package dev.openhands.platform.sandbox.launch;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Session keys delivered to a sandbox as a secret reference, not as a RunTask override: overrides are readable by
 * anyone with {@code ecs:DescribeTasks}, travel in every task-state event and land in the dead-letter queue. Each
 * launch writes the key to a secret of its own under {@link #prefix()}, which the task definition revision names in
 * its container's {@code secrets}; ECS reads it with the execution role when the container starts.
 *
 * <p>The secret is needed only until then (Fargate does not restart a task's containers), so it lives at most
 * {@link #LIFETIME}: the maintenance sweep deletes older ones without recovery, and a launch that fails deletes its
 * own at once. The key itself stays in the registry, which the API answers from.
 */
public final class SessionSecrets {

    /** Longer than any start: Fargate has pulled the image and started the container well before. */
    public static final Duration LIFETIME = Duration.ofMinutes(30);

    private final Supplier<SecretsManagerClient> secrets;
    private final String prefix;
    private final String kmsKeyId;

    /**
     * @param prefix   name prefix of the session secrets, ending in '/' (the roles are scoped to it)
     * @param kmsKeyId the key the secrets are encrypted with
     */
    public SessionSecrets(Supplier<SecretsManagerClient> secrets, String prefix, String kmsKeyId) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("session secret prefix must end in '/': " + prefix);
        }
        this.secrets = secrets;
        this.prefix = prefix;
        this.kmsKeyId = kmsKeyId;
    }

    public String prefix() {
        return prefix;
    }

    /** Writes the key to a new secret for one launch of {@code recordId}'s task; returns its ARN. */
    public String create(String recordId, String sessionApiKey) {
        String name = prefix + recordId.replace('#', '-') + "-" + UUID.randomUUID();
        return secrets.get().createSecret(b -> b.name(name).secretString(sessionApiKey).kmsKeyId(kmsKeyId)
            .description("Session key of one sandbox task launch; deleted once the task has started")
            .tags(Tag.builder().key("openhands:sandbox").value(recordId.replace('#', '-')).build())).arn();
    }

    /** Deletes at once (no recovery window); a secret already gone is not an error. */
    public void delete(String secretArn) {
        try {
            secrets.get().deleteSecret(b -> b.secretId(secretArn).forceDeleteWithoutRecovery(true));
        } catch (ResourceNotFoundException gone) {
            // Deleting is the goal.
        }
    }

    /** Deletes every session secret created before {@code cutoffMillis}; returns their names. */
    public List<String> deleteCreatedBefore(long cutoffMillis) {
        List<String> deleted = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            ListSecretsResponse response = secrets.get().listSecrets(b -> b.nextToken(page)
                .filters(f -> f.key(FilterNameStringType.NAME).values(prefix)));
            for (SecretListEntry secret : response.secretList()) {
                if (secret.name().startsWith(prefix) && secret.createdDate() != null
                    && secret.createdDate().toEpochMilli() < cutoffMillis) {
                    delete(secret.arn());
                    deleted.add(secret.name());
                }
            }
            token = response.nextToken();
        } while (token != null);
        return deleted;
    }
}
