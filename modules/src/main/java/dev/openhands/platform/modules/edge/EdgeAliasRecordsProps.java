package dev.openhands.platform.modules.edge;

import java.util.List;
import java.util.Objects;

/**
 * @param hostedZoneId the public hosted zone holding the names
 * @param names        the names to point at the distribution (a wildcard name makes a wildcard record)
 * @param target       the CloudFront distribution that serves them
 */
public record EdgeAliasRecordsProps(String hostedZoneId, List<String> names, EdgeDistribution target) {

    public EdgeAliasRecordsProps {
        if (hostedZoneId == null || !hostedZoneId.matches("^Z[A-Z0-9]{1,31}$")) {
            throw new IllegalArgumentException("'" + hostedZoneId + "' is not a Route 53 hosted zone id (Z...)");
        }
        names = EdgeNames.check("alias records", names);
        Objects.requireNonNull(target, "target");
    }
}
