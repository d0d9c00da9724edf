package dev.openhands.platform.sandbox.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.ProxyClient.Reply;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversation belongs to the user that started it: the owner is recorded at the first /start and every later
 * call by anyone else is answered as if the conversation did not exist (404, nothing revealed, nothing changed).
 * The stock clients name no user; they act as one default owner.
 */
class OwnershipTest {

    private static SandboxEmulator emulator;
    private static Orchestrator orchestrator;
    private static ProxyClient stock;
    private static ProxyClient alice;
    private static ProxyClient bob;

    @BeforeAll
    static void start() throws Exception {
        emulator = SandboxEmulator.start();
        orchestrator = emulator.orchestrator(Map.of());
        stock = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
        alice = stock.as("alice@example.com");
        bob = stock.as("bob@example.com");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void anotherOwnerCanNeitherSeeNorChangeARunningConversation() {
        Reply started = alice.post("/start", ProxyClient.v1Start("owned-running", SandboxEmulator.IMAGE, Map.of()));
        assertThat(started.status()).isEqualTo(200);
        String key = started.body().get("session_api_key").asText();
        assertThat(alice.get("/sessions/owned-running").body().get("status").asText()).isEqualTo("running");
        SandboxRecord before = record("owned-running");
        Task task = onlyTaskFor("owned-running");

        List<Reply> refused = List.of(
            bob.get("/sessions/owned-running"),
            bob.get("/runtime/owned-running"),
            bob.post("/activity", ProxyClient.runtimeId("owned-running")),
            bob.post("/pause", ProxyClient.runtimeId("owned-running")),
            bob.post("/stop", ProxyClient.runtimeId("owned-running")),
            bob.post("/resume", ProxyClient.runtimeId("owned-running")),
            bob.post("/delete", ProxyClient.runtimeId("owned-running")),
            bob.post("/start", ProxyClient.v1Start("owned-running", SandboxEmulator.OTHER_IMAGE, Map.of())),
            stock.get("/sessions/owned-running"),
            stock.post("/stop", ProxyClient.runtimeId("owned-running")));
        assertThat(refused).allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(404);
            assertThat(reply.body().get("error").asText()).isEqualTo("no sandbox for owned-running");
            assertThat(reply.body().toString()).doesNotContain(key);
        });

        Reply batch = bob.get("/sessions/batch", Map.of("ids", List.of("owned-running")));
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.body().size()).isZero();
        Reply list = bob.get("/list");
        assertThat(sessionIds(list.body().get("runtimes"))).doesNotContain("owned-running");
        assertThat(list.body().toString()).doesNotContain(key);

        // Nothing changed: same record version, same task, same key.
        SandboxRecord after = record("owned-running");
        assertThat(after.version()).isEqualTo(before.version());
        assertThat(after.status()).isEqualTo(SandboxStatus.RUNNING);
        assertThat(onlyTaskFor("owned-running").taskArn()).isEqualTo(task.taskArn());
        Reply own = alice.get("/sessions/owned-running");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body().get("session_api_key").asText()).isEqualTo(key);
        assertThat(sessionIds(alice.get("/list").body().get("runtimes"))).contains("owned-running");
        assertThat(sessionIds(alice.get("/sessions/batch", Map.of("ids", List.of("owned-running"))).body())).containsExactly("owned-running");
    }

    @Test
    void anotherOwnerCannotRestartAStoppedConversationWithItsOwnImage() {
        alice.post("/start", ProxyClient.v1Start("owned-stopped", SandboxEmulator.IMAGE, Map.of()));
        assertThat(alice.post("/stop", ProxyClient.runtimeId("owned-stopped")).status()).isEqualTo(200);
        assertThat(emulator.tasksFor("owned-stopped")).isEmpty();

        Reply hijack = bob.post("/start", ProxyClient.v1Start("owned-stopped", SandboxEmulator.OTHER_IMAGE, Map.of()));
        assertThat(hijack.status()).isEqualTo(404);
        assertThat(emulator.tasksFor("owned-stopped")).isEmpty();
        assertThat(record("owned-stopped").status()).isEqualTo(SandboxStatus.STOPPED);

        Reply resumed = alice.post("/resume", ProxyClient.runtimeId("owned-stopped"));
        assertThat(resumed.status()).isEqualTo(200);
        assertThat(onlyTaskFor("owned-stopped").containers().get(0).image()).isEqualTo(SandboxEmulator.IMAGE);
    }

    @Test
    void stockClientsActAsTheDefaultOwnerAndNamedUsersDoNotSeeTheirConversations() {
        Reply started = stock.post("/start", ProxyClient.v1Start("owned-default", SandboxEmulator.IMAGE, Map.of()));
        assertThat(started.status()).isEqualTo(200);
        assertThat(stock.get("/sessions/owned-default").status()).isEqualTo(200);
        assertThat(stock.post("/activity", ProxyClient.runtimeId("owned-default")).status()).isEqualTo(200);
        assertThat(alice.get("/sessions/owned-default").status()).isEqualTo(404);
        assertThat(sessionIds(stock.get("/list").body().get("runtimes"))).contains("owned-default").doesNotContain("owned-running");
        assertThat(sessionIds(alice.get("/list").body().get("runtimes"))).doesNotContain("owned-default");
        Reply deleted = stock.post("/delete", ProxyClient.runtimeId("owned-default"));
        assertThat(deleted.status()).isEqualTo(200);
    }

    @Test
    void aUserIdInTheStartBodyMustNameTheCaller() {
        Reply otherUser = alice.post("/start", ProxyClient.v1Start("owned-body-1", SandboxEmulator.IMAGE, Map.of()).put("user_id", "bob@example.com"));
        assertThat(otherUser.status()).isEqualTo(400);
        assertThat(otherUser.body().get("error").asText()).contains("user_id").contains("X-OpenHands-User");
        Reply withoutHeader = stock.post("/start", ProxyClient.v1Start("owned-body-2", SandboxEmulator.IMAGE, Map.of()).put("user_id", "alice@example.com"));
        assertThat(withoutHeader.status()).isEqualTo(400);
        assertThat(orchestrator.registry().get("owned-body-1")).isEmpty();
        assertThat(orchestrator.registry().get("owned-body-2")).isEmpty();

        Reply same = alice.post("/start", ProxyClient.v1Start("owned-body-3", SandboxEmulator.IMAGE, Map.of()).put("user_id", "alice@example.com"));
        assertThat(same.status()).isEqualTo(200);
        assertThat(record("owned-body-3").owner()).isEqualTo("alice@example.com");
    }

    @Test
    void malformedOrReservedUserHeadersAreRefused() {
        for (String user : List.of("", "two words", "x".repeat(129), "unassigned")) {
            Reply reply = stock.as(user).post("/start", ProxyClient.v1Start("owned-header", SandboxEmulator.IMAGE, Map.of()));
            assertThat(reply.status()).as("user header '%s'", user).isEqualTo(400);
            assertThat(reply.body().get("error").asText()).contains("X-OpenHands-User");
        }
        assertThat(orchestrator.registry().get("owned-header")).isEmpty();
    }

    private static SandboxRecord record(String id) {
        return orchestrator.registry().get(id).orElseThrow();
    }

    private static Task onlyTaskFor(String id) {
        List<Task> tasks = emulator.tasksFor(id);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    private static List<String> sessionIds(JsonNode runtimes) {
        return StreamSupport.stream(runtimes.spliterator(), false).map(n -> n.get("session_id").asText()).toList();
    }
}
