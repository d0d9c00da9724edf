package dev.openhands.platform.sandbox.lifecycle;

import dev.openhands.platform.sandbox.handler.ApiHandler;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.ProxyClient.Reply;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent requests for the same conversations, released together against moto_server: the conditional writes
 * must let exactly one start per conversation through, and every caller must get that winner's session key.
 */
class ConcurrentStartTest {

    @Test
    void fiftyStartsOverTenConversationsStartTenTasks() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            // Each caller gets its own handler instance, as separate Lambda execution environments would.
            List<Reply> replies = concurrently(50, i -> {
                ProxyClient client = new ProxyClient(new ApiHandler(emulator.orchestrator(Map.of())), SandboxEmulator.API_KEY);
                return client.post("/start", ProxyClient.v1Start("race-" + (i % 10), SandboxEmulator.IMAGE, Map.of("LOG_JSON", "true")));
            });

            assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            Map<String, Set<String>> keysPerConversation = replies.stream().collect(Collectors.groupingBy(
                r -> r.body().get("session_id").asText(), Collectors.mapping(r -> r.body().get("session_api_key").asText(), Collectors.toSet())));
            assertThat(keysPerConversation).hasSize(10);
            assertThat(keysPerConversation.values()).allSatisfy(keys -> assertThat(keys).hasSize(1));

            List<Task> tasks = emulator.runningTasks();
            assertThat(tasks).hasSize(10);
            assertThat(tasks.stream().map(t -> sandboxIdOf(t)).collect(Collectors.toSet())).hasSize(10);
            assertThat(emulator.registryItemCount()).isEqualTo(10);
            assertThat(emulator.accessPointCount()).isEqualTo(10);
            // Each workspace has its own uid, allocated by an atomic counter: ten racing starts, ten uids.
            var accessPoints = emulator.clients().efs().describeAccessPoints(b -> b.fileSystemId(emulator.fileSystemId())).accessPoints();
            assertThat(accessPoints.stream().map(a -> a.posixUser().uid()).collect(Collectors.toSet())).hasSize(10);
            assertThat(accessPoints).allSatisfy(a -> {
                assertThat(a.posixUser().uid()).isGreaterThanOrEqualTo(1_000_000L).isEqualTo(a.posixUser().gid())
                    .isEqualTo(a.rootDirectory().creationInfo().ownerUid()).isEqualTo(a.rootDirectory().creationInfo().ownerGid());
                assertThat(a.rootDirectory().creationInfo().permissions()).isEqualTo("0700");
            });
        }
    }

    @Test
    void concurrentResumesOfOnePausedConversationStartOneTask() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            ProxyClient first = new ProxyClient(new ApiHandler(emulator.orchestrator(Map.of())), SandboxEmulator.API_KEY);
            first.post("/start", ProxyClient.v1Start("resume-race", SandboxEmulator.IMAGE, Map.of()));
            first.post("/pause", ProxyClient.runtimeId("resume-race"));
            assertThat(emulator.runningTasks()).isEmpty();

            List<Reply> replies = concurrently(20, i -> {
                ProxyClient client = new ProxyClient(new ApiHandler(emulator.orchestrator(Map.of())), SandboxEmulator.API_KEY);
                return i % 2 == 0 ? client.post("/resume", ProxyClient.runtimeId("resume-race"))
                    : client.post("/start", ProxyClient.v1Start("resume-race", SandboxEmulator.IMAGE, Map.of()));
            });
            assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(replies.stream().map(r -> r.body().get("session_api_key").asText()).collect(Collectors.toSet())).hasSize(1);
            assertThat(emulator.runningTasks()).hasSize(1);
            assertThat(emulator.accessPointCount()).isEqualTo(1);
        }
    }

    @Test
    void concurrentFirstStartsByTwoOwnersGiveTheConversationToOneOfThem() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            List<String> owners = List.of("alice@example.com", "bob@example.com");
            List<Reply> replies = concurrently(20, i -> {
                ProxyClient client = new ProxyClient(new ApiHandler(emulator.orchestrator(Map.of())), SandboxEmulator.API_KEY)
                    .as(owners.get(i % 2));
                return client.post("/start", ProxyClient.v1Start("contested", SandboxEmulator.IMAGE, Map.of()));
            });

            Map<String, List<Integer>> statusesByOwner = new java.util.TreeMap<>();
            for (int i = 0; i < replies.size(); i++) {
                statusesByOwner.computeIfAbsent(owners.get(i % 2), o -> new ArrayList<>()).add(replies.get(i).status());
            }
            String winner = emulator.orchestrator(Map.of()).registry().get("contested").orElseThrow().owner();
            assertThat(owners).contains(winner);
            String loser = owners.get(1 - owners.indexOf(winner));
            assertThat(statusesByOwner.get(winner)).containsOnly(200);
            assertThat(statusesByOwner.get(loser)).containsOnly(404);
            Set<String> keys = replies.stream().filter(r -> r.status() == 200)
                .map(r -> r.body().get("session_api_key").asText()).collect(Collectors.toSet());
            assertThat(keys).hasSize(1);
            assertThat(replies).filteredOn(r -> r.status() == 404)
                .allSatisfy(r -> assertThat(r.body().toString()).doesNotContain(keys.iterator().next()));
            assertThat(emulator.runningTasks()).hasSize(1);
        }
    }

    static String sandboxIdOf(Task task) {
        return task.overrides().containerOverrides().get(0).environment().stream()
            .filter(p -> p.name().equals("OPENHANDS_SANDBOX_ID")).findFirst().orElseThrow().value();
    }

    interface Call {
        Reply run(int index) throws Exception;
    }

    static List<Reply> concurrently(int count, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Reply> task = () -> {
                    ready.countDown();
                    go.await();
                    return call.run(index);
                };
                futures.add(pool.submit(task));
            }
            ready.await();
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
