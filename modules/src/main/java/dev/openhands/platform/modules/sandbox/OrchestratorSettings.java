package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the orchestrator treats sandboxes over time: when it pauses idle ones, stops orphans, forgets stopped ones, how many it keeps
 * warm, and which version of its API key is current. Built with {@link #builder()} so each value is named where it
 * is set; {@code build()} checks the ranges.
 */
public final class OrchestratorSettings {

    private final int idleTimeoutMinutes;
    private final int orphanGraceMinutes;
    private final int stoppedRetentionDays;
    private final int warmPoolSize;
    private final Map<String, String> warmPoolEnvironment;
    private final int apiKeyVersion;
    private final String publicSandboxDomain;
    private final FargateCapacity capacity;
    private final boolean tracing;

    private OrchestratorSettings(Builder b) {
        this.tracing = b.tracing;
        this.capacity = java.util.Objects.requireNonNull(b.capacity, "capacity");
        this.idleTimeoutMinutes = b.idleTimeoutMinutes;
        this.orphanGraceMinutes = b.orphanGraceMinutes;
        this.stoppedRetentionDays = b.stoppedRetentionDays;
        this.warmPoolSize = b.warmPoolSize;
        // Sorted: the functions' environment carries it as JSON, which must be the same bytes every synth.
        this.warmPoolEnvironment = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(b.warmPoolEnvironment));
        this.apiKeyVersion = b.apiKeyVersion;
        this.publicSandboxDomain = b.publicSandboxDomain;
        if (publicSandboxDomain != null
            && !publicSandboxDomain.matches("^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")) {
            throw new IllegalArgumentException("publicSandboxDomain '" + publicSandboxDomain
                + "' is not a lower-case DNS name without scheme or trailing dot, e.g. sbx.openhands.example.com");
        }
        if (idleTimeoutMinutes < 5 || idleTimeoutMinutes > 10080) {
            throw new IllegalArgumentException("idleTimeoutMinutes must be 5 to 10080");
        }
        if (orphanGraceMinutes < 1 || orphanGraceMinutes > 1440) {
            throw new IllegalArgumentException("orphanGraceMinutes must be 1 to 1440");
        }
        if (stoppedRetentionDays < 1 || stoppedRetentionDays > 3650) {
            throw new IllegalArgumentException("stoppedRetentionDays must be 1 to 3650");
        }
        if (warmPoolSize < 0 || warmPoolSize > 50) {
            throw new IllegalArgumentException("warmPoolSize must be 0 to 50");
        }
        if (apiKeyVersion < 1) {
            throw new IllegalArgumentException("apiKeyVersion must be 1 or more");
        }
    }

    public FargateCapacity capacity() {
        return capacity;
    }

    /**
     * Whether what runs in the VPC (the API function, the workspace purge) and the private API's stage record X-Ray
     * traces; the VPC then needs the X-Ray interface endpoint ({@link OrchestratorFunctions#endpointServices(boolean)}).
     */
    public boolean tracing() {
        return tracing;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int idleTimeoutMinutes() {
        return idleTimeoutMinutes;
    }

    public int orphanGraceMinutes() {
        return orphanGraceMinutes;
    }

    public int stoppedRetentionDays() {
        return stoppedRetentionDays;
    }

    public int warmPoolSize() {
        return warmPoolSize;
    }

    /** Sorted by name. */
    public Map<String, String> warmPoolEnvironment() {
        return warmPoolEnvironment;
    }

    public int apiKeyVersion() {
        return apiKeyVersion;
    }

    /** The sandboxes' public domain, when the sandbox router serves them: the orchestrator's URLs are then https names under it. */
    public java.util.Optional<String> publicSandboxDomain() {
        return java.util.Optional.ofNullable(publicSandboxDomain);
    }

    public static final class Builder {
        private int idleTimeoutMinutes = 30;
        private int orphanGraceMinutes = 10;
        private int stoppedRetentionDays = 30;
        private int warmPoolSize;
        private Map<String, String> warmPoolEnvironment = Map.of();
        private int apiKeyVersion = 1;
        private String publicSandboxDomain;
        private FargateCapacity capacity = FargateCapacity.ON_DEMAND;
        private boolean tracing = true;

        private Builder() {
        }

        /** X-Ray active tracing of the functions in the VPC and of the private API (default on). */
        public Builder tracing(boolean tracing) {
            this.tracing = tracing;
            return this;
        }

        /** The Fargate capacity sandboxes and the warm pool run on (default on demand). */
        public Builder capacity(FargateCapacity capacity) {
            this.capacity = capacity;
            return this;
        }

        /** Inactivity after which the reaper pauses a sandbox (5 to 10080; default 30). */
        public Builder idleTimeoutMinutes(int minutes) {
            this.idleTimeoutMinutes = minutes;
            return this;
        }

        /** Age after which a sandbox task no record claims is stopped (1 to 1440; default 10). */
        public Builder orphanGraceMinutes(int minutes) {
            this.orphanGraceMinutes = minutes;
            return this;
        }

        /**
         * Days a stopped or failed conversation is kept after its last activity before the sweep forgets it as /delete
         * would (1 to 3650; default 30).
         */
        public Builder stoppedRetentionDays(int days) {
            this.stoppedRetentionDays = days;
            return this;
        }

        /** Warm sandboxes kept ready (0 to 50; default 0, off). */
        public Builder warmPoolSize(int size) {
            this.warmPoolSize = size;
            return this;
        }

        /** The environment warm sandboxes start with (a start is warm only if its environment is a subset). */
        public Builder warmPoolEnvironment(Map<String, String> environment) {
            this.warmPoolEnvironment = Map.copyOf(environment);
            return this;
        }

        /**
         * The API key's version (1 or more; default 1). Raising it generates a new key on the next apply; the
         * orchestrator accepts the new and the previous key, so app servers switch when they restart.
         */
        public Builder apiKeyVersion(int version) {
            this.apiKeyVersion = version;
            return this;
        }

        /**
         * The domain the sandbox router serves sandboxes under (default none): /start then answers
         * {@code https://<label>.<domain>} instead of the private {@code http://<label>.<zone>:<port>}.
         */
        public Builder publicSandboxDomain(String domain) {
            this.publicSandboxDomain = domain;
            return this;
        }

        public OrchestratorSettings build() {
            return new OrchestratorSettings(this);
        }
    }
}
