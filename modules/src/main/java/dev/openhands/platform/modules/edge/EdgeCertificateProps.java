package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformProvider;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * @param names        the certificate's names: the first is its domain name, the rest subject alternative names
 *                     (at most 100 in all, ACM's default quota)
 * @param hostedZoneId the Route 53 public hosted zone the DNS validation records go into
 * @param provider     the provider of the certificate: {@code us-east-1} for CloudFront, empty for the stack's
 *                     default (the region of the load balancer)
 * @param tags         resource tags
 */
public record EdgeCertificateProps(List<String> names, String hostedZoneId, Optional<TerraformProvider> provider,
                                   Map<String, String> tags) {

    public EdgeCertificateProps {
        names = EdgeNames.check("certificate", names);
        if (names.size() > 100) {
            throw new IllegalArgumentException("a certificate holds at most 100 names, got " + names.size());
        }
        Objects.requireNonNull(provider, "provider");
        if (hostedZoneId == null || !hostedZoneId.matches("^Z[A-Z0-9]{1,31}$")) {
            throw new IllegalArgumentException("'" + hostedZoneId + "' is not a Route 53 hosted zone id (Z...)");
        }
        tags = Map.copyOf(tags);
    }
}
