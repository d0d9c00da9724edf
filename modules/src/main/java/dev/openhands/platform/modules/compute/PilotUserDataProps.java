package dev.openhands.platform.modules.compute;

import dev.openhands.platform.modules.egress.EgressProxyPolicy;
import dev.openhands.platform.modules.iam.AwsLocation;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the pilot host's first boot needs, resolved to literals (no Terraform tokens: the rendered
 * user-data is checked by cloud-init and shellcheck before anything is deployed). Build it with {@link #builder()}:
 * several settings are plain strings, and named setters keep them from changing places.
 *
 * @param location         account and region of the host: Bedrock calls go to this region, images come from this
 *                         account's registry there ({@link #registryHost()})
 * @param appImage         OpenHands app image in that registry
 * @param runtimeImage     OpenHands sandbox runtime image in that registry
 * @param modelId          Bedrock model or inference-profile id the app uses by default
 * @param confirmationMode whether a human approves each agent action
 * @param logGroupName     CloudWatch log group the host ships its logs to (a literal name, see above)
 * @param provisioning     where Podman and friends come from
 * @param egressMode       whether sandboxes get an allow-listed path out
 * @param allowedHosts     hostnames sandboxes may reach (a leading {@code .} admits subdomains); empty for NONE
 */
public record PilotUserDataProps(AwsLocation location, String appImage, String runtimeImage, String modelId,
                                 boolean confirmationMode, String logGroupName, HostProvisioning provisioning,
                                 EgressMode egressMode, List<String> allowedHosts) {

    private static final Pattern SAFE_VALUE = Pattern.compile("^[A-Za-z0-9._:/@-]+$");

    public PilotUserDataProps {
        Objects.requireNonNull(location, "location is required");
        Objects.requireNonNull(appImage, "appImage is required");
        Objects.requireNonNull(runtimeImage, "runtimeImage is required");
        Objects.requireNonNull(modelId, "modelId is required");
        Objects.requireNonNull(logGroupName, "logGroupName is required");
        for (String value : List.of(appImage, runtimeImage, modelId, logGroupName)) {
            // Values land in a shell-sourced env file and a systemd unit: refuse anything needing quoting.
            if (!SAFE_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("'" + value + "' contains characters that are unsafe in the host set-up");
            }
        }
        String registryHost = ContainerRegistry.registryHost(location);
        if (!appImage.startsWith(registryHost + "/") || !runtimeImage.startsWith(registryHost + "/")) {
            throw new IllegalArgumentException("images must come from the stack's registry " + registryHost);
        }
        Objects.requireNonNull(provisioning, "provisioning is required");
        Objects.requireNonNull(egressMode, "egressMode is required");
        allowedHosts = List.copyOf(allowedHosts);
        if (egressMode == EgressMode.NONE && !allowedHosts.isEmpty()) {
            throw new IllegalArgumentException("egress NONE takes no allowed hosts");
        }
        if (egressMode == EgressMode.ALLOWLIST && allowedHosts.isEmpty()) {
            throw new IllegalArgumentException("egress ALLOWLIST needs at least one allowed host");
        }
        if (egressMode == EgressMode.ALLOWLIST) {
            EgressProxyPolicy.checkHosts(allowedHosts);
        }
        if (provisioning == HostProvisioning.PACKAGES && egressMode == EgressMode.NONE) {
            throw new IllegalArgumentException("PACKAGES provisioning needs an internet path; use BAKED_IMAGE with egress NONE");
        }
    }

    /** The ECR registry host of {@link #location}, {@code <account>.dkr.ecr.<region>.amazonaws.com}. */
    public String registryHost() {
        return ContainerRegistry.registryHost(location);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the settings; {@link #build()} checks them all at once. */
    public static final class Builder {
        private AwsLocation location;
        private String appImage;
        private String runtimeImage;
        private String modelId;
        private boolean confirmationMode = true;
        private String logGroupName;
        private HostProvisioning provisioning;
        private EgressMode egressMode;
        private List<String> allowedHosts = List.of();

        private Builder() {
        }

        /** @param location account and region of the host, its registry and its Bedrock calls */
        public Builder location(AwsLocation location) {
            this.location = location;
            return this;
        }

        /** @param appImage OpenHands app image in the location's registry, {@code <registry>/<repository>:<tag>} */
        public Builder appImage(String appImage) {
            this.appImage = appImage;
            return this;
        }

        /** @param runtimeImage OpenHands sandbox runtime image in the location's registry */
        public Builder runtimeImage(String runtimeImage) {
            this.runtimeImage = runtimeImage;
            return this;
        }

        /** @param modelId Bedrock model or inference-profile id the app uses by default */
        public Builder modelId(String modelId) {
            this.modelId = modelId;
            return this;
        }

        /** @param confirmationMode whether a human approves each agent action; on unless turned off, as the safe default */
        public Builder confirmationMode(boolean confirmationMode) {
            this.confirmationMode = confirmationMode;
            return this;
        }

        /** @param logGroupName CloudWatch log group the host ships its logs to, e.g. {@code EncryptedLogGroup#getName()} */
        public Builder logGroupName(String logGroupName) {
            this.logGroupName = logGroupName;
            return this;
        }

        /** @param provisioning where Podman and friends come from */
        public Builder provisioning(HostProvisioning provisioning) {
            this.provisioning = provisioning;
            return this;
        }

        /** @param egressMode whether sandboxes get an allow-listed path out */
        public Builder egressMode(EgressMode egressMode) {
            this.egressMode = egressMode;
            return this;
        }

        /** @param allowedHosts hostnames sandboxes may reach with egress ALLOWLIST; none unless set */
        public Builder allowedHosts(List<String> allowedHosts) {
            this.allowedHosts = allowedHosts;
            return this;
        }

        public PilotUserDataProps build() {
            return new PilotUserDataProps(location, appImage, runtimeImage, modelId, confirmationMode, logGroupName,
                provisioning, egressMode, allowedHosts);
        }
    }
}
