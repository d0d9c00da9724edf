package dev.openhands.platform.sandbox.handler;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Lambda SnapStart's checkpoint hook: before the snapshot of an initialised function is taken, the orchestrator
 * does the work of a first request (SDK clients, JSON), so every environment restored from the snapshot starts
 * warm. Nothing secret is fetched: the API key is read after restore, with its cache TTL.
 */
final class SnapshotPreparation implements Resource {

    private final Orchestrator orchestrator;

    private SnapshotPreparation(Orchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    /** Registers the hook; the handler keeps the returned object, since the CRaC context holds it weakly. */
    static SnapshotPreparation register(Orchestrator orchestrator) {
        SnapshotPreparation hook = new SnapshotPreparation(orchestrator);
        Core.getGlobalContext().register(hook);
        return hook;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        orchestrator.prepareForSnapshot();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to redo: session keys come from a fresh SecureRandom per key, and the API key cache is empty.
    }
}
