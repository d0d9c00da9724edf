package dev.openhands.platform.modules.compute;

/** Where the pilot host's software (Podman, the proxy, nftables, the ECR credential helper) comes from. */
public enum HostProvisioning {
    /** Installed at first boot from the Ubuntu archive: needs an internet path (egress ALLOWLIST). */
    PACKAGES,
    /** Already on a pre-built AMI; the host only verifies it. Works with no internet path at all. */
    BAKED_IMAGE
}
