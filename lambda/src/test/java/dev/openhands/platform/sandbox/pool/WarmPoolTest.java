package dev.openhands.platform.sandbox.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.handler.ApiHandler;
import dev.openhands.platform.sandbox.handler.MaintenanceHandler;
import dev.openhands.platform.sandbox.handler.Orchestrator;
import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.ProxyClient.Reply;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm pool against moto_server: slots are filled by the maintenance handler, claimed atomically by new
 * conversations whose /start a pooled task can serve exactly, never claimed twice, and refilled.
 */
class WarmPoolTest {

    /** What a current V1 app server sends: one webhook URL for every sandbox, nothing per conversation. */
    private static final Map<String, String> SHARED_ENVIRONMENT = Map.of(
        "OH_CONVERSATIONS_PATH", "/workspace/conversations",
        "OH_WEBHOOKS_0_BASE_URL", "http://app.openhands.internal:3000/api/v1/webhooks",
        "OH_ALLOW_CORS_ORIGINS_0", "https://openhands.example.com");

    private static Map<String, String> poolSettings(int size) {
        return Map.of("WARM_POOL_SIZE", Integer.toString(size),
            "WARM_POOL_ENVIRONMENT", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(SHARED_ENVIRONMENT).toString());
    }

    @Test
    void concurrentClaimsOnThreeSlotsGiveThreeWarmStartsAndTheRestCold() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            Orchestrator orchestrator = emulator.orchestrator(poolSettings(3));
            sweep(orchestrator);
            assertThat(emulator.runningTasks()).hasSize(3);
            JsonNode second = sweep(orchestrator);
            assertThat(second.get("warmSlots").asInt()).isEqualTo(3);
            List<SandboxRecord> warm = orchestrator.registry().byStatus(SandboxStatus.POOL_WARM);
            assertThat(warm).hasSize(3);
            Set<String> slotTasks = warm.stream().map(SandboxRecord::taskArn).collect(Collectors.toSet());

            ExecutorService threads = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = "pooled-" + i;
                futures.add(threads.submit(() -> {
                    ProxyClient client = new ProxyClient(new ApiHandler(emulator.orchestrator(poolSettings(3))), SandboxEmulator.API_KEY);
                    go.await();
                    return client.post("/start", ProxyClient.v1Start(id, SandboxEmulator.IMAGE, SHARED_ENVIRONMENT));
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            threads.shutdown();

            assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            List<Reply> warmStarts = replies.stream().filter(r -> r.body().get("warm").asBoolean()).toList();
            assertThat(warmStarts).hasSize(3);
            // A warm start answers ready at once: the pooled agent server was already up.
            assertThat(warmStarts).allSatisfy(r -> assertThat(r.body().get("url").isTextual()).isTrue());

            List<SandboxRecord> claimed = orchestrator.registry().byStatus(SandboxStatus.POOL_CLAIMED);
            assertThat(claimed).hasSize(3);
            Set<String> claimants = claimed.stream().map(SandboxRecord::link).collect(Collectors.toSet());
            assertThat(claimants).hasSize(3);
            Set<String> warmIds = warmStarts.stream().map(r -> r.body().get("session_id").asText()).collect(Collectors.toSet());
            assertThat(claimants).isEqualTo(warmIds);
            for (String conversation : warmIds) {
                SandboxRecord record = orchestrator.registry().get(conversation).orElseThrow();
                assertThat(slotTasks).contains(record.taskArn());
                SandboxRecord slot = orchestrator.registry().get(record.link()).orElseThrow();
                assertThat(slot.accessPointId()).isEqualTo(record.accessPointId());
                assertThat(slot.workspaceUid()).isEqualTo(record.workspaceUid()).isGreaterThanOrEqualTo(1_000_000);
                assertThat(slot.sessionApiKey()).isEqualTo(record.sessionApiKey());
            }
            // 3 claimed slot tasks + 5 cold starts, each conversation exactly one task.
            assertThat(emulator.runningTasks()).hasSize(8);

            // The pool refills with new slots; claimed slots never come back.
            sweep(orchestrator);
            assertThat(orchestrator.registry().byStatus(SandboxStatus.POOL_WARMING)).hasSize(3);
            sweep(orchestrator);
            List<SandboxRecord> refilled = orchestrator.registry().byStatus(SandboxStatus.POOL_WARM);
            assertThat(refilled).hasSize(3);
            Set<String> allSlotIds = new HashSet<>();
            warm.forEach(s -> allSlotIds.add(s.id()));
            refilled.forEach(s -> assertThat(allSlotIds.add(s.id())).isTrue());
            assertThat(orchestrator.registry().byStatus(SandboxStatus.POOL_CLAIMED)).hasSize(3);
        }
    }

    @Test
    void aStartThePooledTaskCannotServeExactlyStartsCold() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            Orchestrator orchestrator = warmedUp(emulator, 2);
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);

