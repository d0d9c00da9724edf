package dev.openhands.platform.sandbox.maintenance;

import dev.openhands.platform.sandbox.handler.ApiHandler;
import dev.openhands.platform.sandbox.handler.Orchestrator;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduled sweep against moto_server: of a sandbox used within the timeout, one idle past it and an orphan
 * task, only the idle one is paused and only the orphan (once older than the grace period) is stopped.
 */
class IdleReaperTest {

    @Test
    void pausesOnlyIdleSandboxesAndStopsOnlyOldOrphans() {
        try (SandboxEmulator emulator = startEmulator()) {
            Orchestrator orchestrator = emulator.orchestrator(Map.of("IDLE_TIMEOUT_MINUTES", "30", "ORPHAN_GRACE_MINUTES", "10"));
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
            client.post("/start", ProxyClient.v1Start("busy", SandboxEmulator.IMAGE, Map.of()));
            client.post("/start", ProxyClient.v1Start("idle", SandboxEmulator.IMAGE, Map.of()));
            client.get("/sessions/busy");
            client.get("/sessions/idle");
            String orphan = startOrphan(emulator, "forgotten-conversation");
            assertThat(emulator.runningTasks()).hasSize(3);

            IdleReaper.Report early = orchestrator.reaper().sweep();
            assertThat(early.paused()).isEmpty();
            assertThat(early.orphansStopped()).as("an orphan younger than the grace period is left alone").isEmpty();
            assertThat(emulator.runningTasks()).hasSize(3);

            emulator.advanceMinutes(29);
            assertThat(client.post("/activity", ProxyClient.runtimeId("busy")).status()).isEqualTo(200);
            emulator.advanceMinutes(6);

            IdleReaper.Report report = orchestrator.reaper().sweep();
            assertThat(report.paused()).containsExactly("idle");
            assertThat(report.orphansStopped()).containsExactly(orphan);
            assertThat(orchestrator.registry().get("idle").orElseThrow().status()).isEqualTo(SandboxStatus.PAUSED);
            assertThat(orchestrator.registry().get("busy").orElseThrow().status()).isEqualTo(SandboxStatus.RUNNING);
            assertThat(emulator.runningTasks()).hasSize(1);
            assertThat(client.get("/sessions/busy").body().get("status").asText()).isEqualTo("running");
            assertThat(client.get("/sessions/idle").body().get("status").asText()).isEqualTo("paused");
            assertThat(emulator.metricsOutput()).contains("\"IdlePauses\":1.0").contains("\"OrphanTasksStopped\":1.0");

            // Lookups by the app server count as use: a sandbox polled within the timeout stays up.
            emulator.advanceMinutes(25);
            client.get("/sessions/busy");
            emulator.advanceMinutes(25);
            assertThat(orchestrator.reaper().sweep().paused()).isEmpty();
            emulator.advanceMinutes(31);
            assertThat(orchestrator.reaper().sweep().paused()).containsExactly("busy");
            assertThat(emulator.runningTasks()).isEmpty();
        }
    }

    @Test
    void liveRecordsWhoseTaskDiedAreClosed() {
        try (SandboxEmulator emulator = startEmulator()) {
            Orchestrator orchestrator = emulator.orchestrator(Map.of());
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
            client.post("/start", ProxyClient.v1Start("crashed", SandboxEmulator.IMAGE, Map.of()));
            client.get("/sessions/crashed");
            String task = orchestrator.registry().get("crashed").orElseThrow().taskArn();
            emulator.clients().ecs().stopTask(b -> b.cluster(emulator.clusterArn()).task(task).reason("Essential container exited"));

            IdleReaper.Report report = orchestrator.reaper().sweep();
            assertThat(report.reconciled()).containsExactly("crashed");
            assertThat(client.get("/sessions/crashed").body().get("status").asText()).isEqualTo("stopped");
            // The next start of that conversation is a fresh task on the same workspace.
            client.post("/start", ProxyClient.v1Start("crashed", SandboxEmulator.IMAGE, Map.of()));
            assertThat(emulator.runningTasks()).hasSize(1);
            assertThat(emulator.accessPointCount()).isEqualTo(1);
        }
    }

