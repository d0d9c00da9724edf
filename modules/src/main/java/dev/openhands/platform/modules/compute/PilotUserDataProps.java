package dev.openhands.platform.modules.compute;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the pilot host's first boot needs, resolved to literals (no Terraform tokens: the rendered
 * user-data is checked by cloud-init and shellcheck before anything is deployed).
 *
 * @param region             AWS region of the host and of Bedrock calls
 * @param registryHost       ECR registry host, {@code <account>.dkr.ecr.<region>.amazonaws.com}
 * @param appImage           OpenHands app image in that registry
 * @param runtimeImage       OpenHands sandbox runtime image in that registry
 * @param modelId            Bedrock model or inference-profile id the app uses by default
 * @param confirmationMode   whether a human approves each agent action
 * @param logGroupName       CloudWatch log group the host ships its logs to
 * @param provisioning       where Podman and friends come from
 * @param egressMode         whether sandboxes get an allow-listed path out
 * @param allowedHosts       hostnames sandboxes may reach (a leading {@code .} admits subdomains); empty for NONE
 */
public record PilotUserDataProps(String region, String registryHost, String appImage, String runtimeImage,
                                 String modelId, boolean confirmationMode, String logGroupName,
                                 HostProvisioning provisioning, EgressMode egressMode, List<String> allowedHosts) {

    /** A bare lower-case hostname; a leading dot admits its subdomains (squid's dstdomain form). */
    public static final String ALLOWED_HOST_PATTERN = "^\\.?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$";
    private static final Pattern ALLOWED_HOST = Pattern.compile(ALLOWED_HOST_PATTERN);
    private static final Pattern SAFE_VALUE = Pattern.compile("^[A-Za-z0-9._:/@-]+$");

    public PilotUserDataProps {
        for (String value : List.of(region, registryHost, appImage, runtimeImage, modelId, logGroupName)) {
            Objects.requireNonNull(value, "user-data values must not be null");
            // Values land in a shell-sourced env file and a systemd unit: refuse anything needing quoting.
            if (!SAFE_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("'" + value + "' contains characters that are unsafe in the host set-up");
            }
        }
        if (!appImage.startsWith(registryHost + "/") || !runtimeImage.startsWith(registryHost + "/")) {
            throw new IllegalArgumentException("images must come from the stack's registry " + registryHost);
        }
        Objects.requireNonNull(provisioning, "provisioning");
        Objects.requireNonNull(egressMode, "egressMode");
        allowedHosts = List.copyOf(allowedHosts);
        for (String host : allowedHosts) {
            if (!ALLOWED_HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("allowed host '" + host + "' is not a hostname");
            }
        }
        if (egressMode == EgressMode.NONE && !allowedHosts.isEmpty()) {
            throw new IllegalArgumentException("egress NONE takes no allowed hosts");
        }
        if (egressMode == EgressMode.ALLOWLIST && allowedHosts.isEmpty()) {
            throw new IllegalArgumentException("egress ALLOWLIST needs at least one allowed host");
        }
        if (provisioning == HostProvisioning.PACKAGES && egressMode == EgressMode.NONE) {
            throw new IllegalArgumentException("PACKAGES provisioning needs an internet path; use BAKED_IMAGE with egress NONE");
        }
    }
}