            // Earlier V1 app servers put a per-sandbox webhook URL in the environment: a pooled task never got it.
            Map<String, String> perSandbox = new java.util.HashMap<>(SHARED_ENVIRONMENT);
            perSandbox.put("OH_WEBHOOKS_0_BASE_URL", "http://app.openhands.internal:3000/api/v1/webhooks/cold-1");
            Reply webhook = client.post("/start", ProxyClient.v1Start("cold-1", SandboxEmulator.IMAGE, perSandbox));
            assertThat(webhook.body().get("warm").asBoolean()).isFalse();
            Task task = tasksFor(emulator, "cold-1");
            assertThat(environmentOf(task)).containsEntry("OH_WEBHOOKS_0_BASE_URL", perSandbox.get("OH_WEBHOOKS_0_BASE_URL"));

            Reply otherImage = client.post("/start", ProxyClient.v1Start("cold-2", SandboxEmulator.OTHER_IMAGE, SHARED_ENVIRONMENT));
            assertThat(otherImage.body().get("warm").asBoolean()).isFalse();
            Reply otherUser = client.post("/start", ProxyClient.v1Start("cold-3", SandboxEmulator.IMAGE, SHARED_ENVIRONMENT).put("run_as_user", 1000));
            assertThat(otherUser.body().get("warm").asBoolean()).isFalse();
            Reply bigger = client.post("/start", ProxyClient.v1Start("cold-4", SandboxEmulator.IMAGE, SHARED_ENVIRONMENT).put("resource_factor", 2));
            assertThat(bigger.body().get("warm").asBoolean()).isFalse();
            assertThat(orchestrator.registry().byStatus(SandboxStatus.POOL_WARM)).hasSize(2);

