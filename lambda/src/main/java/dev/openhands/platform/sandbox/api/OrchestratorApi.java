package dev.openhands.platform.sandbox.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.lifecycle.SandboxNotFoundException;
import dev.openhands.platform.sandbox.lifecycle.SandboxService;
import dev.openhands.platform.sandbox.lifecycle.SandboxStartException;
import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.VersionConflictException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The remote runtime API the OpenHands app server calls ({@code RUNTIME=remote}). Every route but {@code /health}
 * needs the X-API-Key header. Requests are checked completely (key, caller, size, route, JSON, ids) before anything
 * is read from or written to AWS, so a refused request has no side effect. Every route that names a conversation
 * acts for the {@link Caller}: another owner's conversations answer 404, as if they did not exist. Errors carry
 * no AWS detail: failures the client cannot fix answer a correlation id, and the detail goes to the log with it.
 */
public final class OrchestratorApi {

    public static final String API_KEY_HEADER = "X-API-Key";
    /** Larger than any /start the clients send; ECS's own 8 KiB override limit is checked separately. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SandboxService sandboxes;
    private final ApiKeyVerifier keys;
    private final StartRequestParser startParser;
    private final Consumer<String> log;

    public OrchestratorApi(SandboxService sandboxes, ApiKeyVerifier keys, StartRequestParser startParser, Consumer<String> log) {
        this.sandboxes = sandboxes;
        this.keys = keys;
        this.startParser = startParser;
        this.log = log;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (ApiException refused) {
            return ApiResponse.error(refused.status(), refused.getMessage());
        } catch (SandboxNotFoundException missing) {
            return ApiResponse.error(404, missing.getMessage());
        } catch (SandboxStartException failed) {
            log.accept("sandbox start failed, correlation id " + failed.correlationId() + ": " + failed.getMessage());
            return ApiResponse.error(502, "could not start the sandbox; correlation id " + failed.correlationId()
                + " (the orchestrator's log has the detail)");
        } catch (VersionConflictException contended) {
            return ApiResponse.error(409, "the sandbox is changing under concurrent requests; retry");
        } catch (RuntimeException unexpected) {
            String correlationId = UUID.randomUUID().toString();
            log.accept("internal error on " + request.method() + " " + request.path() + ", correlation id " + correlationId
                + ": " + unexpected);
            return ApiResponse.error(500, "internal error; correlation id " + correlationId + " (the orchestrator's log has the detail)");
        }
    }

    private ApiResponse route(ApiRequest request) {
        String method = request.method();
        String path = request.path().length() > 1 && request.path().endsWith("/")
            ? request.path().substring(0, request.path().length() - 1) : request.path();
        if (path.equals("/health")) {
            requireMethod(method, "GET");
            return ok(JSON.createObjectNode().put("status", "ok"));
        }
        if (!keys.accepts(request.header(API_KEY_HEADER))) {
            return ApiResponse.error(401, "missing or wrong " + API_KEY_HEADER + " header");
        }
        String caller = Caller.of(request);
        if (request.body() != null && request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return ApiResponse.error(413, "request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        switch (path) {
            case "/start":
                requireMethod(method, "POST");
                StartRequestParser.StartRequest start = startParser.parse(caller, body(request));
                return view(sandboxes.start(start.conversationId(), start.owner(), start.parameters()));
            case "/stop":
                requireMethod(method, "POST");
                return view(sandboxes.stop(runtimeId(request), caller));
            case "/pause":
                requireMethod(method, "POST");
                return view(sandboxes.pause(runtimeId(request), caller));
            case "/resume":
                requireMethod(method, "POST");
                return view(sandboxes.resume(runtimeId(request), caller));
            case "/delete":
                requireMethod(method, "POST");
                String deleted = runtimeId(request);
                sandboxes.delete(deleted, caller);
                return ok(JSON.createObjectNode().put("runtime_id", deleted).put("status", "deleted"));
            case "/activity":
                requireMethod(method, "POST");
                String active = runtimeId(request);
                boolean live = sandboxes.activity(active, caller);
                return ok(JSON.createObjectNode().put("runtime_id", active).put("live", live));
            case "/list":
                requireMethod(method, "GET");
                ArrayNode runtimes = JSON.createArrayNode();
                List<SandboxRecord> all = sandboxes.list(caller);
                all.forEach(r -> runtimes.add(RuntimeView.render(r, sandboxes.urlOf(r))));
                ObjectNode list = JSON.createObjectNode();
                list.set("runtimes", runtimes);
                list.put("total", all.size());
                return ok(list);
            case "/sessions/batch":
                requireMethod(method, "GET");
                ArrayNode batch = JSON.createArrayNode();
                sandboxes.statuses(batchIds(request), caller).forEach(r -> batch.add(RuntimeView.render(r, sandboxes.urlOf(r))));
                return ok(batch);
            default:
                break;
        }
        for (String prefix : List.of("/sessions/", "/runtime/")) {
            if (path.startsWith(prefix) && path.indexOf('/', prefix.length()) < 0) {
                requireMethod(method, "GET");
                String id = StartRequestParser.checkId(prefix.equals("/sessions/") ? "session_id" : "runtime_id",
                    path.substring(prefix.length()));
                SandboxRecord record = sandboxes.status(id, caller);
                sandboxes.noteActivity(record);
                return view(record);
            }
        }
        throw new ApiException(404, "no route " + method + " " + path);
    }

    private ApiResponse view(SandboxRecord record) {
        return ok(RuntimeView.render(record, sandboxes.urlOf(record)));
    }

    private static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body);
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new ApiException(405, "use " + expected);
        }
    }

    private static JsonNode body(ApiRequest request) {
        if (request.body() == null || request.body().isBlank()) {
            throw new ApiException(400, "a JSON body is required");
        }
        try {
            return JSON.readTree(request.body());
        } catch (JsonProcessingException malformed) {
            throw new ApiException(400, "the body is not valid JSON: " + malformed.getOriginalMessage());
        }
    }

    /** The runtime id of /stop, /pause, /resume, /delete and /activity; our runtime ids are the session ids. */
    private static String runtimeId(ApiRequest request) {
        JsonNode body = body(request);
        if (!body.isObject()) {
            throw new ApiException(400, "the body must be a JSON object with runtime_id");
        }
        return StartRequestParser.id(body, body.has("runtime_id") ? "runtime_id" : "session_id");
    }

    private static List<String> batchIds(ApiRequest request) {
        List<String> ids = new ArrayList<>();
        for (String value : request.query().getOrDefault("ids", List.of())) {
            for (String id : value.split(",")) {
                if (!id.isBlank()) {
                    ids.add(StartRequestParser.checkId("ids", id.trim()));
                }
            }
        }
        if (ids.size() > 100) {
            throw new ApiException(400, "at most 100 ids per batch");
        }
        return ids;
    }
}
