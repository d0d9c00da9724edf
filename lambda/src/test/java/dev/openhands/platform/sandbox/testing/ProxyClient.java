package dev.openhands.platform.sandbox.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.handler.ApiHandler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Calls {@link ApiHandler} the way API Gateway does: a REST proxy event (payload 1.0) in, a proxy response out.
 * Requests look like the OpenHands clients' (X-API-Key header, JSON bodies, repeated {@code ids} parameters).
 */
public final class ProxyClient {

    /** The header the multi-user app server names the user with (docs/sandboxes.md, "Ownership"). */
    public static final String USER_HEADER = "X-OpenHands-User";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ApiHandler handler;
    private final String apiKey;
    private final Map<String, String> extraHeaders;

    public ProxyClient(ApiHandler handler, String apiKey) {
        this(handler, apiKey, Map.of());
    }

    private ProxyClient(ApiHandler handler, String apiKey, Map<String, String> extraHeaders) {
        this.handler = handler;
        this.apiKey = apiKey;
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    /** The same client acting for {@code user}: every request carries the user header. */
    public ProxyClient as(String user) {
        return new ProxyClient(handler, apiKey, Map.of(USER_HEADER, user));
    }

    /** A response: HTTP status and parsed JSON body. */
    public record Reply(int status, JsonNode body) {
    }

    public Reply get(String path) {
        return send("GET", path, null, Map.of(), apiKey);
    }

    public Reply get(String path, Map<String, List<String>> query) {
        return send("GET", path, null, query, apiKey);
    }

    public Reply post(String path, String body) {
        return send("POST", path, body, Map.of(), apiKey);
    }

    public Reply post(String path, JsonNode body) {
        return send("POST", path, body.toString(), Map.of(), apiKey);
    }

    public Reply send(String method, String path, String body, Map<String, List<String>> query, String key) {
        return send(event(method, path, body, query, key));
    }

    /** The proxy event API Gateway would hand the function for this request. */
    public ObjectNode event(String method, String path, String body, Map<String, List<String>> query, String key) {
        ObjectNode event = JSON.createObjectNode();
        event.put("resource", "/{proxy+}");
        event.put("path", path);
        event.put("httpMethod", method);
        ObjectNode headers = event.putObject("headers");
        headers.put("Content-Type", "application/json");
        headers.put("Host", "abc123.execute-api.eu-west-1.amazonaws.com");
        if (key != null) {
            headers.put("X-API-Key", key);
        }
        extraHeaders.forEach(headers::put);
        if (query.isEmpty()) {
            event.putNull("queryStringParameters");
            event.putNull("multiValueQueryStringParameters");
        } else {
            ObjectNode single = event.putObject("queryStringParameters");
            ObjectNode multi = event.putObject("multiValueQueryStringParameters");
            query.forEach((name, values) -> {
                single.put(name, values.get(values.size() - 1));
                values.forEach(multi.putArray(name)::add);
            });
        }
        event.putObject("requestContext").put("stage", "v1").put("httpMethod", method).put("path", "/v1" + path);
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    /** Hands the event to the function as Lambda would. */
    public Reply send(ObjectNode event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out, null);
            JsonNode response = JSON.readTree(out.toByteArray());
            return new Reply(response.get("statusCode").asInt(), JSON.readTree(response.get("body").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The V1 app server's /start body for a sandbox, with the spec's initial environment. */
    public static ObjectNode v1Start(String sessionId, String image, Map<String, String> environment) {
        ObjectNode body = JSON.createObjectNode();
        body.put("image", image);
        body.putArray("command").add("/usr/local/bin/openhands-agent-server").add("--port").add("60000");
        body.put("working_dir", "/workspace");
        ObjectNode env = body.putObject("environment");
        environment.forEach(env::put);
        body.put("session_id", sessionId);
        body.put("resource_factor", 1);
        body.put("run_as_user", 10001);
        body.put("run_as_group", 10001);
        body.put("fs_group", 10001);
        return body;
    }

    public static ObjectNode runtimeId(String id) {
        return JSON.createObjectNode().put("runtime_id", id);
    }
}
