package dev.openhands.platform.sandbox.handler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.ProxyClient.Reply;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The older OpenHands client (RemoteRuntime) reads {@code url} and {@code session_api_key} once, from /start, asserts
 * the URL is not null, and keeps using both after /resume. Every conversation therefore has a name in the sandboxes'
 * private zone from /start on, pointed at whichever task serves it, and keeps its key across pause and resume.
 * Route 53 here is moto's: "resolves" means the zone holds an A record for the name with the task's address.
 */
class StableUrlTest {

    /** What the older RemoteRuntime sends to /start. */
    private static final String V0_START = "{\"image\":\"" + SandboxEmulator.IMAGE + "\",\"command\":[\"/openhands/micromamba/bin/micromamba\",\"run\",\"-n\",\"openhands\",\"python\",\"-m\",\"openhands.runtime.action_execution_server\",\"60000\"],"
        + "\"working_dir\":\"/openhands/code/\",\"environment\":{\"DEBUG\":\"false\"},\"session_id\":\"ID\",\"resource_factor\":1}";

    private static SandboxEmulator emulator;
    private static Orchestrator orchestrator;
    private static ProxyClient client;
    private static TaskStateHandler events;

    @BeforeAll
    static void start() throws Exception {
        emulator = SandboxEmulator.start();
        orchestrator = emulator.orchestrator(Map.of());
        client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
        events = new TaskStateHandler(orchestrator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void theUrlFromStartIsNotNullAndStaysTheSameAcrossPauseAndResumeAsDoesTheKey() throws Exception {
        Reply started = client.post("/start", V0_START.replace("ID", "conv-v0-url"));
        assertThat(started.status()).isEqualTo(200);
        // The older client asserts this right after /start, before any task has an address.
        assertThat(started.body().get("url").isTextual()).isTrue();
        String url = started.body().get("url").asText();
        String key = started.body().get("session_api_key").asText();
        assertThat(url).matches("http://b[a-z2-7]{25}\\.sandboxes\\.openhands-test\\.internal:60000");
        String host = URI.create(url).getHost();

        Task first = onlyTaskFor("conv-v0-url");
        deliver(first);
        String firstIp = ipOf(first);
        assertThat(emulator.dnsRecords()).containsEntry(host, firstIp);
        Reply ready = client.get("/runtime/conv-v0-url");
        assertThat(ready.body().get("pod_status").asText()).isEqualTo("ready");
        assertThat(ready.body().get("url").asText()).isEqualTo(url);

        Reply paused = client.post("/pause", ProxyClient.runtimeId("conv-v0-url"));
        assertThat(paused.body().get("url").asText()).isEqualTo(url);
        deliver(stopped(first));
        // While paused the name points nowhere: the old address may go to another conversation's task, and the
        // client keeps sending this conversation's key to the name.
        assertThat(emulator.dnsRecords()).doesNotContainKey(host);

        Reply resumed = client.post("/resume", ProxyClient.runtimeId("conv-v0-url"));
        assertThat(resumed.body().get("url").asText()).isEqualTo(url);
        assertThat(resumed.body().get("session_api_key").asText()).isEqualTo(key);
        Task second = onlyTaskFor("conv-v0-url");
        assertThat(second.taskArn()).isNotEqualTo(first.taskArn());
        assertThat(emulator.sessionKeysOf(second)).containsEntry("SESSION_API_KEY", key);
        deliver(second);
        assertThat(emulator.dnsRecords()).containsEntry(host, ipOf(second));

        // A late (or redelivered) stop event of the first task leaves the name of the task that replaced it alone.
        deliver(stopped(first));
        assertThat(emulator.dnsRecords()).containsEntry(host, ipOf(second));
        assertThat(client.get("/sessions/conv-v0-url").body().get("url").asText()).isEqualTo(url);
    }

    @Test
    void theSweepPointsNamesWhoseEventWasLostAndRemovesTheNamesOfDeletedConversations() {
        Reply started = client.post("/start", V0_START.replace("ID", "conv-no-event"));
        String host = URI.create(started.body().get("url").asText()).getHost();
        // A status lookup learns the address from ECS; the event that would have named it never arrives.
        assertThat(client.get("/sessions/conv-no-event").body().get("status").asText()).isEqualTo("running");
        assertThat(emulator.dnsRecords()).doesNotContainKey(host);

        var report = orchestrator.reaper().sweep();
        assertThat(report.namesPointed()).contains(host);
        assertThat(emulator.dnsRecords()).containsEntry(host, ipOf(onlyTaskFor("conv-no-event")));

        assertThat(client.post("/delete", ProxyClient.runtimeId("conv-no-event")).status()).isEqualTo(200);
        // The status index lags writes, so one sweep that finds a name unwanted leaves it; the next removes it.
        assertThat(orchestrator.reaper().sweep().namesRemoved()).doesNotContain(host);
        assertThat(orchestrator.reaper().sweep().namesRemoved()).contains(host);
        assertThat(emulator.dnsRecords()).doesNotContainKey(host);
    }

    @Test
    void aConversationStartedAgainAfterDeleteGetsANewName() {
        String first = client.post("/start", V0_START.replace("ID", "conv-rename")).body().get("url").asText();
        client.post("/delete", ProxyClient.runtimeId("conv-rename"));
        String second = client.post("/start", V0_START.replace("ID", "conv-rename")).body().get("url").asText();
        assertThat(second).isNotEqualTo(first);
        // Ids differing only in case are different conversations; DNS is case-blind, the labels are not derived from ids.
        String upper = client.post("/start", V0_START.replace("ID", "CONV-RENAME")).body().get("url").asText();
        assertThat(List.of(first, second)).doesNotContain(upper);
    }

    @Test
    void withAPublicSandboxDomainTheUrlIsTheRoutersHttpsNameForTheSameLabelAndReadinessStillProbesThePrivateName() throws Exception {
        Orchestrator routed = emulator.orchestrator(Map.of("PUBLIC_SANDBOX_DOMAIN", "sbx.openhands.example.com"));
        ProxyClient routedClient = new ProxyClient(new ApiHandler(routed), SandboxEmulator.API_KEY);
        Reply started = routedClient.post("/start", V0_START.replace("ID", "conv-public"));
        assertThat(started.status()).isEqualTo(200);
        String url = started.body().get("url").asText();
        // No port and https: the browser reaches it through CloudFront and the ALB, which listen on 443 only.
        assertThat(url).matches("https://b[a-z2-7]{25}\\.sbx\\.openhands\\.example\\.com");
        String label = URI.create(url).getHost().split("\\.")[0];

        Task task = onlyTaskFor("conv-public");
        deliver(task);
        // The router resolves the private name of the same label: that is the record the orchestrator keeps.
        assertThat(emulator.dnsRecords()).containsEntry(label + "." + SandboxEmulator.ZONE_NAME, ipOf(task));
        Reply ready = routedClient.get("/runtime/conv-public");
        assertThat(ready.body().get("pod_status").asText()).isEqualTo("ready");
        assertThat(ready.body().get("url").asText()).isEqualTo(url);
        assertThat(routedClient.post("/pause", ProxyClient.runtimeId("conv-public")).body().get("url").asText()).isEqualTo(url);
        assertThat(routedClient.post("/resume", ProxyClient.runtimeId("conv-public")).body().get("url").asText()).isEqualTo(url);
        // The same record read without the setting answers its private URL: the setting changes only what is shown.
        assertThat(client.get("/sessions/conv-public").body().get("url").asText())
            .isEqualTo("http://" + label + "." + SandboxEmulator.ZONE_NAME + ":60000");
    }

    private static Task onlyTaskFor(String conversation) {
        List<Task> tasks = emulator.tasksFor(conversation);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    private static String ipOf(Task task) {
        String ip = task.attachments().stream().flatMap(a -> a.details().stream())
            .filter(d -> d.name().equals("privateIPv4Address")).map(d -> d.value()).findFirst().orElse(null);
        assertThat(ip).isNotNull();
        return ip;
    }

    private static ObjectNode stopped(Task task) {
        ObjectNode event = TaskStateHandlerTest.event(task);
        ((ObjectNode) event.get("detail")).put("lastStatus", "STOPPED").put("stoppedReason", "Task stopped by user");
        return event;
    }

    private static void deliver(Task task) throws Exception {
        deliver(TaskStateHandlerTest.event(task));
    }

    private static void deliver(ObjectNode event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.handleRequest(new ByteArrayInputStream(event.toString().getBytes(StandardCharsets.UTF_8)), out, null);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"handled\":true");
    }
}
