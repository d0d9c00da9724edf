package dev.openhands.platform.modules.edge;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.sandbox.LambdaArtifact;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name            prefix of resource names, e.g. {@code openhands-prod}
 * @param location        account and region (the function's policy names exact ARNs)
 * @param key             customer-managed key that encrypts the secret
 * @param logs            the function's log group key and retention
 * @param artifact        the jar the function runs (the orchestrator's jar carries the rotation handler)
 * @param generation      raise it by one to rotate; the function runs when it changes
 * @param origin          the load balancer whose listener rules accept the value
 * @param distributionIds CloudFront distributions whose origin sends the value (empty until the front door exists)
 * @param grace           how long the previous value stays accepted after a rotation, at least (15 minutes to 7 days)
 * @param tags            resource tags
 */
public record OriginSecretProps(String name, AwsLocation location, EncryptionKey key, LogSettings logs, LambdaArtifact artifact,
                                long generation, VerifiedOrigin origin, List<String> distributionIds, Duration grace,
                                Map<String, String> tags) {

    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(30);

    public OriginSecretProps {
        if (name == null || !name.matches("^[a-z0-9][a-z0-9-]{0,38}$")) {
            throw new IllegalArgumentException("origin secret name '" + name + "' must be 1-39 lower-case letters, digits and hyphens");
        }
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(logs, "logs");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(origin, "origin");
        if (generation < 1) {
            throw new IllegalArgumentException("the origin secret's generation must be 1 or more (raise it by one to rotate), was " + generation);
        }
        distributionIds = List.copyOf(distributionIds);
        for (String id : distributionIds) {
            if (!id.startsWith("${") && !id.matches("^E[A-Z0-9]{5,20}$")) {
                throw new IllegalArgumentException("'" + id + "' is not a CloudFront distribution id (E...)");
            }
        }
        if (grace == null || grace.compareTo(Duration.ofMinutes(15)) < 0 || grace.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("grace must be 15 minutes to 7 days (CloudFront needs minutes to deploy a change), was " + grace);
        }
        tags = Map.copyOf(tags);
    }
}
