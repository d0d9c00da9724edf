package dev.openhands.platform.sandbox.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.sandbox.api.ApiException;
import dev.openhands.platform.sandbox.api.ApiRequest;
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
        JsonNode event;
        try {
            event = JSON.readTree(input);
        } catch (IOException unreadable) {
            event = null;
        }
        ApiResponse response = respond(event);
        orchestrator.metrics().flush();
        JSON.writeValue(output, ProxyEvents.toProxyResponse(response));
    }

    private ApiResponse respond(JsonNode event) {
        if (event == null || !event.isObject()) {
            return ApiResponse.error(400, "not an API Gateway proxy event");
        }
        ApiRequest request;
        try {
            request = ProxyEvents.toRequest(event);
        } catch (ApiException unreadable) {
            return ApiResponse.error(unreadable.status(), unreadable.getMessage());
        }
        return orchestrator.api().handle(request);
    }
}
