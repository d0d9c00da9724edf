package dev.openhands.platform.main.tiers;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.stacks.SandboxArtifact;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.sandbox.LambdaArtifact;
import dev.openhands.platform.modules.sandbox.OrchestratorFunctions;
import dev.openhands.platform.modules.sandbox.OrchestratorFunctionsProps;
import dev.openhands.platform.modules.sandbox.OrchestratorSettings;
import dev.openhands.platform.modules.sandbox.PrivateSandboxApi;
import dev.openhands.platform.modules.sandbox.PrivateSandboxApiProps;
import dev.openhands.platform.modules.sandbox.SandboxCluster;
import dev.openhands.platform.modules.sandbox.SandboxClusterProps;
import dev.openhands.platform.modules.sandbox.SandboxContainer;
import dev.openhands.platform.modules.sandbox.SandboxRegistryTable;
import dev.openhands.platform.modules.sandbox.SandboxRegistryTableProps;
import dev.openhands.platform.modules.sandbox.SandboxResources;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplate;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplateProps;
import dev.openhands.platform.modules.sandbox.SandboxZone;
import dev.openhands.platform.modules.sandbox.SandboxZoneProps;
import dev.openhands.platform.modules.sandbox.WorkspacePurgeFunction;

/**
 * Sandbox orchestration (the {@code sandbox} section): the registry, the cluster and task template of per-conversation
 * sandboxes, the orchestrator functions and the private API the OpenHands app server calls as its remote runtime.
 */
public final class SandboxTier {

    /** The agent server's port in a sandbox (the V1 app server starts it with --port 60000). */
    public static final int AGENT_PORT = 60000;
    /** uid:gid of the agent in a sandbox; OpenHands' V1 app server asks for 10001:10001. */
    public static final String SANDBOX_USER = "10001:10001";

    private final SandboxRegistryTable registry;
    private final SandboxCluster cluster;
    private final SandboxTaskTemplate template;
    private final SandboxZone zone;
    private final OrchestratorFunctions orchestrator;
    private final PrivateSandboxApi api;
    private final LambdaArtifact artifact = SandboxArtifact.locate();
    private final LogSettings logs;

    public SandboxTier(EnvironmentScope scope, EnvironmentConfig.Sandbox config, KeysTier keys, NetworkTier network, DataTier data,
                       EgressTier egress) {
        String prefix = scope.prefix();
        var location = scope.location();
        LogSettings logs = new LogSettings(keys.logs(), config.logRetentionDays());
        this.logs = logs;

        this.registry = new SandboxRegistryTable(scope.stack(), "sandbox-registry", new SandboxRegistryTableProps(
            prefix + "-sandboxes", keys.data(), data.config().protection(), data.backedUpTags()));
        this.cluster = new SandboxCluster(scope.stack(), "sandbox-cluster", new SandboxClusterProps(prefix + "-sandboxes",
            config.capacity(), EnvironmentScope.NO_EXTRA_TAGS));
        this.template = new SandboxTaskTemplate(scope.stack(), "sandbox-template", new SandboxTaskTemplateProps(
            prefix, location, network.network(), network.endpoints(), data.workspaces(),
            SandboxContainer.builder()
                .images(config.images())
                .cpu(config.cpu())
                .memoryMib(config.memoryMib())
                .agentPort(AGENT_PORT)
                .runAsUser(SANDBOX_USER)
                .build(),
            scope.bedrockModelArns(), config.taskPolicyStatements(), egress.sandboxSettings(), logs, EnvironmentScope.NO_EXTRA_TAGS));
        this.zone = new SandboxZone(scope.stack(), "sandbox-zone", new SandboxZoneProps(
            "sandboxes." + prefix + ".internal", network.network().getVpcId(), EnvironmentScope.NO_EXTRA_TAGS));
        OrchestratorFunctionsProps orchestratorProps = new OrchestratorFunctionsProps(
            prefix, scope.env().name(), location, artifact, network.network(), network.endpoints(),
            new SandboxResources(registry, cluster, template, data.workspaces(), zone), keys.data(), logs,
            settings(scope.env())
                .idleTimeoutMinutes(config.idleTimeoutMinutes())
                .orphanGraceMinutes(config.orphanGraceMinutes())
                .stoppedRetentionDays(config.stoppedRetentionDays())
                .warmPoolSize(config.warmPoolSize())
                .warmPoolEnvironment(config.warmPoolEnvironment())
                .apiKeyVersion(config.apiKeyVersion())
                .capacity(config.capacity())
                .tracing(config.tracing())
                .build(),
            EnvironmentScope.NO_EXTRA_TAGS);
        this.orchestrator = new OrchestratorFunctions(scope.stack(), "sandbox-orchestrator", orchestratorProps);
        new WorkspacePurgeFunction(scope.stack(), "sandbox-purge", orchestratorProps, orchestrator.getEnvironment());
        this.api = new PrivateSandboxApi(scope.stack(), "sandbox-api", new PrivateSandboxApiProps(
            prefix, location, network.endpointPlacement(), orchestrator, logs, config.apiRateLimitPerSecond(), config.apiRateLimitPerSecond() * 2,
            EnvironmentScope.NO_EXTRA_TAGS));

        scope.output("sandbox_api_url", "SANDBOX_REMOTE_RUNTIME_API_URL for the app server (resolves inside the VPC only)", api.getUrl());
        scope.output("sandbox_api_key_secret_arn", "Secret holding SANDBOX_API_KEY, the X-API-Key the app server sends", orchestrator.getApiKeySecretArn());
        scope.output("sandbox_api_client_security_group_id", "Attach to the app server: admits it to the orchestrator API", api.getClientSecurityGroupId());
        scope.output("sandbox_caller_security_group_id", "Attach to the app server: admits it to the agent servers in the sandboxes", template.getCallerSecurityGroupId());
        scope.output("sandbox_zone_name", "Private zone of the sandboxes' names (each conversation's URL is http://<label>.<zone>:" + AGENT_PORT + ")", zone.getZoneName());
        scope.output("sandbox_cluster_arn", "ECS cluster of the sandbox tasks", cluster.getArn());
        scope.output("sandbox_registry_table", "DynamoDB registry of sandboxes", registry.getName());
    }

    /**
     * With a front door the orchestrator returns {@code https://<label>.<sandbox domain>} URLs, which the sandbox router
     * serves; without one, the private names inside the VPC.
     */
    private static OrchestratorSettings.Builder settings(EnvironmentConfig env) {
        OrchestratorSettings.Builder settings = OrchestratorSettings.builder();
        env.frontDoor().ifPresent(frontDoor -> settings.publicSandboxDomain(frontDoor.sandboxDomain()));
        return settings;
    }

    /** The orchestrator's jar: it also carries the origin secret's rotation handler. */
    public LambdaArtifact artifact() {
        return artifact;
    }

    /** The sandbox logs' key and retention (the router's logs keep the same). */
    public LogSettings logs() {
        return logs;
    }

    /** The agent server's port in a sandbox. */
    public int agentPort() {
        return AGENT_PORT;
    }

    public SandboxRegistryTable registry() {
        return registry;
    }

    public SandboxCluster cluster() {
        return cluster;
    }

    public SandboxTaskTemplate template() {
        return template;
    }

    public SandboxZone zone() {
        return zone;
    }

    public OrchestratorFunctions orchestrator() {
        return orchestrator;
    }

    public PrivateSandboxApi api() {
        return api;
    }
}
