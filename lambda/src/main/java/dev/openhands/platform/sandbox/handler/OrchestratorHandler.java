package dev.openhands.platform.sandbox.handler;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the three Lambda entry points share: the orchestrator, built once per execution environment from the
 * function's environment (or handed in by tests), and the SnapStart checkpoint hook that prepares it.
 */
abstract class OrchestratorHandler implements RequestStreamHandler {

    static final ObjectMapper JSON = new ObjectMapper();

    final Orchestrator orchestrator;
    // Held so the hook lives as long as the handler: the CRaC context references it weakly.
    private final SnapshotPreparation snapshotPreparation;

    OrchestratorHandler(Orchestrator orchestrator) {
        this.orchestrator = orchestrator;
        this.snapshotPreparation = SnapshotPreparation.register(orchestrator);
    }
}
