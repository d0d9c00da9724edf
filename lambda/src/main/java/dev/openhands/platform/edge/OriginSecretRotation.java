package dev.openhands.platform.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.CustomHeaders;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginCustomHeader;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.HttpHeaderConditionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Rule;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RuleCondition;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Rotates the value CloudFront sends to the load balancer in the origin header, without an outage and without the
 * value ever passing through Terraform.
 *
 * <p>A rotation to generation N: (1) a new random value (48 bytes from {@link SecureRandom}, base64url, 64 characters,
 * no wildcard characters) is stored as the secret's {@code AWSPENDING} version; (2) the listener rules accept both
 * the pending and the current value; (3) every distribution's origin sends the pending value; (4) the pending version
 * becomes {@code AWSCURRENT} (Secrets Manager moves {@code AWSPREVIOUS} to the old one). A run that stops half way
 * is repeated by the next invocation with the same generation: it finds the pending version and reuses it, so the
 * rules never stop accepting what a distribution sends. {@link #settle()} narrows the rules to the current value
 * once every distribution reports {@code Deployed} with it and the grace period has passed.
 */
public final class OriginSecretRotation {

    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String PENDING = "AWSPENDING";
    static final int VALUE_BYTES = 48;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretsManagerClient secrets;
    private final ElasticLoadBalancingV2Client loadBalancing;
    private final CloudFrontClient cloudFront;
    private final OriginTargets targets;
    private final Clock clock;
    private final SecureRandom random;

    public OriginSecretRotation(SecretsManagerClient secrets, ElasticLoadBalancingV2Client loadBalancing,
                                CloudFrontClient cloudFront, OriginTargets targets, Clock clock, SecureRandom random) {
        this.secrets = secrets;
        this.loadBalancing = loadBalancing;
        this.cloudFront = cloudFront;
        this.targets = targets;
        this.clock = clock;
        this.random = random;
    }

    /** One version of the secret: the generation it belongs to, the header value, when it was generated. */
    record Version(String versionId, long generation, String value, Instant createdAt) {
    }

    /** What a run did, returned to the invoker (Terraform's invocation result, the schedule's log). */
    public record Outcome(String action, long generation, List<Long> acceptedGenerations) {
    }

    /**
     * Makes {@code generation} the current one. An equal or lower generation rotates nothing: it re-applies the
     * current value (rules replaced by Terraform get their header condition back).
     */
    public Outcome rotate(long generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be 1 or more, was " + generation);
        }
        Optional<Version> current = read(CURRENT);
        Optional<Version> previous = read(PREVIOUS);
        if (current.isPresent() && current.get().generation() >= generation) {
            Version now = current.get();
            List<Version> accepted = new ArrayList<>(List.of(now));
            previous.filter(p -> withinGrace(now)).ifPresent(accepted::add);
            acceptOnRules(accepted);
            sendFromDistributions(now.value());
            return new Outcome("reapplied", now.generation(), generations(accepted));
        }
        if (current.isEmpty()) {
            // The secret's first version: Secrets Manager makes it AWSCURRENT whatever labels it is given, and nothing
            // sends or accepts an older value yet. A run that stops half way is finished by the "reapplied" path.
            Version first = create(generation, List.of(CURRENT));
            acceptOnRules(List.of(first));
            sendFromDistributions(first.value());
            return new Outcome("rotated", generation, List.of(generation));
        }
        Version pending = read(PENDING).filter(p -> p.generation() == generation)
            .orElseGet(() -> create(generation, List.of(PENDING)));
        List<Version> accepted = List.of(pending, current.get());
        acceptOnRules(accepted);
        sendFromDistributions(pending.value());
        promote(pending, current.get());
        return new Outcome("rotated", generation, generations(accepted));
    }

    /** Stops accepting the previous value once every distribution sends the current one and the grace has passed. */
    public Outcome settle() {
        Optional<Version> current = read(CURRENT);
        if (current.isEmpty()) {
            return new Outcome("nothing-to-settle", 0, List.of());
        }
        Version now = current.get();
        Optional<Version> previous = read(PREVIOUS);
        boolean deployed = targets.distributionIds().stream().allMatch(id -> sendsDeployed(id, now.value()));
        if (previous.isPresent() && (withinGrace(now) || !deployed)) {
            return new Outcome("waiting", now.generation(), generations(List.of(now, previous.get())));
        }
        acceptOnRules(List.of(now));
        return new Outcome("settled", now.generation(), List.of(now.generation()));
    }

    private boolean withinGrace(Version current) {
        return clock.instant().isBefore(current.createdAt().plus(targets.grace()));
    }

    private Version create(long generation, List<String> stages) {
        byte[] bytes = new byte[VALUE_BYTES];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant createdAt = clock.instant();
        ObjectNode body = JSON.createObjectNode();
        body.put("generation", generation);
        body.put("value", value);
        body.put("createdAt", createdAt.toString());
        String versionId = secrets.putSecretValue(b -> b.secretId(targets.secretArn())
            .clientRequestToken(String.format("origin-generation-%020d-%s", generation, Long.toHexString(random.nextLong())))
            .secretString(body.toString()).versionStages(stages)).versionId();
        return new Version(versionId, generation, value, createdAt);
    }

    private void promote(Version pending, Version current) {
        secrets.updateSecretVersionStage(b -> b.secretId(targets.secretArn()).versionStage(CURRENT)
            .moveToVersionId(pending.versionId()).removeFromVersionId(current.versionId()));
        secrets.updateSecretVersionStage(b -> b.secretId(targets.secretArn()).versionStage(PENDING)
            .removeFromVersionId(pending.versionId()));
    }

    private Optional<Version> read(String stage) {
        try {
            var response = secrets.getSecretValue(b -> b.secretId(targets.secretArn()).versionStage(stage));
            JsonNode body = JSON.readTree(response.secretString());
            if (!body.path("value").isTextual() || !body.path("generation").canConvertToLong()) {
                throw new IllegalStateException("the " + stage + " version of " + targets.secretArn()
                    + " is not a rotation record {generation, value, createdAt}: was it written by hand? Raise the generation to replace it");
            }
            return Optional.of(new Version(response.versionId(), body.path("generation").asLong(), body.path("value").asText(),
                Instant.parse(body.path("createdAt").asText(Instant.EPOCH.toString()))));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the values of each rule's header condition, leaving its host and path conditions as they are. */
    private void acceptOnRules(List<Version> accepted) {
        List<String> values = accepted.stream().map(Version::value).toList();
        List<Rule> rules = loadBalancing.describeRules(b -> b.ruleArns(targets.ruleArns())).rules();
        for (Rule rule : rules) {
            List<RuleCondition> conditions = new ArrayList<>();
            boolean found = false;
            for (RuleCondition condition : rule.conditions()) {
                if ("http-header".equals(condition.field()) && condition.httpHeaderConfig() != null
                    && targets.headerName().equalsIgnoreCase(condition.httpHeaderConfig().httpHeaderName())) {
                    conditions.add(RuleCondition.builder().field("http-header").httpHeaderConfig(HttpHeaderConditionConfig.builder()
                        .httpHeaderName(targets.headerName()).values(values).build()).build());
                    found = true;
                } else {
                    // The typed config alone: the legacy Values list may not be sent with it.
                    conditions.add(condition.toBuilder().values((List<String>) null).build());
                }
            }
            if (!found) {
                throw new IllegalStateException("listener rule " + rule.ruleArn() + " has no " + targets.headerName()
                    + " condition: it would forward requests that did not come through CloudFront");
            }
            loadBalancing.modifyRule(b -> b.ruleArn(rule.ruleArn()).conditions(conditions));
        }
    }

    private void sendFromDistributions(String value) {
        for (String id : targets.distributionIds()) {
            GetDistributionConfigResponse got = cloudFront.getDistributionConfig(b -> b.id(id));
            DistributionConfig config = got.distributionConfig();
            boolean matched = false;
            List<Origin> origins = new ArrayList<>();
            for (Origin origin : config.origins().items()) {
                if (!origin.domainName().equalsIgnoreCase(targets.originDomainName())) {
                    origins.add(origin);
                    continue;
                }
                matched = true;
                List<OriginCustomHeader> headers = new ArrayList<>();
                if (origin.customHeaders() != null && origin.customHeaders().items() != null) {
                    origin.customHeaders().items().stream()
                        .filter(h -> !h.headerName().equalsIgnoreCase(targets.headerName())).forEach(headers::add);
                }
                headers.add(OriginCustomHeader.builder().headerName(targets.headerName()).headerValue(value).build());
                origins.add(origin.toBuilder().customHeaders(CustomHeaders.builder().quantity(headers.size()).items(headers).build()).build());
            }
            if (!matched) {
                throw new IllegalStateException("distribution " + id + " has no origin " + targets.originDomainName()
                    + ": check " + OriginTargets.DISTRIBUTION_IDS + " and " + OriginTargets.DOMAIN_NAME);
            }
            DistributionConfig updated = config.toBuilder()
                .origins(config.origins().toBuilder().items(origins).build()).build();
            cloudFront.updateDistribution(b -> b.id(id).ifMatch(got.eTag()).distributionConfig(updated));
        }
    }

    private boolean sendsDeployed(String distributionId, String value) {
        var distribution = cloudFront.getDistribution(b -> b.id(distributionId)).distribution();
        boolean sends = distribution.distributionConfig().origins().items().stream()
            .filter(o -> o.domainName().equalsIgnoreCase(targets.originDomainName()))
            .allMatch(o -> o.customHeaders() != null && o.customHeaders().items().stream()
                .anyMatch(h -> h.headerName().equalsIgnoreCase(targets.headerName()) && h.headerValue().equals(value)));
        return sends && "Deployed".equals(distribution.status());
    }

    private static List<Long> generations(List<Version> versions) {
        return versions.stream().map(Version::generation).toList();
    }
}
