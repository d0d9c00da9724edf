package dev.openhands.platform.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.registry.SandboxRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartRequestParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CALLER = SandboxRecord.DEFAULT_OWNER;
    private final StartRequestParser parser = new StartRequestParser(List.of("img:1"), 10001, 10001);

    @Test
    void theOlderClientsBodyGetsDefaults() throws Exception {
        var request = parser.parse(CALLER, JSON.readTree("{\"session_id\":\"abc-1\",\"image\":\"img:1\",\"command\":\"python -m server 60000\",\"environment\":{\"DEBUG\":false,\"PORT\":60000}}"));
        assertThat(request.conversationId()).isEqualTo("abc-1");
        assertThat(request.owner()).isEqualTo("unassigned");
        assertThat(request.parameters().command()).containsExactly("/bin/sh", "-c", "python -m server 60000");
        assertThat(request.parameters().environment()).containsEntry("DEBUG", "false").containsEntry("PORT", "60000");
        assertThat(request.parameters().runAsUser()).isEqualTo(10001);
        assertThat(request.parameters().resourceFactor()).isEqualTo(1);
        assertThat(request.parameters().workingDir()).isNull();
    }

    @Test
    void fieldsFargateHasNoUseForAreTypeCheckedAndIgnored() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("{\"session_id\":\"abc\",\"image\":\"img:1\",\"fs_group\":10001,\"runtime_class\":\"sysbox-runc\",\"future_field\":{}}");
        assertThat(parser.parse(CALLER, body).parameters().image()).isEqualTo("img:1");
        body.put("runtime_class", 5);
        assertThatThrownBy(() -> parser.parse(CALLER, body)).hasMessageContaining("runtime_class");
        body.remove("runtime_class");
        body.put("fs_group", "root");
        assertThatThrownBy(() -> parser.parse(CALLER, body)).hasMessageContaining("fs_group");
    }

    @Test
    void nullEnvironmentValuesAndNestedValuesAreRefused() throws Exception {
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree("{\"session_id\":\"a\",\"image\":\"img:1\",\"environment\":{\"A\":null}}")))
            .isInstanceOf(ApiException.class).hasMessageContaining("A must have a string value");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree("{\"session_id\":\"a\",\"image\":\"img:1\",\"environment\":{\"A\":{\"b\":1}}}")))
            .hasMessageContaining("A must have a string value");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree("{\"session_id\":\"a\",\"image\":\"img:1\",\"command\":[1]}")))
            .hasMessageContaining("command");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree("{\"session_id\":\"a\",\"image\":\"img:1\",\"resource_factor\":1.5}")))
            .hasMessageContaining("resource_factor");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree("{\"session_id\":\"a\",\"image\":\"img:1\",\"user_id\":\"a b\"}")))
            .hasMessageContaining("user_id");
    }

    @Test
    void nothingThatWidensWhatTheSandboxRunsAsPasses() throws Exception {
        String base = "{\"session_id\":\"a\",\"image\":\"img:1\",";
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree(base + "\"run_as_user\":0}"))).hasMessageContaining("run_as_user");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree(base + "\"run_as_group\":0}"))).hasMessageContaining("run_as_group");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree(base + "\"fs_group\":0}"))).hasMessageContaining("fs_group");
        for (String notNormal : List.of("workspace", "/workspace/../etc", "/workspace/./x", "/workspace//x", "/..", "/.", "/a/b/..")) {
            assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree(base + "\"working_dir\":\"" + notNormal + "\"}")))
                .as(notNormal).hasMessageContaining("working_dir");
        }
        // Only the process's directory: the workspace stays at /workspace, so any normal absolute path is accepted.
        for (String normal : List.of("/", "/openhands/code/", "/workspaces", "/workspace/project")) {
            assertThat(parser.parse(CALLER, JSON.readTree(base + "\"working_dir\":\"" + normal + "\"}")).parameters().workingDir())
                .isEqualTo(normal);
        }
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree(base + "\"environment\":{\"Aws_Region\":\"x\"}}"))).hasMessageContaining("AWS_");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree(base + "\"environment\":{\"ECS_AGENT_URI\":\"x\"}}"))).hasMessageContaining("ECS_");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree("{\"session_id\":\"POOL-1\",\"image\":\"img:1\"}")))
            .hasMessageContaining("reserved");

        var allowed = parser.parse(CALLER, JSON.readTree(base + "\"working_dir\":\"/workspace/\",\"run_as_user\":1,\"environment\":{\"MY_AWS_NOTE\":\"x\"}}"));
        assertThat(allowed.parameters().workingDir()).isEqualTo("/workspace/");
        assertThat(allowed.parameters().runAsUser()).isEqualTo(1);
        assertThat(allowed.parameters().environment()).containsKey("MY_AWS_NOTE");
    }

    @Test
    void theOwnerIsTheCallerAndAUserIdMustRepeatIt() throws Exception {
        String body = "{\"session_id\":\"a\",\"image\":\"img:1\",\"user_id\":\"alice\"}";
        assertThat(parser.parse("alice", JSON.readTree(body)).owner()).isEqualTo("alice");
        assertThatThrownBy(() -> parser.parse("bob", JSON.readTree(body))).hasMessageContaining("X-OpenHands-User");
        assertThatThrownBy(() -> parser.parse(CALLER, JSON.readTree(body))).hasMessageContaining("is not the caller");
        assertThat(parser.parse("bob", JSON.readTree("{\"session_id\":\"a\",\"image\":\"img:1\"}")).owner()).isEqualTo("bob");
    }
}
