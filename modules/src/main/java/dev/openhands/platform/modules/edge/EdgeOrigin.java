package dev.openhands.platform.modules.edge;

import java.util.Objects;
import java.util.Optional;

/**
 * The load balancer CloudFront forwards to, reached over HTTPS at {@code dnsName} (a name on the load balancer's
 * certificate: CloudFront verifies it).
 *
 * <p>With a {@code vpcOriginId} ({@link OriginAccess#VPC_ORIGIN}) CloudFront reaches the internal load balancer through
 * that VPC origin and sends no secret. Without one ({@link OriginAccess#HEADER}) CloudFront proves itself with the
 * header {@link #VERIFY_HEADER}; its value is a random secret in Secrets Manager that the rotation function writes into
 * the distribution and the listener rules out of band, so it never passes through Terraform's configuration or plan.
 * Terraform writes {@link #HEADER_PLACEHOLDER} at creation and then leaves the distribution's origin to the rotation
 * function.
 *
 * @param dnsName     the origin's name (or a token for it)
 * @param vpcOriginId the CloudFront VPC origin's id (or a token for it), when CloudFront reaches it through one
 */
public record EdgeOrigin(String dnsName, Optional<String> vpcOriginId) {

    public static final String VERIFY_HEADER = VerifiedOrigin.HEADER_NAME;
    /** What the distribution carries until the rotation function first writes the secret. */
    public static final String HEADER_PLACEHOLDER = "set-by-rotation";

    public EdgeOrigin {
        if (dnsName == null || dnsName.isBlank()) {
            throw new IllegalArgumentException("the origin needs the load balancer's DNS name");
        }
        Objects.requireNonNull(vpcOriginId, "vpcOriginId");
    }

    /** An internet-facing origin that requires {@link #VERIFY_HEADER}. */
    public static EdgeOrigin verifiedByHeader(String dnsName) {
        return new EdgeOrigin(dnsName, Optional.empty());
    }

    /** An internal origin CloudFront reaches through the VPC origin {@code vpcOriginId}. */
    public static EdgeOrigin throughVpcOrigin(String dnsName, String vpcOriginId) {
        return new EdgeOrigin(dnsName, Optional.of(vpcOriginId));
    }
}
