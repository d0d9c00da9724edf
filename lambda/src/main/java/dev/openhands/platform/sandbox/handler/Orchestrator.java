package dev.openhands.platform.sandbox.handler;

import dev.openhands.platform.sandbox.api.ApiKeyVerifier;
import dev.openhands.platform.sandbox.api.OrchestratorApi;
import dev.openhands.platform.sandbox.api.StartRequestParser;
import dev.openhands.platform.sandbox.config.OrchestratorSettings;
import dev.openhands.platform.sandbox.launch.AgentProbe;
import dev.openhands.platform.sandbox.launch.SandboxTasks;
import dev.openhands.platform.sandbox.launch.WorkspaceAccessPoints;
import dev.openhands.platform.sandbox.lifecycle.SandboxService;
import dev.openhands.platform.sandbox.maintenance.IdleReaper;
import dev.openhands.platform.sandbox.metrics.SandboxMetrics;
import dev.openhands.platform.sandbox.pool.WarmPool;
import dev.openhands.platform.sandbox.registry.SandboxRegistry;

import java.io.PrintStream;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The object graph every handler shares, built once per Lambda execution environment (before the SnapStart
 * snapshot, so a restored function starts with its SDK clients ready).
 */
public final class Orchestrator {

    private final SandboxService sandboxes;
    private final OrchestratorApi api;
    private final IdleReaper reaper;
    private final SandboxMetrics metrics;
    private final SandboxRegistry registry;
    private final AwsClients clients;

    public Orchestrator(OrchestratorSettings settings, AwsClients clients, LongSupplier clock, PrintStream metricsOut,
                        Function<String, String> probeBase) {
        registry = new SandboxRegistry(clients.dynamo(), settings.registryTable());
        this.clients = clients;
        SandboxTasks tasks = new SandboxTasks(clients::ecs, settings.clusterArn(), settings.templateTaskDefinition(),
            settings.sandboxFamily(), settings.containerName(), settings.subnetIds(), settings.securityGroupIds(),
            settings.fileSystemId());
        WorkspaceAccessPoints accessPoints = new WorkspaceAccessPoints(clients::efs, settings.fileSystemId(),
            settings.workspaceRoot(), settings.environmentName());
        metrics = new SandboxMetrics(settings.metricsNamespace(), settings.environmentName(), metricsOut, clock);
        WarmPool pool = new WarmPool(settings.warmPool(), registry, tasks, accessPoints, clock, settings.orphanGrace());
        sandboxes = new SandboxService(registry, tasks, accessPoints, pool,
            new AgentProbe(settings.probeTimeout(), probeBase), metrics, clock, settings.agentPort(),
            settings.activityInterval());
        ApiKeyVerifier keys = new ApiKeyVerifier(
            () -> clients.secrets().getSecretValue(b -> b.secretId(settings.apiKeySecretArn())).secretString(),
            settings.apiKeyCacheTtl(), clock);
        api = new OrchestratorApi(sandboxes, keys, new StartRequestParser(settings.allowedImages(),
            settings.warmPool().runAsUser(), settings.warmPool().runAsGroup()), System.err::println);
        reaper = new IdleReaper(registry, tasks, pool, metrics, clock, settings.idleTimeout(), settings.orphanGrace());
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

    public SandboxMetrics metrics() {
        return metrics;
    }

    public SandboxRegistry registry() {
        return registry;
    }
}
