package dev.openhands.platform.sandbox.handler;

import com.amazonaws.services.lambda.runtime.Context;
import dev.openhands.platform.sandbox.launch.TaskState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Lambda entry point for "ECS Task State Change" events of the sandbox cluster. */
public final class TaskStateHandler extends OrchestratorHandler {

    public TaskStateHandler() {
        this(LambdaEnvironment.orchestrator());
    }

    public TaskStateHandler(Orchestrator orchestrator) {
        super(orchestrator);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        TaskState state = ProxyEvents.toTaskState(JSON.readTree(input));
        if (state != null) {
            orchestrator.sandboxes().onTaskState(state);
        }
        JSON.writeValue(output, JSON.createObjectNode().put("handled", state != null));
    }
}