    /**
     * V1's app server "deletes" a sandbox with /stop: a stopped (or failed) conversation past its retention is
     * forgotten as /delete would (record, access point), and the purge then removes its directory. Paused ones and
     * recently stopped ones stay.
     */
    @Test
    void stoppedConversationsPastTheirRetentionAreForgottenAndPurged(@TempDir Path workspaceRoot) throws Exception {
        try (SandboxEmulator emulator = startEmulator()) {
            Orchestrator orchestrator = emulator.orchestrator(Map.of("STOPPED_RETENTION_DAYS", "7", "IDLE_TIMEOUT_MINUTES", "10080"));
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
            for (String id : new String[] {"finished", "paused", "recent"}) {
                client.post("/start", ProxyClient.v1Start(id, SandboxEmulator.IMAGE, Map.of()));
                Files.createDirectories(workspaceRoot.resolve(orchestrator.registry().get(id).orElseThrow().workspaceDirectory()))
                    .resolve("notes.txt").toFile().createNewFile();
            }
            client.post("/stop", ProxyClient.runtimeId("finished"));
            client.post("/pause", ProxyClient.runtimeId("paused"));
            emulator.advanceMinutes(6 * 24 * 60);
            client.post("/stop", ProxyClient.runtimeId("recent"));
            client.post("/start", ProxyClient.v1Start("recent", SandboxEmulator.IMAGE, Map.of()));
            client.post("/stop", ProxyClient.runtimeId("recent"));
            assertThat(orchestrator.reaper().sweep().expired()).as("not yet seven days").isEmpty();

            emulator.advanceMinutes(2 * 24 * 60);
            assertThat(orchestrator.reaper().sweep().expired()).containsExactly("finished");
            assertThat(orchestrator.registry().get("finished")).isEmpty();
            assertThat(orchestrator.registry().get("paused").orElseThrow().status()).isEqualTo(SandboxStatus.PAUSED);
            assertThat(orchestrator.registry().get("recent").orElseThrow().status()).isEqualTo(SandboxStatus.STOPPED);
            assertThat(emulator.accessPointCount()).isEqualTo(2);

            WorkspacePurge.Report purged = new WorkspacePurge(workspaceRoot, orchestrator.registry()::get).run();
            assertThat(purged.purged()).singleElement().asString().startsWith("conv.d/finished-");
            assertThat(purged.kept()).hasSize(2);
            assertThat(Files.list(workspaceRoot.resolve("conv.d")).map(p -> p.getFileName().toString().replaceAll("-[a-z2-7]{12}$", "")))
                .containsExactlyInAnyOrder("paused", "recent");

            // /delete is the same: the record goes at once, the directory with the next purge.
            client.post("/delete", ProxyClient.runtimeId("recent"));
            assertThat(new WorkspacePurge(workspaceRoot, orchestrator.registry()::get).run().purged()).singleElement().asString()
                .startsWith("conv.d/recent-");
        }
    }

    /**
     * A launch's session key secret is needed only until ECS has started the container: the sweep deletes it after
     * SessionSecrets.LIFETIME, and a launch that fails deletes its own at once.
     */
    @Test
    void sessionKeySecretsLiveOnlyUntilTheTaskHasStarted() {
        try (SandboxEmulator emulator = startEmulator()) {
            Orchestrator orchestrator = emulator.orchestrator(Map.of("IDLE_TIMEOUT_MINUTES", "600"));
            ProxyClient client = new ProxyClient(new ApiHandler(orchestrator), SandboxEmulator.API_KEY);
            String key = client.post("/start", ProxyClient.v1Start("keyed", SandboxEmulator.IMAGE, Map.of())).body()
                .get("session_api_key").asText();
            assertThat(emulator.sessionSecretNames()).singleElement().asString().startsWith(SandboxEmulator.SESSION_SECRET_PREFIX + "keyed-");
            var task = emulator.tasksFor("keyed").get(0);
            assertThat(emulator.sessionKeysOf(task)).containsEntry("OH_SESSION_API_KEYS_0", key);

            emulator.advanceMinutes(29);
            assertThat(orchestrator.reaper().sweep().sessionSecretsDeleted()).isEmpty();
            emulator.advanceMinutes(2);
            assertThat(orchestrator.reaper().sweep().sessionSecretsDeleted()).singleElement().asString().contains("keyed-");
            assertThat(emulator.sessionSecretNames()).isEmpty();
            // The task runs on, and the API still answers the key from the registry.
            assertThat(emulator.tasksFor("keyed")).hasSize(1);
            assertThat(client.get("/sessions/keyed").body().get("session_api_key").asText()).isEqualTo(key);

            Orchestrator broken = emulator.orchestrator(Map.of("SANDBOX_CONTAINER", "not-in-the-template"));
            ProxyClient brokenClient = new ProxyClient(new ApiHandler(broken), SandboxEmulator.API_KEY);
            assertThat(brokenClient.post("/start", ProxyClient.v1Start("unlaunchable", SandboxEmulator.IMAGE, Map.of())).status()).isEqualTo(502);
            assertThat(emulator.sessionSecretNames()).isEmpty();
        }
    }

    static String startOrphan(SandboxEmulator emulator, String claimedId) {
        var env = emulator.environment(Map.of());
        String revision = emulator.clients().ecs().describeTaskDefinition(b -> b.taskDefinition(env.get("TEMPLATE_TASK_DEFINITION")))
            .taskDefinition().taskDefinitionArn();
        return emulator.clients().ecs().runTask(b -> b.cluster(emulator.clusterArn()).taskDefinition(revision)
            .launchType(LaunchType.FARGATE).startedBy("openhands-orchestrator")
            .networkConfiguration(n -> n.awsvpcConfiguration(v -> v.subnets(env.get("SUBNET_IDS"))
                .securityGroups(env.get("SECURITY_GROUP_IDS")).assignPublicIp(AssignPublicIp.DISABLED)))
            .overrides(o -> o.containerOverrides(c -> c.name("agent")
                .environment(KeyValuePair.builder().name("OPENHANDS_SANDBOX_ID").value(claimedId).build()))))
            .tasks().get(0).taskArn();
    }

    static SandboxEmulator startEmulator() {
        try {
            return SandboxEmulator.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
