package dev.openhands.platform.sandbox.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.ProxyClient.Reply;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every refused request gets its status and a message, and leaves the emulator exactly as it was: no registry
 * item, no task, no access point.
 */
class BadInputTest {

    private static SandboxEmulator emulator;
    private static ProxyClient client;
    private int itemsBefore;
    private int tasksBefore;
    private int accessPointsBefore;

    @BeforeAll
    static void start() throws Exception {
        emulator = SandboxEmulator.start();
        client = new ProxyClient(new ApiHandler(emulator.orchestrator(Map.of())), SandboxEmulator.API_KEY);
        client.post("/start", ProxyClient.v1Start("existing-conversation", SandboxEmulator.IMAGE, Map.of()));
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void snapshot() {
        itemsBefore = emulator.registryItemCount();
        tasksBefore = emulator.runningTasks().size();
        accessPointsBefore = emulator.accessPointCount();
    }

    @AfterEach
    void nothingChanged() {
        assertThat(emulator.registryItemCount()).as("registry items").isEqualTo(itemsBefore);
        assertThat(emulator.runningTasks()).as("running tasks").hasSize(tasksBefore);
        assertThat(emulator.accessPointCount()).as("access points").isEqualTo(accessPointsBefore);
    }

    static Stream<Arguments> refusals() {
        String valid = ProxyClient.v1Start("fresh-conversation", SandboxEmulator.IMAGE, Map.of()).toString();
        String big = "{\"session_id\":\"big\",\"image\":\"" + SandboxEmulator.IMAGE + "\",\"pad\":\"" + "x".repeat(70_000) + "\"}";
        return Stream.of(
            Arguments.of("no key", "POST", "/start", valid, null, 401, "X-API-Key"),
            Arguments.of("wrong key", "POST", "/start", valid, "not-the-key", 401, "X-API-Key"),
            Arguments.of("wrong key of the right length", "POST", "/start", valid, "test-api-key-0123456780", 401, "X-API-Key"),
            Arguments.of("wrong key on stop", "POST", "/stop", "{\"runtime_id\":\"existing-conversation\"}", "nope", 401, "X-API-Key"),
            Arguments.of("wrong key on lookup", "GET", "/sessions/existing-conversation", null, "nope", 401, "X-API-Key"),
            Arguments.of("body too large", "POST", "/start", big, SandboxEmulator.API_KEY, 413, "exceeds"),
            Arguments.of("malformed JSON", "POST", "/start", "{\"session_id\": ", SandboxEmulator.API_KEY, 400, "not valid JSON"),
            Arguments.of("JSON array body", "POST", "/start", "[]", SandboxEmulator.API_KEY, 400, "JSON object"),
            Arguments.of("path traversal id", "POST", "/start", valid.replace("fresh-conversation", "../etc"), SandboxEmulator.API_KEY, 400, "session_id must match"),
            Arguments.of("id too long", "POST", "/start", valid.replace("fresh-conversation", "a".repeat(65)), SandboxEmulator.API_KEY, 400, "session_id must match"),
            Arguments.of("slash in lookup id", "GET", "/sessions/a%2F..%2Fb", null, SandboxEmulator.API_KEY, 400, "session_id must match"),
            Arguments.of("unlisted image", "POST", "/start", valid.replace(SandboxEmulator.IMAGE, "docker.io/evil/miner:latest"), SandboxEmulator.API_KEY, 400, "not served"),
            Arguments.of("missing image", "POST", "/start", "{\"session_id\":\"x1\"}", SandboxEmulator.API_KEY, 400, "image is required"),
            Arguments.of("reserved variable", "POST", "/start", valid.replace("\"environment\":{}", "\"environment\":{\"SESSION_API_KEY\":\"mine\"}"), SandboxEmulator.API_KEY, 400, "set by the orchestrator"),
            Arguments.of("git configuration variable", "POST", "/start", valid.replace("\"environment\":{}", "\"environment\":{\"git_config_count\":\"0\"}"), SandboxEmulator.API_KEY, 400, "set by the orchestrator"),
            Arguments.of("bad variable name", "POST", "/start", valid.replace("\"environment\":{}", "\"environment\":{\"1BAD\":\"x\"}"), SandboxEmulator.API_KEY, 400, "not a valid name"),
            Arguments.of("environment too large for ECS", "POST", "/start", valid.replace("\"environment\":{}", "\"environment\":{\"BIG\":\"" + "y".repeat(7200) + "\"}"), SandboxEmulator.API_KEY, 400, "ECS passes at most"),
            Arguments.of("relative working dir", "POST", "/start", valid.replace("\"/workspace\"", "\"workspace/../..\""), SandboxEmulator.API_KEY, 400, "working_dir"),
            Arguments.of("bad resource factor", "POST", "/start", valid.replace("\"resource_factor\":1", "\"resource_factor\":3"), SandboxEmulator.API_KEY, 400, "resource_factor"),
            Arguments.of("negative uid", "POST", "/start", valid.replace("\"run_as_user\":10001", "\"run_as_user\":-1"), SandboxEmulator.API_KEY, 400, "run_as_user"),
            Arguments.of("root user", "POST", "/start", valid.replace("\"run_as_user\":10001", "\"run_as_user\":0"), SandboxEmulator.API_KEY, 400, "run_as_user"),
            Arguments.of("root group", "POST", "/start", valid.replace("\"run_as_group\":10001", "\"run_as_group\":0"), SandboxEmulator.API_KEY, 400, "run_as_group"),
            Arguments.of("working dir with a '.' segment", "POST", "/start", valid.replace("\"/workspace\"", "\"/workspace/./x\""), SandboxEmulator.API_KEY, 400, "working_dir must be a normalised absolute path"),
            Arguments.of("working dir with an empty segment", "POST", "/start", valid.replace("\"/workspace\"", "\"/workspace//x\""), SandboxEmulator.API_KEY, 400, "working_dir must be a normalised absolute path"),
            Arguments.of("working dir escaping the workspace", "POST", "/start", valid.replace("\"/workspace\"", "\"/workspace/../root\""), SandboxEmulator.API_KEY, 400, "working_dir"),
            Arguments.of("AWS credentials variable", "POST", "/start", valid.replace("\"environment\":{}", "\"environment\":{\"AWS_ACCESS_KEY_ID\":\"AKIA0000\"}"), SandboxEmulator.API_KEY, 400, "AWS_"),
            Arguments.of("AWS credentials endpoint variable", "POST", "/start", valid.replace("\"environment\":{}", "\"environment\":{\"AWS_CONTAINER_CREDENTIALS_FULL_URI\":\"http://169.254.170.2/x\"}"), SandboxEmulator.API_KEY, 400, "AWS_"),
            Arguments.of("lower-case AWS variable", "POST", "/start", valid.replace("\"environment\":{}", "\"environment\":{\"aws_profile\":\"admin\"}"), SandboxEmulator.API_KEY, 400, "AWS_"),
            Arguments.of("ECS metadata variable", "POST", "/start", valid.replace("\"environment\":{}", "\"environment\":{\"ECS_CONTAINER_METADATA_URI_V4\":\"http://x\"}"), SandboxEmulator.API_KEY, 400, "ECS_"),
            Arguments.of("id of a warm-pool slot", "POST", "/start", valid.replace("fresh-conversation", "pool-0b7c2a8e-2f0c-4a55-9d1e-6f3b2d1c0a99"), SandboxEmulator.API_KEY, 400, "reserved"),
            Arguments.of("stop without id", "POST", "/stop", "{}", SandboxEmulator.API_KEY, 400, "session_id is required"),
            Arguments.of("unknown route", "GET", "/admin", null, SandboxEmulator.API_KEY, 404, "no route"),
            Arguments.of("nested unknown route", "GET", "/sessions/a/b", null, SandboxEmulator.API_KEY, 404, "no route"),
            Arguments.of("wrong method", "GET", "/start", null, SandboxEmulator.API_KEY, 405, "use POST"),
            Arguments.of("unknown session stop", "POST", "/stop", "{\"runtime_id\":\"never-started\"}", SandboxEmulator.API_KEY, 404, "no sandbox"),
            Arguments.of("unknown session delete", "POST", "/delete", "{\"runtime_id\":\"never-started\"}", SandboxEmulator.API_KEY, 404, "no sandbox"),
            Arguments.of("unknown session activity", "POST", "/activity", "{\"runtime_id\":\"never-started\"}", SandboxEmulator.API_KEY, 404, "no sandbox"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusedWithoutSideEffects(String name, String method, String path, String body, String key, int status, String message) {
        Reply reply = client.send(method, path, body, Map.of(), key);
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.body().get("error").asText()).contains(message);
        // The OpenHands clients show FastAPI's "detail"; both carry the same text.
        assertThat(reply.body().get("detail").asText()).isEqualTo(reply.body().get("error").asText());
    }

    @Test
    void aBodyThatIsNotBase64IsRefusedNotThrown() {
        ObjectNode event = client.event("POST", "/start", "%%% not base64 %%%", Map.of(), SandboxEmulator.API_KEY);
        event.put("isBase64Encoded", true);
        Reply reply = client.send(event);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().get("error").asText()).contains("base64");
        assertThat(reply.body().get("detail").asText()).contains("base64");

        ObjectNode unauthenticated = client.event("POST", "/stop", "%%%", Map.of(), null);
        unauthenticated.put("isBase64Encoded", true);
        assertThat(client.send(unauthenticated).status()).isEqualTo(400);
    }

    @Test
    void aBase64BodyIsDecoded() {
        String encoded = Base64.getEncoder().encodeToString("{\"runtime_id\":\"never-started\"}".getBytes(StandardCharsets.UTF_8));
        ObjectNode event = client.event("POST", "/stop", encoded, Map.of(), SandboxEmulator.API_KEY);
        event.put("isBase64Encoded", true);
        Reply reply = client.send(event);
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().get("error").asText()).isEqualTo("no sandbox for never-started");
    }

    @ParameterizedTest(name = "batch with {0}")
    @MethodSource("badBatchIds")
    void batchIdsAreValidated(String name, List<String> ids) {
        Reply reply = client.get("/sessions/batch", Map.of("ids", ids));
        assertThat(reply.status()).isEqualTo(400);
    }

    static Stream<Arguments> badBatchIds() {
        return Stream.of(Arguments.of("traversal", List.of("ok-id", "../x")),
            Arguments.of("too many", java.util.stream.IntStream.range(0, 101).mapToObj(i -> "id-" + i).toList()));
    }
}
