package dev.openhands.platform.sandbox.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.api.ApiException;
import dev.openhands.platform.sandbox.api.ApiRequest;
import dev.openhands.platform.sandbox.api.ApiResponse;
import dev.openhands.platform.sandbox.launch.SandboxTasks;
import dev.openhands.platform.sandbox.launch.TaskState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire formats Lambda hands the handlers: API Gateway's REST proxy event (payload 1.0) and EventBridge's
 * "ECS Task State Change". Read with a tree parser; no event-model library is loaded.
 */
public final class ProxyEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProxyEvents() {
    }

    /** The request in a REST proxy event; a body that claims to be base64 and is not is refused (400). */
    public static ApiRequest toRequest(JsonNode event) {
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        Map<String, List<String>> query = new LinkedHashMap<>();
        JsonNode multi = event.path("multiValueQueryStringParameters");
        if (multi.isObject()) {
            multi.fields().forEachRemaining(e -> {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                query.put(e.getKey(), values);
            });
        } else {
            event.path("queryStringParameters").fields()
                .forEachRemaining(e -> query.put(e.getKey(), List.of(e.getValue().asText())));
        }
        String body = event.hasNonNull("body") ? event.get("body").asText() : null;
        if (body != null && event.path("isBase64Encoded").asBoolean(false)) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                throw new ApiException(400, "the body is marked base64-encoded but is not valid base64");
            }
        }
        return new ApiRequest(event.path("httpMethod").asText("GET"), event.path("path").asText("/"), headers, query, body);
    }

    public static ObjectNode toProxyResponse(ApiResponse response) {
        ObjectNode out = JSON.createObjectNode();
        out.put("statusCode", response.status());
        out.putObject("headers").put("Content-Type", "application/json").put("Cache-Control", "no-store");
        out.put("body", response.bodyText());
        out.put("isBase64Encoded", false);
        return out;
    }

    /** The task an "ECS Task State Change" event is about, or null for any other event. */
    public static TaskState toTaskState(JsonNode event) {
        JsonNode detail = event.path("detail");
        if (!detail.hasNonNull("taskArn")) {
            return null;
        }
        String ip = null;
        for (JsonNode attachment : detail.path("attachments")) {
            for (JsonNode kv : attachment.path("details")) {
                if ("privateIPv4Address".equals(kv.path("name").asText())) {
                    ip = kv.path("value").asText();
                }
            }
        }
        String recordId = null;
        for (JsonNode override : detail.path("overrides").path("containerOverrides")) {
            for (JsonNode kv : override.path("environment")) {
                if (SandboxTasks.RECORD_ID_VARIABLE.equals(kv.path("name").asText())) {
                    recordId = kv.path("value").asText();
                }
            }
        }
        long created = 0;
        if (detail.hasNonNull("createdAt")) {
            created = Instant.parse(detail.get("createdAt").asText()).toEpochMilli();
        }
        return new TaskState(detail.get("taskArn").asText(), detail.path("lastStatus").asText(null), ip,
            detail.path("stoppedReason").asText(null), created, recordId);
    }
}
