package dev.openhands.platform.sandbox.api;

import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status a sandbox shows in both generations of the V1 app server, computed with their own mapping rules
 * (remote_sandbox_service.py): earlier versions map {@code pod_status} first and fall back to {@code status};
 * current ones read {@code status} only. Both must agree with the orchestrator's state.
 */
class RuntimeViewTest {

    private static final Map<String, String> POD_STATUS_V1 = Map.of(
        "ready", "RUNNING", "pending", "STARTING", "running", "STARTING",
        "failed", "ERROR", "unknown", "ERROR", "crashloopbackoff", "ERROR");
    private static final Map<String, String> STATUS_V1 = Map.of(
        "running", "RUNNING", "paused", "PAUSED", "stopped", "MISSING", "starting", "STARTING", "error", "ERROR");

    static String earlierV1(String podStatus, String status) {
        if (POD_STATUS_V1.containsKey(podStatus)) {
            return POD_STATUS_V1.get(podStatus);
        }
        return STATUS_V1.getOrDefault(status, "MISSING");
    }

    static String currentV1(String status) {
        return STATUS_V1.getOrDefault(status, "MISSING");
    }

    @ParameterizedTest(name = "{0} ip={1} ready={2} -> {3}")
    @CsvSource({
        "STARTING, false, false, STARTING",
        "STARTING, true, false, STARTING",
        "RUNNING, true, false, STARTING",
        "RUNNING, true, true, RUNNING",
        "PAUSED, false, false, PAUSED",
        "STOPPED, false, false, MISSING",
        "ERROR, false, false, ERROR"})
    void bothClientGenerationsSeeTheSameState(SandboxStatus status, boolean hasIp, boolean ready, String expected) {
        SandboxRecord record = SandboxRecord.builder("conv-1", status).taskIp(hasIp ? "10.0.0.9" : null).ready(ready)
            .sessionApiKey("key").build();
        var view = RuntimeView.render(record, hasIp ? "http://10.0.0.9:60000" : null);
        assertThat(view.get("pod_status").isTextual()).isTrue();
        assertThat(earlierV1(view.get("pod_status").asText(), view.get("status").asText())).isEqualTo(expected);
        assertThat(currentV1(view.get("status").asText())).isEqualTo(expected);
        for (String field : List.of("runtime_id", "session_id", "session_api_key", "status", "pod_status")) {
            assertThat(view.get(field).isTextual()).as(field).isTrue();
        }
        assertThat(view.has("url")).isTrue();
    }
}
