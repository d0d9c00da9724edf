package dev.openhands.platform.modules.identity;

/**
 * Cognito's advanced security features (compromised-credential checks, adaptive authentication), billed per
 * monthly active user on top of the pool.
 */
public enum ThreatProtection {
    OFF,
    /** Detect and log risky sign-ins without acting. */
    AUDIT,
    /** Block sign-ins with compromised credentials and challenge risky ones. */
    ENFORCED
}
