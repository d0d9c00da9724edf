package dev.openhands.platform.modules.sandbox;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A load balancer that forwards to the sandbox router: its target group (ip targets, HTTP on the router's port,
 * health check {@code GET /healthz}) and its security group, the only source the router admits. The two strings are
 * neighbours, but a swap fails here: a target group is an ARN, a group an {@code sg-} id (or either a reference).
 *
 * @param targetGroupArn              the target group the router's tasks register in
 * @param loadBalancerSecurityGroupId the load balancer's security group
 */
public record LoadBalancerAttachment(String targetGroupArn, String loadBalancerSecurityGroupId) {

    private static final Pattern TARGET_GROUP = Pattern.compile("^(\\$\\{.+}|arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:[0-9]{12}:targetgroup/.+)$");
    private static final Pattern GROUP = Pattern.compile("^(\\$\\{.+}|sg-[0-9A-Za-z-]+)$");

    public LoadBalancerAttachment {
        Objects.requireNonNull(targetGroupArn, "targetGroupArn");
        Objects.requireNonNull(loadBalancerSecurityGroupId, "loadBalancerSecurityGroupId");
        if (!TARGET_GROUP.matcher(targetGroupArn).matches()) {
            throw new IllegalArgumentException("targetGroupArn '" + targetGroupArn + "' is not a target group ARN (arn:aws:elasticloadbalancing:...:targetgroup/...) or a reference to one");
        }
        if (!GROUP.matcher(loadBalancerSecurityGroupId).matches()) {
            throw new IllegalArgumentException("loadBalancerSecurityGroupId '" + loadBalancerSecurityGroupId + "' is not a security group id (sg-...) or a reference to one");
        }
    }
}
