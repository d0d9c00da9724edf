package dev.openhands.platform.main.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.emulator.MotoServer;
import dev.openhands.platform.sandbox.config.OrchestratorSettings;
import dev.openhands.platform.sandbox.handler.AwsClients;
import dev.openhands.platform.sandbox.handler.Orchestrator;
import dev.openhands.platform.sandbox.api.ApiRequest;
import dev.openhands.platform.sandbox.api.ApiResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the orchestrator's handlers in this JVM against an applied ecs-fargate stack in the emulator, configured
 * from the environment Terraform gave the API function, with the API key Terraform generated (write-only) and
 * the cluster, template, file system and security groups it created.
 */
final class OrchestratorOnTheStack {

    /** What one start and delete of a sandbox did; {@code proxyUrl} is the HTTPS_PROXY its task got, if any. */
    record Journey(int wrongKeyStatus, int startStatus, String taskDefinitionFamily, String taskRoleArn, String accessPointRoot,
                   List<String> taskSecurityGroups, int deleteStatus, String url, String nameAddress, String taskAddress, String proxyUrl) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private OrchestratorOnTheStack() {
    }

    static Journey startAndDeleteASandbox(EmulatorWorkspace workspace, JsonNode state) throws Exception {
        MotoServer.keepEcsTasksRunning(workspace.endpoint());
        Map<String, String> env = new TreeMap<>();
        for (JsonNode resource : state.at("/values/root_module/resources")) {
            if (resource.path("type").asText().equals("aws_lambda_function")
                && resource.at("/values/handler").asText().endsWith("ApiHandler::handleRequest")) {
                resource.at("/values/environment/0/variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
        }
        // moto 5.2 takes a RunTask without a launch type (a capacity-provider strategy, as staging's Spot sandboxes ask)
        // for EC2 and starts nothing, so the journey asks for on-demand Fargate; SandboxPlacementTest checks the Spot
        // request as the orchestrator builds it.
        env.put("CAPACITY_PROVIDER", "FARGATE");
        OrchestratorSettings settings = OrchestratorSettings.fromEnvironment(env);
        AwsClients clients = AwsClients.forEndpoint(Region.of(workspace.environment().aws().region()),
            StaticCredentialsProvider.create(AwsBasicCredentials.create("emulator", "emulator")), URI.create(workspace.endpoint()));
        Orchestrator orchestrator = new Orchestrator(settings, clients, System::currentTimeMillis,
            new PrintStream(new ByteArrayOutputStream(), true), url -> "http://127.0.0.1:9");
        String key = clients.secrets().getSecretValue(b -> b.secretId(settings.apiKeySecretArn())).secretString();

        ObjectNode start = JSON.createObjectNode();
        start.put("session_id", "conv-on-stack").put("image", settings.allowedImages().get(0)).put("working_dir", "/workspace")
            .put("run_as_user", 10001).put("run_as_group", 10001);
        start.putObject("environment").put("OH_CONVERSATIONS_PATH", "/workspace/conversations");
        ApiResponse wrongKey = orchestrator.api().handle(request("POST", "/start", start.toString(), "not-" + key));
        ApiResponse started = orchestrator.api().handle(request("POST", "/start", start.toString(), key));
        if (started.status() != 200) {
            throw new AssertionError("start failed: " + started.bodyText());
        }
        String taskArn = orchestrator.registry().get("conv-on-stack").orElseThrow().taskArn();
        Task task = clients.ecs().describeTasks(b -> b.cluster(settings.clusterArn()).tasks(taskArn)).tasks().get(0);
        TaskDefinition revision = clients.ecs().describeTaskDefinition(b -> b.taskDefinition(task.taskDefinitionArn())).taskDefinition();
        String accessPoint = revision.volumes().get(0).efsVolumeConfiguration().authorizationConfig().accessPointId();
        String root = clients.efs().describeAccessPoints(b -> b.accessPointId(accessPoint)).accessPoints().get(0).rootDirectory().path();
        List<String> groups = settings.securityGroupIds();
        // The maintenance sweep points the conversation's name, in the zone Terraform created, at the task.
        String url = JSON.readTree(started.bodyText()).path("url").asText(null);
        orchestrator.api().handle(request("GET", "/sessions/conv-on-stack", null, key));
        orchestrator.reaper().sweep();
        String host = url == null ? "" : URI.create(url).getHost();
        // the URL's first label names the sandbox in the private zone, whether the URL is the private or the public name
        String label = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
        String nameAddress = clients.route53().listResourceRecordSets(b -> b.hostedZoneId(settings.sandboxZoneId())).resourceRecordSets()
            .stream().filter(r -> !label.isEmpty() && r.name().startsWith(label + ".") && r.typeAsString().equals("A"))
            .map(r -> r.resourceRecords().get(0).value()).findFirst().orElse(null);
        String taskAddress = orchestrator.registry().get("conv-on-stack").orElseThrow().taskIp();

        ApiResponse deleted = orchestrator.api().handle(request("POST", "/delete", "{\"runtime_id\":\"conv-on-stack\"}", key));
        String proxyUrl = revision.containerDefinitions().get(0).environment().stream().filter(e -> e.name().equals("HTTPS_PROXY"))
            .map(software.amazon.awssdk.services.ecs.model.KeyValuePair::value).findFirst().orElse(null);
        return new Journey(wrongKey.status(), started.status(), revision.family(), revision.taskRoleArn(), root, groups, deleted.status(),
            url, nameAddress, taskAddress, proxyUrl);
    }

    private static ApiRequest request(String method, String path, String body, String key) {
        return new ApiRequest(method, path, Map.of("X-API-Key", key), Map.of(), body);
    }
}
