package dev.openhands.platform.edge;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the origin secret protects: the secret itself, the header CloudFront sends and the load balancer checks, the
 * listener rules whose header condition carries the accepted values, and the distributions whose origin (the load
 * balancer's DNS name) sends it.
 *
 * @param secretArn        the Secrets Manager secret holding the value
 * @param headerName       the custom origin header's name
 * @param ruleArns         listener rules with an http-header condition on {@code headerName}
 * @param distributionIds  CloudFront distributions in front of the load balancer (none until the front door exists)
 * @param originDomainName the load balancer's DNS name: the origin in each distribution that gets the header
 * @param grace            how long the previous value stays accepted after a rotation, at least
 */
public record OriginTargets(String secretArn, String headerName, List<String> ruleArns, List<String> distributionIds,
                            String originDomainName, Duration grace) {

    public static final String SECRET_ARN = "ORIGIN_SECRET_ARN";
    public static final String HEADER_NAME = "ORIGIN_HEADER_NAME";
    public static final String RULE_ARNS = "ORIGIN_RULE_ARNS";
    public static final String DISTRIBUTION_IDS = "ORIGIN_DISTRIBUTION_IDS";
    public static final String DOMAIN_NAME = "ORIGIN_DOMAIN_NAME";
    public static final String GRACE_MINUTES = "ORIGIN_GRACE_MINUTES";

    public OriginTargets {
        Objects.requireNonNull(secretArn, "secretArn");
        Objects.requireNonNull(headerName, "headerName");
        Objects.requireNonNull(originDomainName, "originDomainName");
        ruleArns = List.copyOf(ruleArns);
        distributionIds = List.copyOf(distributionIds);
        if (ruleArns.isEmpty()) {
            throw new IllegalArgumentException(RULE_ARNS + " names no listener rule: the origin secret would protect nothing");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException(GRACE_MINUTES + " must not be negative");
        }
    }

    /** Reads the function's environment; every missing variable is named in one error. */
    public static OriginTargets fromEnvironment(Map<String, String> env) {
        List<String> missing = Arrays.stream(new String[] {SECRET_ARN, HEADER_NAME, RULE_ARNS, DOMAIN_NAME, GRACE_MINUTES})
            .filter(name -> env.get(name) == null || env.get(name).isBlank()).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the origin secret rotation needs the environment variables " + missing);
        }
        return new OriginTargets(env.get(SECRET_ARN), env.get(HEADER_NAME), list(env.get(RULE_ARNS)),
            list(env.getOrDefault(DISTRIBUTION_IDS, "")), env.get(DOMAIN_NAME),
            Duration.ofMinutes(Long.parseLong(env.get(GRACE_MINUTES).trim())));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
