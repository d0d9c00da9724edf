package dev.openhands.platform.sandbox.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.ProxyClient.Reply;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays what the OpenHands clients send (V1 RemoteSandboxService and the older RemoteRuntime) through the Lambda
 * handler, against moto_server, and checks every field those clients read.
 */
class RemoteRuntimeContractTest {

    private static final Map<String, String> V1_ENVIRONMENT = Map.of(
        "OH_CONVERSATIONS_PATH", "/workspace/conversations",
        "OH_BASH_EVENTS_DIR", "/workspace/bash_events",
        "OH_VSCODE_PORT", "60001",
        "OH_ENABLE_VNC", "0",
        "OH_WEBHOOKS_0_BASE_URL", "http://app.openhands.internal:3000/api/v1/webhooks");

    /** What the older RemoteRuntime sends to /start. */
    private static final String V0_START = "{\"image\":\"" + SandboxEmulator.IMAGE + "\",\"command\":[\"/openhands/micromamba/bin/micromamba\",\"run\",\"-n\",\"openhands\",\"python\",\"-m\",\"openhands.runtime.action_execution_server\",\"60000\"],"
        + "\"working_dir\":\"/openhands/code/\",\"environment\":{\"DEBUG\":\"false\"},\"session_id\":\"conv-v0\",\"resource_factor\":1}";

    private static SandboxEmulator emulator;
    private static ProxyClient client;

