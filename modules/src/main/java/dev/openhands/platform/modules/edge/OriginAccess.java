package dev.openhands.platform.modules.edge;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the front door makes sure only CloudFront reaches its load balancer.
 *
 * <ul>
 * <li>{@link #VPC_ORIGIN}: the load balancer is internal (private subnets, no public address) and CloudFront reaches
 *     it through a CloudFront VPC origin. Nothing secret is involved, so nothing can leak into the configuration,
 *     the plan or the state. The same internal load balancer also answers the sandboxes' public names inside the VPC.</li>
 * <li>{@link #HEADER}: the load balancer is internet-facing, admits only CloudFront's origin-facing addresses, and
 *     every rule requires a random header value CloudFront adds ({@link OriginSecret}). For accounts or regions
 *     without VPC origins; CloudFront and the load balancer return the header value on read, so it reaches the state.</li>
 * </ul>
 */
public enum OriginAccess {
    VPC_ORIGIN, HEADER;

    /** The configuration's spelling: {@code vpc-origin}, {@code header}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static OriginAccess fromConfig(String value) {
        return Arrays.stream(values()).filter(v -> v.configName().equals(value)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("originAccess '" + value + "' is neither vpc-origin nor header"));
    }
}
