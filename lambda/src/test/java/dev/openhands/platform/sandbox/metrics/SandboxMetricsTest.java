package dev.openhands.platform.sandbox.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxMetricsTest {

    @Test
    void flushWritesOneEmbeddedMetricFormatDocument() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        SandboxMetrics metrics = new SandboxMetrics("OpenHands/Sandbox", "prod", new PrintStream(buffer, true, StandardCharsets.UTF_8), () -> 1234L);
        metrics.count(SandboxMetrics.COLD_STARTS, 1);
        metrics.milliseconds(SandboxMetrics.START_LATENCY, 120);
        metrics.milliseconds(SandboxMetrics.START_LATENCY, 80);
        metrics.flush();
        metrics.flush();

        String[] lines = buffer.toString(StandardCharsets.UTF_8).trim().split("\n");
        assertThat(lines).hasSize(1);
        JsonNode doc = new ObjectMapper().readTree(lines[0]);
        JsonNode directive = doc.get("_aws").get("CloudWatchMetrics").get(0);
        assertThat(doc.get("_aws").get("Timestamp").asLong()).isEqualTo(1234L);
        assertThat(directive.get("Namespace").asText()).isEqualTo("OpenHands/Sandbox");
        assertThat(directive.get("Dimensions").get(0).get(0).asText()).isEqualTo("Environment");
        assertThat(doc.get("Environment").asText()).isEqualTo("prod");
        assertThat(doc.get("ColdStarts").asDouble()).isEqualTo(1.0);
        assertThat(doc.get("StartLatency").size()).isEqualTo(2);
        for (JsonNode metric : directive.get("Metrics")) {
            assertThat(doc.has(metric.get("Name").asText())).isTrue();
        }
    }
}