            Reply subset = client.post("/start", ProxyClient.v1Start("warm-1", SandboxEmulator.IMAGE, Map.of("OH_CONVERSATIONS_PATH", "/workspace/conversations")));
            assertThat(subset.body().get("warm").asBoolean()).isTrue();
        }
    }

    @Test
    void resumingAWarmConversationStartsColdOnTheSlotsWorkspace() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            Orchestrator orchestrator = warmedUp(emulator, 1);
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
            Reply started = client.post("/start", ProxyClient.v1Start("warm-resume", SandboxEmulator.IMAGE, SHARED_ENVIRONMENT));
            assertThat(started.body().get("warm").asBoolean()).isTrue();
            String accessPoint = orchestrator.registry().get("warm-resume").orElseThrow().accessPointId();

            client.post("/pause", ProxyClient.runtimeId("warm-resume"));
            Reply resumed = client.post("/resume", ProxyClient.runtimeId("warm-resume"));
            assertThat(resumed.body().get("warm").asBoolean()).isFalse();
            SandboxRecord record = orchestrator.registry().get("warm-resume").orElseThrow();
            assertThat(record.accessPointId()).isEqualTo(accessPoint);
            Task task = tasksFor(emulator, "warm-resume");
            var definition = emulator.clients().ecs().describeTaskDefinition(b -> b.taskDefinition(task.taskDefinitionArn())).taskDefinition();
            assertThat(definition.volumes().get(0).efsVolumeConfiguration().authorizationConfig().accessPointId()).isEqualTo(accessPoint);
            assertThat(environmentOf(task)).containsAllEntriesOf(SHARED_ENVIRONMENT);
        }
    }

    /**
     * The pool and a cold start run the same program: each registers a revision from the template's container, so the
     * template's entry point stays and the command (the pool's, the spec's) is the revision's, not a RunTask override.
     */
    @Test
    void warmAndColdStartsRunTheSpecsCommandThroughTheTemplatesEntryPoint() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            Orchestrator orchestrator = warmedUp(emulator, 1);
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
            Reply warm = client.post("/start", ProxyClient.v1Start("warm-1", SandboxEmulator.IMAGE, SHARED_ENVIRONMENT));
            assertThat(warm.body().get("warm").asBoolean()).isTrue();
            ObjectNode otherCommand = ProxyClient.v1Start("cold-1", SandboxEmulator.OTHER_IMAGE, SHARED_ENVIRONMENT);
            otherCommand.putArray("command").add("/usr/local/bin/openhands-agent-server").add("--port").add("60002");
            assertThat(client.post("/start", otherCommand).body().get("warm").asBoolean()).isFalse();

            Task slotTask = emulator.runningTasks().stream()
                .filter(t -> t.taskArn().equals(orchestrator.registry().get("warm-1").orElseThrow().taskArn())).findFirst().orElseThrow();
            Task coldTask = tasksFor(emulator, "cold-1");
            for (Task task : List.of(slotTask, coldTask)) {
                assertThat(emulator.containerOf(task).entryPoint()).isEqualTo(SandboxEmulator.ENTRY_POINT);
                assertThat(task.overrides().containerOverrides()).allSatisfy(o -> assertThat(o.command()).isEmpty());
            }
            assertThat(emulator.containerOf(slotTask).command()).isEqualTo(SandboxEmulator.COMMAND);
            assertThat(emulator.containerOf(coldTask).command()).containsExactly("/usr/local/bin/openhands-agent-server", "--port", "60002");
        }
    }

    @Test
    void aConversationCanNeverMountAWarmSlotsDirectory() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            Orchestrator orchestrator = warmedUp(emulator, 1);
            SandboxRecord slot = orchestrator.registry().byStatus(SandboxStatus.POOL_WARM).get(0);
            String slotRoot = rootOf(emulator, slot.accessPointId());
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);

            // The slot's directory name as a conversation id: refused, and the slot stays warm and unshared.
            String slotDirectory = slotRoot.substring(slotRoot.lastIndexOf('/') + 1);
            Reply taken = client.post("/start", ProxyClient.v1Start(slotDirectory, SandboxEmulator.IMAGE, Map.of("OTHER", "cold")));
            assertThat(taken.status()).isEqualTo(400);
            assertThat(slotRoot).matches("/workspaces/pool\\.d/pool-[0-9a-f-]{36}");
            assertThat(taken.body().get("error").asText()).contains("reserved");
            assertThat(orchestrator.registry().get(slotDirectory)).isEmpty();
            assertThat(orchestrator.registry().byStatus(SandboxStatus.POOL_WARM)).extracting(SandboxRecord::id).containsExactly(slot.id());

            // Cold conversations live under their own root, beside (never inside) the pool's.
            Reply cold = client.post("/start", ProxyClient.v1Start("pool", SandboxEmulator.IMAGE, Map.of("OTHER", "cold")));
            assertThat(cold.status()).isEqualTo(200);
            String coldRoot = rootOf(emulator, orchestrator.registry().get("pool").orElseThrow().accessPointId());
            assertThat(coldRoot).matches("/workspaces/conv\\.d/pool-[a-z2-7]{12}");
            assertThat(emulator.clients().efs().describeAccessPoints(b -> b.fileSystemId(emulator.fileSystemId())).accessPoints())
                .filteredOn(a -> a.rootDirectory().path().startsWith(slotRoot)).hasSize(1);
        }
    }

    static String rootOf(SandboxEmulator emulator, String accessPointId) {
        return emulator.clients().efs().describeAccessPoints(b -> b.accessPointId(accessPointId)).accessPoints().get(0).rootDirectory().path();
    }

    /** An orchestrator whose pool of {@code size} slots is warm (one sweep launches them, the next promotes them). */
    static Orchestrator warmedUp(SandboxEmulator emulator, int size) throws Exception {
        Orchestrator orchestrator = emulator.orchestrator(poolSettings(size));
        sweep(orchestrator);
        sweep(orchestrator);
        return orchestrator;
    }

    static JsonNode sweep(Orchestrator orchestrator) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new MaintenanceHandler(orchestrator).handleRequest(new ByteArrayInputStream("{\"source\":\"aws.events\"}".getBytes()), out, null);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toByteArray());
    }

    static Task tasksFor(SandboxEmulator emulator, String id) {
        List<Task> tasks = emulator.tasksFor(id);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    static Map<String, String> environmentOf(Task task) {
        return SandboxEmulator.environmentOf(task);
    }
}
