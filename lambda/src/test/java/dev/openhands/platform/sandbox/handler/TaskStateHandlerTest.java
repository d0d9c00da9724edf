package dev.openhands.platform.sandbox.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "ECS Task State Change" events, shaped as EventBridge delivers them (the detail is the task as DescribeTasks
 * returns it), mark the record of the task that stopped, and only that task's record.
 */
class TaskStateHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStoppedTaskMarksItsSandboxStoppedAndStaleEventsAreIgnored() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            Orchestrator orchestrator = emulator.orchestrator(Map.of());
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
            TaskStateHandler handler = new TaskStateHandler(orchestrator);
            client.post("/start", ProxyClient.v1Start("evented", SandboxEmulator.IMAGE, Map.of()));

            Task starting = describe(emulator, orchestrator.registry().get("evented").orElseThrow().taskArn());
            deliver(handler, event(starting));
            assertThat(orchestrator.registry().get("evented").orElseThrow().status()).isEqualTo(SandboxStatus.RUNNING);
            assertThat(orchestrator.registry().get("evented").orElseThrow().taskIp()).isNotNull();

            emulator.clients().ecs().stopTask(b -> b.cluster(emulator.clusterArn()).task(starting.taskArn()).reason("OutOfMemoryError"));
            Task stopped = describe(emulator, starting.taskArn());
            ObjectNode stoppedEvent = event(stopped);
            ((ObjectNode) stoppedEvent.get("detail")).put("lastStatus", "STOPPED").put("stoppedReason", "OutOfMemoryError");

            // Resumed meanwhile: the event for the old task must not touch the new one.
            client.post("/stop", ProxyClient.runtimeId("evented"));
            client.post("/resume", ProxyClient.runtimeId("evented"));
            deliver(handler, stoppedEvent);
            assertThat(orchestrator.registry().get("evented").orElseThrow().status()).isIn(SandboxStatus.STARTING, SandboxStatus.RUNNING);

            Task current = describe(emulator, orchestrator.registry().get("evented").orElseThrow().taskArn());
            emulator.clients().ecs().stopTask(b -> b.cluster(emulator.clusterArn()).task(current.taskArn()).reason("Essential container exited"));
            ObjectNode currentStopped = event(describe(emulator, current.taskArn()));
            ((ObjectNode) currentStopped.get("detail")).put("lastStatus", "STOPPED").put("stoppedReason", "Essential container exited");
            String reply = deliver(handler, currentStopped);
            assertThat(reply).contains("\"handled\":true");
            assertThat(client.get("/sessions/evented").body().get("status").asText()).isIn("stopped", "error");

            assertThat(deliver(handler, JSON.createObjectNode().put("detail-type", "Scheduled Event"))).contains("\"handled\":false");
        }
    }

    private static Task describe(SandboxEmulator emulator, String arn) {
        return emulator.clients().ecs().describeTasks(b -> b.cluster(emulator.clusterArn()).tasks(arn)).tasks().get(0);
    }

    /** The event EventBridge sends: the detail carries the task in DescribeTasks' JSON shape. */
    static ObjectNode event(Task task) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0").put("detail-type", "ECS Task State Change").put("source", "aws.ecs")
            .put("account", SandboxEmulator.ACCOUNT).put("region", "eu-west-1");
        ObjectNode detail = event.putObject("detail");
        detail.put("taskArn", task.taskArn()).put("clusterArn", task.clusterArn()).put("lastStatus", task.lastStatus())
            .put("desiredStatus", task.desiredStatus());
        var attachments = detail.putArray("attachments");
        task.attachments().forEach(a -> {
            var details = attachments.addObject().put("type", a.type()).putArray("details");
            a.details().forEach(d -> details.addObject().put("name", d.name()).put("value", d.value()));
        });
        var overrides = detail.putObject("overrides").putArray("containerOverrides");
        task.overrides().containerOverrides().forEach(o -> {
            var env = overrides.addObject().put("name", o.name()).putArray("environment");
            o.environment().forEach(kv -> env.addObject().put("name", kv.name()).put("value", kv.value()));
        });
        return event;
    }

    private static String deliver(TaskStateHandler handler, ObjectNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }
}
