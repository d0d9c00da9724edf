package dev.openhands.platform.sandbox.handler;

import com.amazonaws.services.lambda.runtime.Context;
import dev.openhands.platform.sandbox.maintenance.WorkspacePurge;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Lambda entry point of the purge function (EventBridge rate rule): removes the directories of deleted and expired
 * conversations from the workspace root, which this function alone mounts (through a root access point).
 */
public final class PurgeHandler extends OrchestratorHandler {

    public PurgeHandler() {
        this(LambdaEnvironment.orchestrator());
    }

    public PurgeHandler(Orchestrator orchestrator) {
        super(orchestrator);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        WorkspacePurge.Report report = orchestrator.purge().run();
        JSON.writeValue(output, report);
    }
}
