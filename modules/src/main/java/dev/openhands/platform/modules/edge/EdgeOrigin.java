package dev.openhands.platform.modules.edge;

/**
 * The load balancer CloudFront forwards to, reached over HTTPS at its DNS name. CloudFront proves itself to the
 * load balancer with the header {@link #VERIFY_HEADER}; its value is a random secret in Secrets Manager that the
 * rotation function writes into the distribution and the listener rules out of band, so it never passes through
 * Terraform's configuration or plan. Terraform writes {@link #HEADER_PLACEHOLDER} at creation and then leaves the
 * distribution's origin to the rotation function.
 *
 * @param dnsName the load balancer's DNS name (or a token for it)
 */
public record EdgeOrigin(String dnsName) {

    public static final String VERIFY_HEADER = "X-Origin-Verify";
    /** What the distribution carries until the rotation function first writes the secret. */
    public static final String HEADER_PLACEHOLDER = "set-by-rotation";

    public EdgeOrigin {
        if (dnsName == null || dnsName.isBlank()) {
            throw new IllegalArgumentException("the origin needs the load balancer's DNS name");
        }
    }
}