    @BeforeAll
    static void start() throws Exception {
        emulator = SandboxEmulator.start();
        client = new ProxyClient(new ApiHandler(emulator.orchestrator(Map.of())), SandboxEmulator.API_KEY);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void v1StartPollPauseResumeStop() {
        Reply started = client.post("/start", ProxyClient.v1Start("conv-v1-a", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        assertThat(started.status()).isEqualTo(200);
        JsonNode body = started.body();
        String key = body.get("session_api_key").asText();
        assertThat(key).hasSizeGreaterThanOrEqualTo(40);
        assertThat(body.get("runtime_id").asText()).isEqualTo("conv-v1-a");
        assertThat(body.get("session_id").asText()).isEqualTo("conv-v1-a");
        assertThat(body.get("pod_status").isTextual()).isTrue();
        assertThat(body.get("pod_status").asText()).isIn("pending", "running");
        assertThat(body.get("status").asText()).isEqualTo("starting");

        Task task = onlyTaskFor("conv-v1-a");
        Map<String, String> env = environmentOf(task);
        // The key reaches the agent server through a secret its revision names, never through RunTask's overrides
        // (readable with ecs:DescribeTasks, in every task-state event and in the dead-letter queue).
        assertThat(env).containsAllEntriesOf(V1_ENVIRONMENT).doesNotContainKeys("SESSION_API_KEY", "OH_SESSION_API_KEYS_0")
            .doesNotContainValue(key);
        assertThat(task.overrides().toString()).doesNotContain(key);
        assertThat(emulator.sessionKeysOf(task)).containsEntry("SESSION_API_KEY", key).containsEntry("OH_SESSION_API_KEYS_0", key);
        assertThat(task.group()).isNotNull();

        // V1 polls until the sandbox is running: the stand-in agent server answers /alive, so it becomes ready.
        Reply polled = client.get("/sessions/conv-v1-a");
        assertThat(polled.status()).isEqualTo(200);
        assertThat(polled.body().get("pod_status").asText()).isEqualTo("ready");
        assertThat(polled.body().get("status").asText()).isEqualTo("running");
        assertThat(polled.body().get("url").asText()).isEqualTo(body.get("url").asText())
            .matches("http://b[a-z2-7]{25}\\.sandboxes\\.openhands-test\\.internal:60000");
        assertThat(polled.body().get("session_api_key").asText()).isEqualTo(key);

        Reply paused = client.post("/pause", ProxyClient.runtimeId("conv-v1-a"));
        assertThat(paused.status()).isEqualTo(200);
        Reply afterPause = client.get("/sessions/conv-v1-a");
        assertThat(afterPause.body().get("status").asText()).isEqualTo("paused");
        assertThat(afterPause.body().get("pod_status").asText())
            .isNotIn("ready", "pending", "running", "failed", "unknown", "crashloopbackoff");
        assertThat(emulator.runningTasks()).noneMatch(t -> t.taskArn().equals(task.taskArn()));

        Reply resumed = client.post("/resume", ProxyClient.runtimeId("conv-v1-a"));
        assertThat(resumed.status()).isEqualTo(200);
        String newKey = resumed.body().get("session_api_key").asText();
        assertThat(newKey).isEqualTo(key);
        assertThat(resumed.body().get("url").asText()).isEqualTo(body.get("url").asText());
        Task resumedTask = onlyTaskFor("conv-v1-a");
        assertThat(resumedTask.taskArn()).isNotEqualTo(task.taskArn());
        assertThat(environmentOf(resumedTask)).containsAllEntriesOf(V1_ENVIRONMENT).doesNotContainValue(newKey);
        assertThat(emulator.sessionKeysOf(resumedTask)).containsEntry("SESSION_API_KEY", newKey);
        assertThat(client.get("/sessions/conv-v1-a").body().get("status").asText()).isEqualTo("running");

        Reply stopped = client.post("/stop", ProxyClient.runtimeId("conv-v1-a"));
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(client.get("/sessions/conv-v1-a").body().get("status").asText()).isEqualTo("stopped");
        assertThat(tasksFor("conv-v1-a")).isEmpty();
    }

    @Test
    void workspaceAccessPointIsTheConversationsOwnAndSurvivesResume() {
        client.post("/start", ProxyClient.v1Start("conv-ap", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        var accessPoints = emulator.clients().efs().describeAccessPoints(b -> b.fileSystemId(emulator.fileSystemId())).accessPoints()
            .stream().filter(a -> a.rootDirectory().path().startsWith("/workspaces/conv.d/conv-ap-")).toList();
        assertThat(accessPoints).hasSize(1);
        // The access point makes every file operation as the workspace's own uid (and gid), whatever the process runs as.
        long uid = accessPoints.get(0).posixUser().uid();
        assertThat(uid).isGreaterThanOrEqualTo(1_000_000L).isEqualTo(accessPoints.get(0).posixUser().gid());
        assertThat(accessPoints.get(0).rootDirectory().creationInfo().ownerUid()).isEqualTo(uid);
        assertThat(accessPoints.get(0).rootDirectory().creationInfo().permissions()).isEqualTo("0700");
        String accessPoint = accessPoints.get(0).accessPointId();
        var definition = emulator.clients().ecs().describeTaskDefinition(b -> b.taskDefinition(onlyTaskFor("conv-ap").taskDefinitionArn())).taskDefinition();
        assertThat(definition.volumes().get(0).efsVolumeConfiguration().authorizationConfig().accessPointId()).isEqualTo(accessPoint);
        assertThat(definition.volumes().get(0).efsVolumeConfiguration().authorizationConfig().iam()).isEqualTo(software.amazon.awssdk.services.ecs.model.EFSAuthorizationConfigIAM.ENABLED);
        assertThat(definition.volumes().get(0).efsVolumeConfiguration().transitEncryption()).isEqualTo(software.amazon.awssdk.services.ecs.model.EFSTransitEncryption.ENABLED);
        assertThat(definition.containerDefinitions().get(0).user()).isEqualTo("10001:10001");
        // The orchestrator's role may register only revisions tagged with its environment.
        var tags = emulator.clients().ecs().describeTaskDefinition(b -> b.taskDefinition(onlyTaskFor("conv-ap").taskDefinitionArn())
            .include(software.amazon.awssdk.services.ecs.model.TaskDefinitionField.TAGS)).tags();
        assertThat(tags).anySatisfy(t -> {
            assertThat(t.key()).isEqualTo("openhands:environment");
            assertThat(t.value()).isEqualTo("test");
        });
        // Git would refuse the workspace's repositories (owned by the workspace uid, not the process's) without this.
        assertThat(environmentOf(onlyTaskFor("conv-ap"))).containsEntry("GIT_CONFIG_COUNT", "1")
            .containsEntry("GIT_CONFIG_KEY_0", "safe.directory").containsEntry("GIT_CONFIG_VALUE_0", "*");
        assertThat(definition.containerDefinitions().get(0).workingDirectory()).isEqualTo("/workspace");
        assertThat(definition.containerDefinitions().get(0).command()).containsExactly("/usr/local/bin/openhands-agent-server", "--port", "60000");

        client.post("/pause", ProxyClient.runtimeId("conv-ap"));
        client.post("/resume", ProxyClient.runtimeId("conv-ap"));
        var resumed = emulator.clients().ecs().describeTaskDefinition(b -> b.taskDefinition(onlyTaskFor("conv-ap").taskDefinitionArn())).taskDefinition();
        assertThat(resumed.volumes().get(0).efsVolumeConfiguration().authorizationConfig().accessPointId()).isEqualTo(accessPoint);
    }

    /**
     * The older RemoteRuntime always asks for working_dir /openhands/code/, its image's code directory. The working
     * directory is only the process's: the workspace stays mounted at /workspace, and the code directory is the image's.
     */
    @Test
    void olderRemoteRuntimeStartsInItsCodeDirectoryWithTheWorkspaceAtWorkspace() {
        Reply started = client.post("/start", V0_START);
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body().get("url").isTextual()).isTrue();
        var container = emulator.clients().ecs().describeTaskDefinition(b -> b.taskDefinition(onlyTaskFor("conv-v0").taskDefinitionArn()))
            .taskDefinition().containerDefinitions().get(0);
        assertThat(container.workingDirectory()).isEqualTo("/openhands/code/");
        assertThat(container.mountPoints()).singleElement().satisfies(m -> assertThat(m.containerPath()).isEqualTo("/workspace"));
        assertThat(client.get("/runtime/conv-v0").body().get("pod_status").asText()).isEqualTo("ready");
    }

    @Test
    void runtimeByIdAnswersWhatTheOlderRemoteRuntimeReads() {
        Reply started = client.post("/start", V0_START.replace("/openhands/code/", "/workspace").replace("conv-v0", "conv-v0-ws"));
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.body().get("runtime_id").asText()).isEqualTo("conv-v0-ws");
        assertThat(started.body().has("url")).isTrue();
        assertThat(started.body().get("work_hosts").isObject()).isTrue();
        Reply polled = client.get("/runtime/conv-v0-ws");
        assertThat(polled.body().get("runtime_id").asText()).isEqualTo("conv-v0-ws");
        assertThat(polled.body().get("pod_status").asText()).isEqualTo("ready");
        assertThat(polled.body().get("restart_count").asInt()).isZero();
        assertThat(polled.body().get("restart_reasons").isArray()).isTrue();
        // The older client re-attaches through /sessions/{sid} and accepts "running".
        assertThat(client.get("/sessions/conv-v0-ws").body().get("status").asText()).isEqualTo("running");
    }

    @Test
    void theWorkspaceIsMountedAtWorkspaceWhateverTheWorkingDirectory() {
        Reply started = client.post("/start", ProxyClient.v1Start("conv-wd", SandboxEmulator.IMAGE, V1_ENVIRONMENT).put("working_dir", "/workspace/project"));
        assertThat(started.status()).isEqualTo(200);
        var container = emulator.clients().ecs().describeTaskDefinition(b -> b.taskDefinition(onlyTaskFor("conv-wd").taskDefinitionArn()))
            .taskDefinition().containerDefinitions().get(0);
        assertThat(container.workingDirectory()).isEqualTo("/workspace/project");
        assertThat(container.mountPoints()).singleElement().satisfies(m -> {
            assertThat(m.containerPath()).isEqualTo("/workspace");
            assertThat(m.readOnly()).isFalse();
        });
    }

    @Test
    void aDeletedConversationsIdStartsOnAFreshDirectory() {
        client.post("/start", ProxyClient.v1Start("conv-reuse", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        String first = accessPointRootOf("conv-reuse");
        assertThat(client.post("/delete", ProxyClient.runtimeId("conv-reuse")).status()).isEqualTo(200);
        client.post("/start", ProxyClient.v1Start("conv-reuse", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        String second = accessPointRootOf("conv-reuse");
        assertThat(second).isNotEqualTo(first);
        assertThat(List.of(first, second)).allSatisfy(root -> assertThat(root).matches("/workspaces/conv\\.d/conv-reuse-[a-z2-7]{12}"));
        // The record keeps the directory (with its nonce) its access point is rooted at.
        var record = emulator.orchestrator(Map.of()).registry().get("conv-reuse").orElseThrow();
        assertThat("/workspaces/" + record.workspaceDirectory()).isEqualTo(second);
    }

    @Test
    void aFailedStartAnswersAGenericMessageWithACorrelationId() {
        Orchestrator broken = emulator.orchestrator(Map.of("TEMPLATE_TASK_DEFINITION",
            "arn:aws:ecs:eu-west-1:" + SandboxEmulator.ACCOUNT + ":task-definition/no-such-template:1"));
        ProxyClient brokenClient = new ProxyClient(new ApiHandler(broken), SandboxEmulator.API_KEY);
        Reply failed = brokenClient.post("/start", ProxyClient.v1Start("conv-fails", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        assertThat(failed.status()).isEqualTo(502);
        String message = failed.body().get("error").asText();
        assertThat(message).contains("correlation id").doesNotContain(SandboxEmulator.ACCOUNT).doesNotContain("arn:")
            .doesNotContainIgnoringCase("request id").doesNotContain("Service:");
        assertThat(failed.body().get("detail").asText()).isEqualTo(message);
        String correlation = message.replaceAll(".*correlation id ([0-9a-f-]{36}).*", "$1");
        assertThat(correlation).hasSize(36);
        // The detail is kept, in the log, under the same id.
        assertThat(emulator.logOutput()).contains("correlation id " + correlation + ": could not start the sandbox for conv-fails")
            .containsIgnoringCase("request id");

        Reply status = brokenClient.get("/sessions/conv-fails");
        assertThat(status.body().get("status").asText()).isEqualTo("error");
        assertThat(status.body().toString()).contains(correlation).doesNotContain(SandboxEmulator.ACCOUNT)
            .doesNotContainIgnoringCase("request id");
    }

    @Test
    void startIsIdempotentForARunningConversation() {
        Reply first = client.post("/start", ProxyClient.v1Start("conv-idem", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        Reply second = client.post("/start", ProxyClient.v1Start("conv-idem", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        assertThat(second.body().get("session_api_key").asText()).isEqualTo(first.body().get("session_api_key").asText());
        assertThat(tasksFor("conv-idem")).hasSize(1);
    }

    @Test
    void listBatchAndUnknownSessions() {
        client.post("/start", ProxyClient.v1Start("conv-list-1", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        client.post("/start", ProxyClient.v1Start("conv-list-2", SandboxEmulator.IMAGE, V1_ENVIRONMENT));

        Reply unknown = client.get("/sessions/conv-never-started");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(client.get("/runtime/conv-never-started").status()).isEqualTo(404);
        assertThat(client.post("/pause", ProxyClient.runtimeId("conv-never-started")).status()).isEqualTo(404);
        assertThat(client.post("/stop", ProxyClient.runtimeId("conv-never-started")).status()).isEqualTo(404);

        Reply batch = client.get("/sessions/batch", Map.of("ids", List.of("conv-list-1", "conv-never-started", "conv-list-2")));
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.body().isArray()).isTrue();
        List<String> ids = streamOf(batch.body()).map(n -> n.get("session_id").asText()).collect(Collectors.toList());
        assertThat(ids).containsExactly("conv-list-1", "conv-list-2");

        Reply list = client.get("/list");
        assertThat(list.body().get("total").asInt()).isEqualTo(list.body().get("runtimes").size());
        List<String> listed = streamOf(list.body().get("runtimes")).map(n -> n.get("session_id").asText()).collect(Collectors.toList());
        assertThat(listed).contains("conv-list-1", "conv-list-2");
        for (JsonNode runtime : list.body().get("runtimes")) {
            assertThat(runtime.get("session_api_key").isTextual()).isTrue();
            assertThat(runtime.has("url")).isTrue();
            assertThat(runtime.get("status").isTextual()).isTrue();
        }
    }

    @Test
    void deleteStopsTheTaskRemovesTheAccessPointAndForgetsTheConversation() {
        client.post("/start", ProxyClient.v1Start("conv-del", SandboxEmulator.IMAGE, V1_ENVIRONMENT));
        assertThat(tasksFor("conv-del")).hasSize(1);
        String root = accessPointRootOf("conv-del");
        Reply deleted = client.post("/delete", ProxyClient.runtimeId("conv-del"));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(tasksFor("conv-del")).isEmpty();
        assertThat(client.get("/sessions/conv-del").status()).isEqualTo(404);
        assertThat(emulator.clients().efs().describeAccessPoints(b -> b.fileSystemId(emulator.fileSystemId())).accessPoints())
            .noneMatch(a -> a.rootDirectory().path().equals(root));
    }

    @Test
    void healthNeedsNoKey() {
        Reply health = client.send("GET", "/health", null, Map.of(), null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("ok");
    }

    private static java.util.stream.Stream<JsonNode> streamOf(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    /** The root directory of the access point the conversation's task mounts. */
    private static String accessPointRootOf(String conversation) {
        var definition = emulator.clients().ecs().describeTaskDefinition(b -> b.taskDefinition(onlyTaskFor(conversation).taskDefinitionArn())).taskDefinition();
        String accessPoint = definition.volumes().get(0).efsVolumeConfiguration().authorizationConfig().accessPointId();
        return emulator.clients().efs().describeAccessPoints(b -> b.accessPointId(accessPoint)).accessPoints().get(0).rootDirectory().path();
    }

    private static List<Task> tasksFor(String conversation) {
        return emulator.tasksFor(conversation);
    }

    private static Task onlyTaskFor(String conversation) {
        List<Task> tasks = tasksFor(conversation);
        assertThat(tasks).hasSize(1);
        return tasks.get(0);
    }

    static Map<String, String> environmentOf(Task task) {
        return SandboxEmulator.environmentOf(task);
    }
}
