package dev.openhands.platform.sandbox.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.sandbox.api.StartRequestParser;
import dev.openhands.platform.sandbox.launch.SandboxNames;
import dev.openhands.platform.sandbox.launch.SandboxTasks;
import dev.openhands.platform.sandbox.launch.WorkspaceAccessPoints;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything the handlers need, read once from the Lambda environment (Terraform writes it) and checked up front:
 * a misconfigured function fails its first invocation with the variable's name, not halfway through a start.
 *
 * @param environmentName        the deployment environment, a metric dimension
 * @param registryTable          the DynamoDB registry table
 * @param clusterArn             the ECS cluster sandboxes run in
 * @param templateTaskDefinition the Terraform-managed task definition every sandbox revision is cloned from
 * @param sandboxFamily          the family the per-sandbox revisions are registered in (the only one RunTask may use)
 * @param containerName          the agent container's name in the template
 * @param subnetIds              private subnets for sandbox tasks
 * @param securityGroupIds       the sandbox security group(s)
 * @param fileSystemId           the workspace file system
 * @param workspaceRoot          the directory under which every access point's root lives
 * @param sandboxZoneId          the private hosted zone that holds each conversation's name
 * @param sandboxZoneName        that zone's name; a conversation's URL is {@code http://<label>.<zone>:<agent port>}
 * @param apiKeySecretArn        the Secrets Manager secret holding the API key callers send as X-API-Key
 * @param sessionSecretPrefix    name prefix of the per-launch session key secrets (ends in '/')
 * @param sessionSecretKey       the KMS key those secrets are encrypted with
 * @param apiKeyCacheTtl         how long the key is cached before Secrets Manager is asked again
 * @param allowedImages          images /start may ask for (exact references)
 * @param agentPort              the agent server's port inside the sandbox
 * @param idleTimeout            inactivity after which the reaper pauses a sandbox
 * @param orphanGrace            age after which a task no record claims is stopped
 * @param stoppedRetention       how long a stopped (or failed) conversation is kept after its last activity before
 *                               the sweep forgets it as /delete would (record, access point; the purge its files)
 * @param purgeMountPath         where the purge function's file system (the workspace root) is mounted
 * @param activityInterval       the finest granularity at which activity is written to the registry
 * @param probeTimeout           how long the readiness probe waits for the agent server
 * @param metricsNamespace       CloudWatch namespace of the embedded metrics
 * @param warmPool               the warm pool
 * @param publicSandboxDomain    the domain under which browsers reach sandboxes through the router
 * @param capacityProvider       FARGATE, or FARGATE_SPOT: sandboxes at Spot prices that AWS may stop with two minutes' notice
 *                               ({@code https://<label>.<domain>}), or null when sandboxes have only their private URL
 */
public record OrchestratorSettings(String environmentName, String registryTable, String clusterArn,
                                   String templateTaskDefinition, String sandboxFamily, String containerName,
                                   List<String> subnetIds, List<String> securityGroupIds, String fileSystemId,
                                   String workspaceRoot, String sandboxZoneId, String sandboxZoneName,
                                   String apiKeySecretArn, String sessionSecretPrefix, String sessionSecretKey, Duration apiKeyCacheTtl,
                                   List<String> allowedImages, int agentPort, Duration idleTimeout,
                                   Duration orphanGrace, Duration stoppedRetention, String purgeMountPath,
                                   Duration activityInterval, Duration probeTimeout,
                                   String metricsNamespace, WarmPoolSettings warmPool, String publicSandboxDomain,
                                   String capacityProvider) {

    private static final Pattern ABSOLUTE_PATH = Pattern.compile("^/[A-Za-z0-9._/-]*$");
    private static final ObjectMapper JSON = new ObjectMapper();

    public OrchestratorSettings {
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
        allowedImages = List.copyOf(allowedImages);
    }

    public static OrchestratorSettings fromEnvironment(Map<String, String> env) {
        Reader r = new Reader(env);
        List<String> images = r.list("ALLOWED_IMAGES", "the sandbox image references /start may ask for, comma-separated");
        String poolImage = r.optional("WARM_POOL_IMAGE", images.get(0));
        if (!images.contains(poolImage)) {
            throw new SettingsException("WARM_POOL_IMAGE", "'" + poolImage + "' is not in ALLOWED_IMAGES",
                "pool one of the allowed images");
        }
        String workspaceRoot = r.optional("WORKSPACE_ROOT", "/workspaces");
        if (!ABSOLUTE_PATH.matcher(workspaceRoot).matches() || workspaceRoot.contains("..")) {
            throw new SettingsException("WORKSPACE_ROOT", "'" + workspaceRoot + "' is not an absolute path",
                "use a path such as /workspaces");
        }
        if (workspaceRoot.length() > WorkspaceAccessPoints.MAX_WORKSPACE_ROOT) {
            throw new SettingsException("WORKSPACE_ROOT", "'" + workspaceRoot + "' is longer than " + WorkspaceAccessPoints.MAX_WORKSPACE_ROOT
                + " characters, so the longest conversation directory would pass EFS's 100-character limit", "use a path such as /workspaces");
        }
        String poolWorkingDir = r.optional("WARM_POOL_WORKING_DIR", SandboxTasks.WORKSPACE_PATH);
        if (!StartRequestParser.isNormalisedAbsolutePath(poolWorkingDir)) {
            throw new SettingsException("WARM_POOL_WORKING_DIR", "'" + poolWorkingDir + "' is not a normalised absolute path",
                "use an absolute path without '.' or '..' segments, such as " + SandboxTasks.WORKSPACE_PATH);
        }
        String zoneName = r.required("SANDBOX_ZONE_NAME", "the sandboxes' private hosted zone name");
        if (!SandboxNames.isZoneName(zoneName)) {
            throw new SettingsException("SANDBOX_ZONE_NAME", "'" + zoneName + "' is not a lower-case DNS name",
                "use a name such as sandboxes.openhands-prod.internal, without a trailing dot");
        }
        String sessionSecretPrefix = r.required("SESSION_SECRET_PREFIX", "the name prefix of the session key secrets, e.g. openhands-prod/sandbox-sessions/");
        if (!sessionSecretPrefix.matches("^[A-Za-z0-9_+=.@-]+(/[A-Za-z0-9_+=.@-]+)*/$")) {
            throw new SettingsException("SESSION_SECRET_PREFIX", "'" + sessionSecretPrefix + "' is not a secret name prefix ending in '/'",
                "use a prefix such as openhands-prod/sandbox-sessions/ (the roles are scoped to it)");
        }
        String purgeMountPath = r.optional("PURGE_MOUNT_PATH", "/mnt/workspaces");
        if (!ABSOLUTE_PATH.matcher(purgeMountPath).matches() || !purgeMountPath.startsWith("/mnt/") || purgeMountPath.contains("..")) {
            throw new SettingsException("PURGE_MOUNT_PATH", "'" + purgeMountPath + "' is not a directory under /mnt",
                "use the purge function's local mount path, such as /mnt/workspaces (Lambda mounts file systems under /mnt)");
        }
        String publicDomain = r.optional("PUBLIC_SANDBOX_DOMAIN", null);
        if (publicDomain != null && !SandboxNames.isZoneName(publicDomain)) {
            throw new SettingsException("PUBLIC_SANDBOX_DOMAIN", "'" + publicDomain + "' is not a lower-case DNS name",
                "use the sandboxes' public domain such as sbx.openhands.example.com, without a scheme or trailing dot, or leave it unset");
        }
        WarmPoolSettings pool = new WarmPoolSettings(
            r.integer("WARM_POOL_SIZE", 0, 0, 50),
            poolImage,
            r.json("WARM_POOL_COMMAND", "[\"/usr/local/bin/openhands-agent-server\",\"--port\",\"60000\"]", new TypeReference<List<String>>() { }),
            poolWorkingDir,
            r.integer("WARM_POOL_RUN_AS_USER", 10001, 1, 65534),
            r.integer("WARM_POOL_RUN_AS_GROUP", 10001, 1, 65534),
            r.json("WARM_POOL_ENVIRONMENT", "{}", new TypeReference<Map<String, String>>() { }));
        return new OrchestratorSettings(
            r.required("ENVIRONMENT_NAME", "the deployment environment's name"),
            r.required("REGISTRY_TABLE", "the DynamoDB registry table name"),
            r.required("CLUSTER_ARN", "the ECS cluster ARN"),
            r.required("TEMPLATE_TASK_DEFINITION", "the template task definition ARN"),
            r.required("SANDBOX_FAMILY", "the task definition family for sandbox revisions"),
            r.optional("SANDBOX_CONTAINER", "agent"),
            r.list("SUBNET_IDS", "private subnet ids, comma-separated"),
            r.list("SECURITY_GROUP_IDS", "the sandbox security group id"),
            r.required("FILE_SYSTEM_ID", "the EFS file system id"),
            workspaceRoot,
            r.required("SANDBOX_ZONE_ID", "the sandboxes' private hosted zone id"),
            zoneName,
            r.required("API_KEY_SECRET_ARN", "the ARN of the secret holding the API key"),
            sessionSecretPrefix,
            r.required("SESSION_SECRET_KMS_KEY", "the KMS key ARN the session key secrets are encrypted with"),
            Duration.ofSeconds(r.integer("API_KEY_CACHE_SECONDS", 300, 0, 3600)),
            images,
            r.integer("AGENT_PORT", 60000, 1, 65535),
            Duration.ofMinutes(r.integer("IDLE_TIMEOUT_MINUTES", 120, 5, 10080)),
            Duration.ofMinutes(r.integer("ORPHAN_GRACE_MINUTES", 10, 1, 1440)),
            Duration.ofDays(r.integer("STOPPED_RETENTION_DAYS", 30, 1, 3650)),
            purgeMountPath,
            Duration.ofSeconds(r.integer("ACTIVITY_INTERVAL_SECONDS", 60, 0, 3600)),
            Duration.ofMillis(r.integer("AGENT_PROBE_TIMEOUT_MS", 1000, 50, 10000)),
            r.optional("METRICS_NAMESPACE", "OpenHands/Sandbox"),
            pool,
            publicDomain,
            r.oneOf("CAPACITY_PROVIDER", "FARGATE", List.of("FARGATE", "FARGATE_SPOT")));
    }

    /** Reads variables and turns every problem into a {@link SettingsException} naming the variable. */
    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        String required(String name, String what) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                throw new SettingsException(name, "not set", "set it to " + what + " (Terraform's sandbox module does)");
            }
            return value.trim();
        }

        String optional(String name, String fallback) {
            String value = env.get(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        String oneOf(String name, String fallback, List<String> allowed) {
            String value = optional(name, fallback);
            if (!allowed.contains(value)) {
                throw new SettingsException(name, "'" + value + "' is not one of " + allowed, "set it to one of " + allowed);
            }
            return value;
        }

        List<String> list(String name, String what) {
            List<String> values = new ArrayList<>();
            Arrays.stream(required(name, what).split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(values::add);
            if (values.isEmpty()) {
                throw new SettingsException(name, "empty", "set it to " + what);
            }
            return values;
        }

        int integer(String name, int fallback, int min, int max) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                return fallback;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed < min || parsed > max) {
                    throw new SettingsException(name, parsed + " is out of range", "use a whole number from " + min + " to " + max);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new SettingsException(name, "'" + value + "' is not a whole number", "use a whole number from " + min + " to " + max);
            }
        }

        <T> T json(String name, String fallback, TypeReference<T> type) {
            String value = optional(name, fallback);
            try {
                return JSON.readValue(value, type);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SettingsException(name, "not valid JSON of the expected shape (" + e.getOriginalMessage() + ")",
                    "write a JSON " + (fallback.startsWith("[") ? "array of strings" : "object of string values"));
            }
        }
    }
}
