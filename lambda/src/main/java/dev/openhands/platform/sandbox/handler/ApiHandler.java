package dev.openhands.platform.sandbox.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.sandbox.api.ApiResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Lambda entry point behind the private REST API: one proxy event in, one proxy response out. */
public final class ApiHandler extends OrchestratorHandler {

    public ApiHandler() {
        this(LambdaEnvironment.orchestrator());
    }

    public ApiHandler(Orchestrator orchestrator) {
        super(orchestrator);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        ApiResponse response;
        JsonNode event;
        try {
            event = JSON.readTree(input);
        } catch (IOException unreadable) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            response = ApiResponse.error(400, "not an API Gateway proxy event");
        } else {
            response = orchestrator.api().handle(ProxyEvents.toRequest(event));
        }
        orchestrator.metrics().flush();
        JSON.writeValue(output, ProxyEvents.toProxyResponse(response));
    }
}
