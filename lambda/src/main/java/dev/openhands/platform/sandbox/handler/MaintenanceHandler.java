package dev.openhands.platform.sandbox.handler;

import com.amazonaws.services.lambda.runtime.Context;
import dev.openhands.platform.sandbox.maintenance.IdleReaper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Lambda entry point for the scheduled sweep (EventBridge rate rule): idle reaper, reconciliation, warm pool. */
public final class MaintenanceHandler extends OrchestratorHandler {

    public MaintenanceHandler() {
        this(LambdaEnvironment.orchestrator());
    }

    public MaintenanceHandler(Orchestrator orchestrator) {
        super(orchestrator);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        IdleReaper.Report report;
        try {
            report = orchestrator.reaper().sweep();
        } finally {
            orchestrator.metrics().flush();
        }
        JSON.writeValue(output, report);
    }
}
