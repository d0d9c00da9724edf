package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.network.NetworkPlacement;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * @param name               prefix of resource names, e.g. {@code openhands-prod} (at most 22 characters: the load
 *                           balancer's and target group's names hold 32)
 * @param network            the VPC: the zone is associated with it, the load balancer sits in its private subnets
 * @param certificateArn     the regional ACM certificate for {@code *.<public domain>} (the public ALB's wildcard)
 * @param routes             the router's routes: their public domain names the zone, their port the target group's
 * @param deletionProtection keep the load balancer from being deleted (production)
 * @param tags               resource tags
 */
public record SandboxInternalEntryProps(String name, NetworkPlacement network, String certificateArn, SandboxRouterConfig routes,
                                        boolean deletionProtection, Map<String, String> tags) {

    public static final int MAX_NAME = 22;
    private static final Pattern CERTIFICATE = Pattern.compile("^(\\$\\{.+}|arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+)$");

    public SandboxInternalEntryProps {
        Objects.requireNonNull(name, "name");
        if (!name.matches("^[a-z][a-z0-9-]{0," + (MAX_NAME - 1) + "}$")) {
            throw new IllegalArgumentException("name '" + name + "' must be lower-case letters, digits and '-', at most " + MAX_NAME
                + " characters (the load balancer's name is <name>-sbx-entry, 32 at most)");
        }
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(certificateArn, "certificateArn");
        if (!CERTIFICATE.matcher(certificateArn).matches()) {
            throw new IllegalArgumentException("certificateArn '" + certificateArn
                + "' is not a regional ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>) or a reference to one");
        }
        Objects.requireNonNull(routes, "routes");
        tags = Map.copyOf(tags);
    }
}
