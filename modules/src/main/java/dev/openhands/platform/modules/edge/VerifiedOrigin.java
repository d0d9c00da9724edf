package dev.openhands.platform.modules.edge;

import java.util.List;

/**
 * An origin that forwards only requests carrying the origin header: what {@link OriginSecret} keeps in step with the
 * secret. Implemented by {@link OriginLoadBalancer}; {@link #of} refers to one created elsewhere.
 */
public interface VerifiedOrigin {

    /** The custom header CloudFront adds to every request to the origin, and the listener rules require. */
    String HEADER_NAME = "X-Origin-Verify";

    /** The origin's DNS name: the distribution origin whose custom headers carry the value. */
    String getDnsName();

    /** Every listener rule with an http-header condition on {@link #HEADER_NAME}, in priority order. */
    List<String> getRuleArns();

    static VerifiedOrigin of(String dnsName, List<String> ruleArns) {
        List<String> rules = List.copyOf(ruleArns);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a verified origin needs at least one listener rule ARN");
        }
        return new VerifiedOrigin() {
            @Override
            public String getDnsName() {
                return dnsName;
            }

            @Override
            public List<String> getRuleArns() {
                return rules;
            }
        };
    }
}
