package dev.openhands.platform.modules.compute;

/** Whether sandboxes may reach the internet at all. */
public enum EgressMode {
    /** No internet path exists: no NAT gateway, no proxy; only VPC endpoints. */
    NONE,
    /** Sandboxes reach allow-listed hosts through the host's forward proxy, which leaves through a NAT gateway. */
    ALLOWLIST
}
