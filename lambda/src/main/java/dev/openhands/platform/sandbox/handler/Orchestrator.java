package dev.openhands.platform.sandbox.handler;

import dev.openhands.platform.sandbox.api.ApiKeyVerifier;
import dev.openhands.platform.sandbox.api.OrchestratorApi;
import dev.openhands.platform.sandbox.api.StartRequestParser;
import dev.openhands.platform.sandbox.config.OrchestratorSettings;
import dev.openhands.platform.sandbox.launch.AgentProbe;
import dev.openhands.platform.sandbox.launch.SandboxNames;
import dev.openhands.platform.sandbox.launch.SandboxTasks;
import dev.openhands.platform.sandbox.launch.SessionSecrets;
import dev.openhands.platform.sandbox.launch.WorkspaceAccessPoints;
import dev.openhands.platform.sandbox.lifecycle.SandboxService;
import dev.openhands.platform.sandbox.maintenance.IdleReaper;
import dev.openhands.platform.sandbox.maintenance.WorkspacePurge;
import dev.openhands.platform.sandbox.metrics.SandboxMetrics;
import dev.openhands.platform.sandbox.pool.WarmPool;
import dev.openhands.platform.sandbox.registry.SandboxRegistry;

import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The object graph every handler shares, built once per Lambda execution environment (before the SnapStart
 * snapshot, so a restored function starts with its SDK clients ready).
 */
public final class Orchestrator {

    /** The staging label Secrets Manager moves to the replaced version of a secret. */
    static final String PREVIOUS_VERSION = "AWSPREVIOUS";

    private final SandboxService sandboxes;
    private final OrchestratorApi api;
    private final IdleReaper reaper;
    private final WorkspacePurge purge;
    private final SandboxMetrics metrics;
    private final SandboxRegistry registry;
    private final AwsClients clients;

    public Orchestrator(OrchestratorSettings settings, AwsClients clients, LongSupplier clock, PrintStream metricsOut,
                        Function<String, String> probeBase) {
        this(settings, clients, clock, metricsOut, probeBase, System.err::println);
    }

    /**
     * @param log where the API writes what it keeps from clients (AWS's detail of failures, under a correlation id)
     */
    public Orchestrator(OrchestratorSettings settings, AwsClients clients, LongSupplier clock, PrintStream metricsOut,
                        Function<String, String> probeBase, Consumer<String> log) {
        registry = new SandboxRegistry(clients.dynamo(), settings.registryTable());
        this.clients = clients;
        SessionSecrets sessionSecrets = new SessionSecrets(clients::secrets, settings.sessionSecretPrefix(), settings.sessionSecretKey());
        SandboxTasks tasks = new SandboxTasks(clients::ecs, settings.clusterArn(), settings.templateTaskDefinition(),
            settings.sandboxFamily(), settings.containerName(), settings.subnetIds(), settings.securityGroupIds(),
            settings.fileSystemId(), sessionSecrets, settings.environmentName(), settings.capacityProvider());
        WorkspaceAccessPoints accessPoints = new WorkspaceAccessPoints(clients::efs, settings.fileSystemId(),
            settings.workspaceRoot(), settings.environmentName());
        SandboxNames names = new SandboxNames(clients::route53, settings.sandboxZoneId(), settings.sandboxZoneName());
        metrics = new SandboxMetrics(settings.metricsNamespace(), settings.environmentName(), metricsOut, clock);
        WarmPool pool = new WarmPool(settings.warmPool(), registry, tasks, accessPoints, clock, settings.orphanGrace());
        sandboxes = new SandboxService(registry, tasks, accessPoints, names, pool,
            new AgentProbe(settings.probeTimeout(), probeBase), metrics, clock, settings.agentPort(),
            settings.activityInterval(), settings.publicSandboxDomain());
        ApiKeyVerifier keys = new ApiKeyVerifier(() -> apiKeys(clients, settings.apiKeySecretArn()),
            settings.apiKeyCacheTtl(), clock);
        api = new OrchestratorApi(sandboxes, keys, new StartRequestParser(settings.allowedImages(),
            settings.warmPool().runAsUser(), settings.warmPool().runAsGroup()), log);
        reaper = new IdleReaper(registry, tasks, sandboxes, names, sessionSecrets, pool, metrics, clock, settings.idleTimeout(),
            settings.orphanGrace(), settings.stoppedRetention());
        purge = new WorkspacePurge(Path.of(settings.purgeMountPath()), registry::get);
    }

    /**
     * The API key's current version and, when a rotation left one, its previous version (AWSPREVIOUS): a new key
     * takes effect at once, and the app server keeps working with the old one until it restarts.
     */
    static List<String> apiKeys(AwsClients clients, String secretArn) {
        String current = clients.secrets().getSecretValue(b -> b.secretId(secretArn)).secretString();
        String previous;
        try {
            previous = clients.secrets().getSecretValue(b -> b.secretId(secretArn).versionStage(PREVIOUS_VERSION)).secretString();
        } catch (ResourceNotFoundException neverRotated) {
            previous = null;
        }
        return Arrays.asList(current, previous);
    }

    /**
     * Does now what the first request would otherwise do: builds every SDK client and exercises the JSON code. Run
     * before a SnapStart snapshot, so restored functions start with all of it done.
     */
    public void prepareForSnapshot() {
        clients.buildAll();
        metrics.flush();
        api.handle(new dev.openhands.platform.sandbox.api.ApiRequest("GET", "/health", java.util.Map.of(), java.util.Map.of(), null));
    }

    public SandboxService sandboxes() {
        return sandboxes;
    }

    public OrchestratorApi api() {
        return api;
    }

    public IdleReaper reaper() {
        return reaper;
    }

    public WorkspacePurge purge() {
        return purge;
    }

    public SandboxMetrics metrics() {
        return metrics;
    }

    public SandboxRegistry registry() {
        return registry;
    }
}
