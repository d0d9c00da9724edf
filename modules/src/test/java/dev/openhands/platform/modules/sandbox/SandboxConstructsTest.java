package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.data.DataProtection;
import dev.openhands.platform.modules.data.WorkspaceStorage;
import dev.openhands.platform.modules.egress.ProxyClientSettings;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.GatewayEndpoints;
import dev.openhands.platform.modules.network.InterfaceEndpoint;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.openhands.platform.modules.SynthHarness.ACCOUNT;
import static dev.openhands.platform.modules.SynthHarness.REGION;
import static dev.openhands.platform.modules.SynthHarness.onlyResource;
import static dev.openhands.platform.modules.SynthHarness.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox constructs, synthesized together as the ecs-fargate stack wires them. */
class SandboxConstructsTest {

    static final String IMAGE = ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/openhands/agent-server:1.0.0-python";
    static final String FS_ARN = "arn:aws:elasticfilesystem:" + REGION + ":" + ACCOUNT + ":file-system/fs-0123";
    static final AwsLocation LOCATION = new AwsLocation(ACCOUNT, REGION);
    static final NetworkPlacement NETWORK = NetworkPlacement.of("vpc-1", "10.40.0.0/16", List.of("subnet-a", "subnet-b"));
    /** The ecs-fargate stack's endpoints, each with its own group (sg-vpce-<service>). */
    static final VpcEndpoints ENDPOINTS = VpcEndpoints.of(GatewayEndpoints.of("pl-s3", "pl-dynamo"),
        List.of("ecs", "elasticfilesystem", "secretsmanager", "xray", "ecr.api", "ecr.dkr", "logs", "bedrock-runtime").stream()
            .map(service -> new InterfaceEndpoint(service, "vpce-" + service, "sg-vpce-" + service)).toList());
    static final WorkspaceStorage WORKSPACES = WorkspaceStorage.of("fs-0123", FS_ARN, "sg-efs-client");
    static final EncryptionKey DATA_KEY = EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/data");
    static final LogSettings LOGS = new LogSettings(EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/logs"), 90);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ZONE_NAME = "sandboxes.openhands-test.internal";

    @TempDir
    static Path temp;
    static LambdaArtifact artifact;
    static JsonNode doc;

    @BeforeAll
    static void synth() throws IOException {
        Path jar = temp.resolve("orchestrator.jar");
        Files.write(jar, "not really a jar, but bytes to hash".getBytes());
        artifact = LambdaArtifact.of(jar);
        doc = orchestrator(OrchestratorSettings.builder().idleTimeoutMinutes(120).orphanGraceMinutes(10).stoppedRetentionDays(14).warmPoolSize(2)
            .warmPoolEnvironment(Map.of("LOG_JSON", "true")).apiKeyVersion(3)
            .publicSandboxDomain("sbx.openhands.example.com").build(), ENDPOINTS);
    }

    /** The orchestrator's functions, the purge and the private API over a table, cluster, template and zone. */
    static JsonNode orchestrator(OrchestratorSettings settings, VpcEndpoints endpoints) {
        return SynthHarness.parse(SynthHarness.synth(stack -> {
            SandboxRegistryTable table = new SandboxRegistryTable(stack, "registry", new SandboxRegistryTableProps(
                "openhands-test-sandboxes", DATA_KEY, DataProtection.PRODUCTION, Map.of("openhands:backup", "test")));
            SandboxCluster cluster = new SandboxCluster(stack, "cluster", new SandboxClusterProps("openhands-test-sandboxes", FargateCapacity.SPOT, Map.of()));
            SandboxTaskTemplate template = new SandboxTaskTemplate(stack, "template", templateProps(List.of(
                Statement.allow("ReadArtifacts", List.of("s3:GetObject"), List.of("arn:aws:s3:::artifacts/*"))), Optional.empty()));
            SandboxZone zone = new SandboxZone(stack, "zone", new SandboxZoneProps(ZONE_NAME, NETWORK.getVpcId(), Map.of()));
            OrchestratorFunctionsProps props = new OrchestratorFunctionsProps(
                "openhands-test", "test", LOCATION, artifact, NETWORK, endpoints,
                new SandboxResources(table, cluster, template, WORKSPACES, zone), DATA_KEY, LOGS, settings, Map.of());
            OrchestratorFunctions functions = new OrchestratorFunctions(stack, "orchestrator", props);
            new WorkspacePurgeFunction(stack, "purge", props, functions.getEnvironment());
            new PrivateSandboxApi(stack, "api", new PrivateSandboxApiProps("openhands-test", LOCATION, NETWORK, functions, LOGS, 50, 100,
                Map.of()));
        }));
    }

    @Test
    void withoutTracingNothingInTheVpcSendsToXRaySoItNeedsNoEndpoint() {
        VpcEndpoints withoutXray = VpcEndpoints.of(GatewayEndpoints.of("pl-s3", "pl-dynamo"), ENDPOINTS.interfaceEndpoints().stream()
            .filter(e -> !e.service().equals("xray")).toList());
        JsonNode untraced = orchestrator(OrchestratorSettings.builder().tracing(false).build(), withoutXray);
        Map<String, String> modes = new java.util.TreeMap<>();
        SynthHarness.resources(untraced, "aws_lambda_function").forEach(f -> modes.put(f.path("function_name").asText(),
            f.at("/tracing_config/mode").asText() + (f.has("vpc_config") ? " in the VPC" : "")));
        assertThat(modes).containsExactly(
            Map.entry("openhands-test-sandbox-api", "PassThrough in the VPC"),
            Map.entry("openhands-test-sandbox-maintenance", "Active"),
            Map.entry("openhands-test-sandbox-purge", "PassThrough in the VPC"),
            Map.entry("openhands-test-sandbox-task-state", "Active"));
        assertThat(onlyResource(untraced, "aws_api_gateway_stage").path("xray_tracing_enabled").asBoolean())
            .as("a sampled header from the stage would make the API function trace anyway").isFalse();
        assertThat(untraced.toString()).doesNotContain("sg-vpce-xray");
        assertThat(OrchestratorFunctions.endpointServices(false)).containsExactly("ecs", "elasticfilesystem", "secretsmanager");
        assertThat(OrchestratorFunctions.endpointServices(true)).isEqualTo(OrchestratorFunctions.ENDPOINT_SERVICES);
        List<String> purgeSids = new ArrayList<>();
        SynthHarness.resources(untraced, "aws_iam_role_policy").stream().filter(p -> p.path("name").asText().equals("purge-workspaces"))
            .forEach(p -> SynthHarness.policy(p, "policy").path("Statement").forEach(st -> purgeSids.add(st.path("Sid").asText())));
        assertThat(purgeSids).isNotEmpty().doesNotContain("Tracing");
        assertThat(doc.toString()).as("traced by default").contains("sg-vpce-xray");
    }

    static SandboxTaskTemplateProps templateProps(List<Statement> extra, Optional<ProxyClientSettings> proxy) {
        return templateProps(container(List.of(IMAGE), 4096), extra, proxy);
    }

    static SandboxTaskTemplateProps templateProps(SandboxContainer container, List<Statement> extra, Optional<ProxyClientSettings> proxy) {
        return new SandboxTaskTemplateProps("openhands-test", LOCATION, NETWORK, ENDPOINTS, WORKSPACES, container,
            List.of("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0"), extra, proxy, LOGS, Map.of());
    }

    static SandboxContainer container(List<String> images, int memoryMib) {
        return SandboxContainer.builder().images(images).cpu(1024).memoryMib(memoryMib).agentPort(60000).runAsUser("10001:10001").build();
    }

    @Test
    void registryTableIsEncryptedRecoverableAndIndexed() {
        JsonNode table = onlyResource(doc, "aws_dynamodb_table");
        assertThat(table.path("billing_mode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.path("hash_key").asText()).isEqualTo("conversation_id");
        assertThat(table.at("/point_in_time_recovery/enabled").asBoolean()).isTrue();
        assertThat(table.at("/server_side_encryption/kms_key_arn").asText()).endsWith("key/data");
        assertThat(table.at("/ttl/attribute_name").asText()).isEqualTo("expires_at");
        assertThat(table.path("deletion_protection_enabled").asBoolean()).isTrue();
        assertThat(table.at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(table.at("/tags/openhands:backup").asText()).isEqualTo("test");
        List<String> indexes = new ArrayList<>();
        table.path("global_secondary_index").forEach(i -> indexes.add(i.path("name").asText() + "=" + i.path("hash_key").asText()
            + "+" + i.path("range_key").asText()));
        assertThat(indexes).containsExactlyInAnyOrder("status-last-activity=status+last_activity", "owner-created=owner+created_at");
    }

    @Test
    void theApiKeyVersionIsASettingThatRotatesTheKey() {
        JsonNode version = onlyResource(doc, "aws_secretsmanager_secret_version");
        assertThat(version.path("secret_string_wo_version").asInt()).isEqualTo(3);
        assertThat(version.path("secret_string_wo").asText()).startsWith("${ephemeral.aws_secretsmanager_random_password.");
        assertThat(OrchestratorSettings.builder().build().apiKeyVersion()).isEqualTo(1);
        assertThat(OrchestratorSettings.builder().build().publicSandboxDomain()).isEmpty();
        assertThatThrownBy(() -> OrchestratorSettings.builder().publicSandboxDomain("https://sbx.example.com").build())
            .hasMessageContaining("publicSandboxDomain");
        assertThatThrownBy(() -> OrchestratorSettings.builder().apiKeyVersion(0).build()).hasMessageContaining("apiKeyVersion");
    }

    @Test
    void clusterHasContainerInsightsAndFargateOnly() {
        JsonNode cluster = onlyResource(doc, "aws_ecs_cluster");
        assertThat(cluster.toString()).contains("\"name\":\"containerInsights\",\"value\":\"enabled\"");
        JsonNode capacity = onlyResource(doc, "aws_ecs_cluster_capacity_providers");
        assertThat(SynthHarness.strings(capacity.path("capacity_providers"))).containsExactly("FARGATE", "FARGATE_SPOT");
        // the props asked for Spot: tasks without a strategy of their own land there
        assertThat(capacity.path("default_capacity_provider_strategy").toString()).contains("\"capacity_provider\":\"FARGATE_SPOT\"")
            .doesNotContain("\"capacity_provider\":\"FARGATE\"");
    }

    @Test
    void templateIsArmFargateWithIamAuthorizedEncryptedWorkspaceAndNoPrivilege() throws IOException {
        JsonNode definition = onlyResource(doc, "aws_ecs_task_definition");
        assertThat(definition.at("/runtime_platform/cpu_architecture").asText()).isEqualTo("ARM64");
        assertThat(definition.path("network_mode").asText()).isEqualTo("awsvpc");
        JsonNode efs = definition.at("/volume/0/efs_volume_configuration");
        assertThat(efs.path("transit_encryption").asText()).isEqualTo("ENABLED");
        assertThat(efs.at("/authorization_config/iam").asText()).isEqualTo("ENABLED");
        JsonNode container = JSON.readTree(definition.path("container_definitions").asText()).get(0);
        assertThat(container.path("privileged").asBoolean()).isFalse();
        assertThat(container.path("image").asText()).isEqualTo(IMAGE);
        assertThat(container.path("user").asText()).isEqualTo("10001:10001");
        assertThat(container.at("/logConfiguration/logDriver").asText()).isEqualTo("awslogs");
        assertThat(container.at("/mountPoints/0/containerPath").asText()).isEqualTo("/workspace");
    }

    /**
     * OpenHands' V1 spec sends the program as the command (Kubernetes semantics); ECS appends a command to the image's
     * ENTRYPOINT, which on the stock image is that program, so it got its own path as an argument and refused to start.
     * The template's entry point runs the command as written on any image; the orchestrator's revisions keep it.
     */
    @Test
    void theTemplateRunsTheSpecsCommandAsWrittenWhateverTheImagesEntrypoint() throws IOException {
        JsonNode container = JSON.readTree(onlyResource(doc, "aws_ecs_task_definition").path("container_definitions").asText()).get(0);
        assertThat(SynthHarness.strings(container.path("entryPoint"))).containsExactly("/usr/bin/env", "--");
        assertThat(SynthHarness.strings(container.path("command")))
            .containsExactly("/usr/local/bin/openhands-agent-server", "--port", "60000");
        // No tini in the pinned agent server image: ECS's init process reaps the agent's children instead.
        assertThat(container.at("/linuxParameters/initProcessEnabled").asBoolean()).isTrue();
    }

    @Test
    void sandboxGroupAdmitsOnlyCallersAndNeverOtherSandboxes() {
        List<JsonNode> ingress = resources(doc, "aws_vpc_security_group_ingress_rule");
        List<JsonNode> toSandbox = ingress.stream().filter(r -> r.path("security_group_id").asText().contains("template_sg_")).toList();
        assertThat(toSandbox).hasSize(1);
        assertThat(toSandbox.get(0).path("referenced_security_group_id").asText()).contains("template_caller-sg_");
        assertThat(toSandbox.get(0).path("from_port").asInt()).isEqualTo(60000);
        assertThat(ingress).noneMatch(r -> r.path("security_group_id").asText().equals(r.path("referenced_security_group_id").asText()));
        assertThat(ingress).noneMatch(r -> r.path("cidr_ipv4").asText().equals("0.0.0.0/0"));
        // No internet path unless the environment has one.
        assertThat(resources(doc, "aws_vpc_security_group_egress_rule")).noneMatch(r -> r.path("cidr_ipv4").asText().equals("0.0.0.0/0"));
        // The orchestrator API endpoint admits only its client group; sandboxes do not carry it.
        List<JsonNode> toEndpoint = ingress.stream().filter(r -> r.path("security_group_id").asText().contains("api_endpoint-sg_")).toList();
        assertThat(toEndpoint).hasSize(1);
        assertThat(toEndpoint.get(0).path("referenced_security_group_id").asText()).contains("api_client-sg_");
    }

    @Test
    void taskRoleInvokesOnlyConfiguredModelsMountsOnlyThroughAccessPointsAndAlwaysDeniesEscalation() {
        JsonNode policy = SynthHarness.policy(resources(doc, "aws_iam_role_policy").stream()
            .filter(p -> p.path("name").asText().equals("agent")).findFirst().orElseThrow(), "policy");
        String text = policy.toString();
        assertThat(text).contains("foundation-model/anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(text).contains("elasticfilesystem:AccessPointArn").contains("access-point/*");
        assertThat(text).contains("\"Sid\":\"ReadArtifacts\"").doesNotContain("\"Action\":\"*\"");
        JsonNode deny = statement(policy, "NeverWidenOwnReach");
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(SynthHarness.strings(deny.path("Action"))).contains("iam:PassRole", "iam:Create*", "sts:AssumeRole", "organizations:*",
            "account:*", "kms:ScheduleKeyDeletion");
    }

    private static JsonNode statement(JsonNode policy, String sid) {
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Sid").asText().equals(sid)) {
                return statement;
            }
        }
        throw new AssertionError("no statement " + sid + " in " + policy);
    }

    private static JsonNode rolePolicy(String name) {
        return SynthHarness.policy(resources(doc, "aws_iam_role_policy").stream()
            .filter(p -> p.path("name").asText().equals(name)).findFirst().orElseThrow(), "policy");
    }

    /** Endpoint groups a security group may send HTTPS to, and every egress rule of it that names an address block. */
    private static List<String> endpointGroupsReachedFrom(String groupPathPart) {
        List<JsonNode> egress = resources(doc, "aws_vpc_security_group_egress_rule").stream()
            .filter(r -> r.path("security_group_id").asText().contains(groupPathPart)).toList();
        assertThat(egress).as("no egress rule of " + groupPathPart + " names the VPC block")
            .noneMatch(r -> r.path("cidr_ipv4").asText().equals(NETWORK.getVpcCidr()));
        return egress.stream().map(r -> r.path("referenced_security_group_id").asText()).filter(g -> g.startsWith("sg-vpce-")).toList();
    }

    /** The groups each endpoint's own group admits HTTPS from. */
    private static Map<String, List<String>> endpointAdmissions() {
        Map<String, List<String>> admitted = new java.util.TreeMap<>();
        for (JsonNode rule : resources(doc, "aws_vpc_security_group_ingress_rule")) {
            String group = rule.path("security_group_id").asText();
            if (group.startsWith("sg-vpce-")) {
                assertThat(rule.path("from_port").asInt()).isEqualTo(443);
                assertThat(rule.path("cidr_ipv4").isMissingNode()).as("no address block is admitted to " + group).isTrue();
                admitted.computeIfAbsent(group.substring("sg-vpce-".length()), g -> new ArrayList<>())
                    .add(rule.path("referenced_security_group_id").asText().replaceAll(".*aws_security_group\\.([a-z]+)_.*", "$1"));
            }
        }
        return admitted;
    }

    @Test
    void sandboxesReachOnlyTheEndpointsTheyCallAndEachEndpointAdmitsOnlyItsConsumers() {
        assertThat(endpointGroupsReachedFrom("template_sg_")).containsExactlyInAnyOrder(
            "sg-vpce-ecr.api", "sg-vpce-ecr.dkr", "sg-vpce-logs", "sg-vpce-secretsmanager", "sg-vpce-bedrock-runtime");
        assertThat(endpointGroupsReachedFrom("orchestrator_sg_")).containsExactlyInAnyOrder(
            "sg-vpce-ecs", "sg-vpce-elasticfilesystem", "sg-vpce-secretsmanager", "sg-vpce-xray");
        assertThat(endpointAdmissions()).isEqualTo(Map.of(
            "bedrock-runtime", List.of("template"), "ecr.api", List.of("template"), "ecr.dkr", List.of("template"),
            "logs", List.of("template"), "ecs", List.of("orchestrator"), "elasticfilesystem", List.of("orchestrator"),
            "secretsmanager", List.of("orchestrator", "template"), "xray", List.of("orchestrator")));
    }

    @Test
    void taskCredentialsInvokeBedrockAndUseExtraPermissionsOnlyInsideTheVpc() {
        JsonNode policy = rolePolicy("agent");
        JsonNode profiles = statement(policy, "InvokeProfilesOnlyThroughTheVpcEndpoint");
        assertThat(profiles.path("Effect").asText()).isEqualTo("Deny");
        assertThat(profiles.at("/Condition/StringNotEquals/aws:SourceVpce").asText()).isEqualTo("vpce-bedrock-runtime");
        JsonNode models = statement(policy, "InvokeModelsDirectlyOnlyThroughTheVpcEndpoint");
        assertThat(models.at("/Condition/StringNotEquals/aws:SourceVpce").asText()).isEqualTo("vpce-bedrock-runtime");
        assertThat(models.at("/Condition/Null/bedrock:InferenceProfileArn").asText()).isEqualTo("true");
        JsonNode extras = statement(policy, "ExtraPermissionsOnlyInsideTheVpc");
        assertThat(extras.path("Effect").asText()).isEqualTo("Deny");
        assertThat(SynthHarness.strings(extras.path("Action"))).containsExactly("s3:GetObject");
        assertThat(extras.at("/Condition/StringNotEquals/aws:SourceVpc").asText()).isEqualTo("vpc-1");
        assertThat(extras.at("/Condition/BoolIfExists/aws:ViaAWSService").asText()).isEqualTo("false");
        // The workspace mount goes through a mount target, not an endpoint: no VPC condition may touch it.
        assertThat(policy.toString()).doesNotContain("\"Sid\":\"MountOwnWorkspaceThroughAnAccessPoint\",\"Effect\":\"Deny\"");
        for (JsonNode statement : policy.path("Statement")) {
            if (statement.path("Effect").asText().equals("Deny")) {
                assertThat(SynthHarness.strings(statement.path("Action"))).noneMatch(a -> a.startsWith("elasticfilesystem:"));
            }
        }
    }

    @Test
    void withoutExtraPermissionsThereIsNoVpcDenyAndAnExtraMountIsNeverDenied() {
        assertThat(SandboxTaskTemplate.taskPolicy(templateProps(List.of(), Optional.empty()), "aws").statements())
            .extracting(Statement::sid).doesNotContain("ExtraPermissionsOnlyInsideTheVpc");
        List<Statement> withMount = SandboxTaskTemplate.taskPolicy(templateProps(List.of(
            Statement.allow("MountAnother", List.of("elasticfilesystem:ClientMount"), List.of(FS_ARN)),
            Statement.allow("Queue", List.of("sqs:SendMessage"), List.of("arn:aws:sqs:eu-west-1:123456789012:q"))), Optional.empty()), "aws").statements();
        assertThat(withMount).filteredOn(st -> st.sid().equals("ExtraPermissionsOnlyInsideTheVpc")).singleElement()
            .satisfies(st -> assertThat(st.actions()).containsExactly("sqs:SendMessage"));
    }

    @Test
    void orchestratorRoleIsScopedToExactResources() {
        JsonNode policy = SynthHarness.policy(resources(doc, "aws_iam_role_policy").stream()
            .filter(p -> p.path("name").asText().equals("orchestrate-sandboxes")).findFirst().orElseThrow(), "policy");
        for (JsonNode statement : policy.path("Statement")) {
            List<String> actions = SynthHarness.strings(statement.path("Action"));
            assertThat(actions).noneMatch(a -> a.equals("*") || a.endsWith(":*"));
            List<String> resourcesOf = SynthHarness.strings(statement.path("Resource"));
            if (resourcesOf.contains("*")) {
                assertThat(OrchestratorFunctions.ACTIONS_WITHOUT_RESOURCE_SCOPE).as(statement.path("Sid").asText()).containsAll(actions);
            }
            switch (statement.path("Sid").asText()) {
                case "RunSandboxRevisionsInTheSandboxCluster" -> {
                    assertThat(actions).containsExactly("ecs:RunTask");
                    assertThat(resourcesOf).containsExactly("arn:aws:ecs:eu-west-1:123456789012:task-definition/openhands-test-sandbox:*");
                    assertThat(statement.at("/Condition/ArnEquals/ecs:cluster").asText()).contains("aws_ecs_cluster");
                }
                case "PassOnlyTheSandboxRoles" -> {
                    assertThat(resourcesOf).hasSize(2).allMatch(r -> r.contains("aws_iam_role.template_"));
                    assertThat(statement.at("/Condition/StringEquals/iam:PassedToService").asText()).isEqualTo("ecs-tasks.amazonaws.com");
                }
                case "CreateWorkspaceAccessPoints" -> assertThat(resourcesOf).containsExactly(FS_ARN);
                case "PointSandboxNames" -> {
                    assertThat(actions).containsExactly("route53:ChangeResourceRecordSets");
                    assertThat(resourcesOf).singleElement().satisfies(r -> assertThat(r).contains("aws_route53_zone.zone_").endsWith(".arn}"));
                    assertThat(SynthHarness.strings(statement.at("/Condition/ForAllValues:StringEquals/route53:ChangeResourceRecordSetsRecordTypes")))
                        .containsExactly("A");
                    assertThat(SynthHarness.strings(statement.at("/Condition/ForAllValues:StringEquals/route53:ChangeResourceRecordSetsActions")))
                        .containsExactly("UPSERT", "DELETE");
                    assertThat(SynthHarness.strings(statement.at("/Condition/ForAllValues:StringLike/route53:ChangeResourceRecordSetsNormalizedRecordNames")))
                        .containsExactly("*." + ZONE_NAME);
                }
                case "RegisterTaggedSandboxRevisions" -> {
                    assertThat(actions).containsExactly("ecs:RegisterTaskDefinition");
                    assertThat(statement.at("/Condition/StringEquals/aws:RequestTag~1openhands:environment").asText()).isEqualTo("test");
                }
                case "VpcNetworkInterfaces" -> {
                    assertThat(resourcesOf).doesNotContain("*").contains("arn:aws:ec2:eu-west-1:123456789012:network-interface/*")
                        .anyMatch(r -> r.startsWith("arn:aws:ec2:eu-west-1:123456789012:subnet/"))
                        .anyMatch(r -> r.startsWith("arn:aws:ec2:eu-west-1:123456789012:security-group/"));
                    assertThat(statement.at("/Condition/ArnEquals/ec2:Vpc").asText())
                        .isEqualTo("arn:aws:ec2:eu-west-1:123456789012:vpc/" + NETWORK.getVpcId());
                }
                case "WriteSessionKeySecrets" -> assertThat(resourcesOf)
                    .containsExactly("arn:aws:secretsmanager:eu-west-1:123456789012:secret:openhands-test/sandbox-sessions/*");
                case "ReadSandboxNames" -> {
                    assertThat(actions).containsExactly("route53:ListResourceRecordSets");
                    assertThat(resourcesOf).singleElement().satisfies(r -> assertThat(r).contains("aws_route53_zone.zone_"));
                }
                default -> { }
            }
        }
    }

    @Test
    void functionsAreJava21Arm64SnapStartWithTheArtifactHash() {
        List<JsonNode> functions = resources(doc, "aws_lambda_function").stream()
            .filter(f -> !f.path("handler").asText().equals(WorkspacePurgeFunction.HANDLER)).toList();
        assertThat(functions).hasSize(3);
        for (JsonNode function : functions) {
            assertThat(function.path("runtime").asText()).isEqualTo("java21");
            assertThat(SynthHarness.strings(function.path("architectures"))).containsExactly("arm64");
            assertThat(function.at("/snap_start/apply_on").asText()).isEqualTo("PublishedVersions");
            assertThat(function.path("publish").asBoolean()).isTrue();
            assertThat(function.path("source_code_hash").asText()).isEqualTo(artifact.sha256());
            assertThat(function.at("/environment/variables/WARM_POOL_SIZE").asText()).isEqualTo("2");
            assertThat(function.at("/environment/variables/SANDBOX_ZONE_NAME").asText()).isEqualTo(ZONE_NAME);
            // The sandbox router's domain: the orchestrator answers https://<label>.<domain> (lambda's StableUrlTest).
            assertThat(function.at("/environment/variables/PUBLIC_SANDBOX_DOMAIN").asText()).isEqualTo("sbx.openhands.example.com");
            assertThat(function.at("/environment/variables/STOPPED_RETENTION_DAYS").asText()).isEqualTo("14");
            assertThat(function.at("/environment/variables/SANDBOX_ZONE_ID").asText()).contains("aws_route53_zone.zone_").endsWith(".zone_id}");
            // Only the API function probes agent servers; the others reach Route 53, which has no endpoint in this VPC.
            boolean api = function.path("handler").asText().equals(OrchestratorFunctions.API_HANDLER);
            assertThat(function.at("/vpc_config/subnet_ids").size()).as(function.path("handler").asText()).isEqualTo(api ? 2 : 0);
        }
        assertThat(functions).anyMatch(f -> f.path("reserved_concurrent_executions").asInt() == 1
            && f.path("handler").asText().equals(OrchestratorFunctions.MAINTENANCE_HANDLER));
        assertThat(resources(doc, "aws_lambda_alias")).hasSize(3);
    }

    @Test
    void theSandboxZoneIsPrivateToTheVpcAndForgetsMissingNamesWithinSeconds() {
        JsonNode zone = onlyResource(doc, "aws_route53_zone");
        assertThat(zone.path("name").asText()).isEqualTo(ZONE_NAME);
        assertThat(zone.at("/vpc/0/vpc_id").asText()).isEqualTo(NETWORK.getVpcId());
        assertThat(zone.path("force_destroy").asBoolean()).isTrue();
        JsonNode soa = onlyResource(doc, "aws_route53_record");
        assertThat(soa.path("type").asText()).isEqualTo("SOA");
        assertThat(soa.path("allow_overwrite").asBoolean()).isTrue();
        String value = SynthHarness.strings(soa.path("records")).get(0);
        assertThat(value).startsWith("${aws_route53_zone.zone_").endsWith(" 1 7200 900 1209600 " + SandboxZone.NEGATIVE_TTL_SECONDS);
        assertThatThrownBy(() -> new SandboxZoneProps("Sandboxes.Example.internal", "vpc-1", Map.of())).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new SandboxZoneProps("internal.", "vpc-1", Map.of())).hasMessageContaining("trailing dot");
        // Swapped, neither value fits.
        assertThatThrownBy(() -> new SandboxZoneProps("vpc-1", ZONE_NAME, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SandboxZoneProps(ZONE_NAME, ZONE_NAME, Map.of())).hasMessageContaining("not a VPC id");
    }

    @Test
    void theExecutionRoleReadsOnlyTheSessionKeySecretsAndTheFunctionsKnowTheirPrefix() {
        JsonNode policy = SynthHarness.policy(resources(doc, "aws_iam_role_policy").stream()
            .filter(p -> p.path("name").asText().equals("read-session-keys")).findFirst().orElseThrow(), "policy");
        assertThat(resources(doc, "aws_iam_role_policy").stream().filter(p -> p.path("name").asText().equals("read-session-keys"))
            .findFirst().orElseThrow().path("role").asText()).contains("aws_iam_role.template_execution-role_");
        assertThat(policy.at("/Statement/0/Action").asText()).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(policy.at("/Statement/0/Resource").asText())
            .isEqualTo("arn:aws:secretsmanager:eu-west-1:123456789012:secret:openhands-test/sandbox-sessions/*");
        assertThat(policy.at("/Statement/1/Condition/StringEquals/kms:ViaService").asText()).isEqualTo("secretsmanager.eu-west-1.amazonaws.com");
        for (JsonNode function : resources(doc, "aws_lambda_function")) {
            assertThat(function.at("/environment/variables/SESSION_SECRET_PREFIX").asText()).isEqualTo("openhands-test/sandbox-sessions/");
            assertThat(function.at("/environment/variables/SESSION_SECRET_KMS_KEY").asText()).endsWith("key/data");
        }
    }

    @Test
    void thePurgeAloneMountsTheWorkspaceRootAsRootThroughItsOwnAccessPoint() {
        JsonNode purge = resources(doc, "aws_lambda_function").stream()
            .filter(f -> f.path("handler").asText().equals(WorkspacePurgeFunction.HANDLER)).findFirst().orElseThrow();
        assertThat(purge.at("/file_system_config/local_mount_path").asText()).isEqualTo(WorkspacePurgeFunction.MOUNT_PATH);
        assertThat(purge.at("/file_system_config/arn").asText()).contains("aws_efs_access_point.purge_root_");
        assertThat(purge.at("/environment/variables/PURGE_MOUNT_PATH").asText()).isEqualTo(WorkspacePurgeFunction.MOUNT_PATH);
        assertThat(purge.at("/environment/variables/REGISTRY_TABLE").asText()).contains("aws_dynamodb_table.registry_table_");
        assertThat(purge.path("snap_start").isMissingNode()).isTrue();
        assertThat(purge.path("reserved_concurrent_executions").asInt()).isEqualTo(1);
        assertThat(SynthHarness.strings(purge.at("/vpc_config/security_group_ids"))).contains("sg-efs-client");

        JsonNode accessPoint = onlyResource(doc, "aws_efs_access_point");
        assertThat(accessPoint.at("/posix_user/uid").asInt()).isZero();
        assertThat(accessPoint.at("/root_directory/path").asText()).isEqualTo(OrchestratorFunctions.WORKSPACE_ROOT);
        // The orchestrator may delete access points tagged with the environment: never this one.
        assertThat(accessPoint.path("tags").has("openhands:environment")).isFalse();

        JsonNode policy = SynthHarness.policy(resources(doc, "aws_iam_role_policy").stream()
            .filter(p -> p.path("name").asText().equals("purge-workspaces")).findFirst().orElseThrow(), "policy");
        List<String> sids = new ArrayList<>();
        for (JsonNode statement : policy.path("Statement")) {
            sids.add(statement.path("Sid").asText());
            List<String> resourcesOf = SynthHarness.strings(statement.path("Resource"));
            if (resourcesOf.contains("*")) {
                assertThat(OrchestratorFunctions.ACTIONS_WITHOUT_RESOURCE_SCOPE).containsAll(SynthHarness.strings(statement.path("Action")));
            }
            if (statement.path("Sid").asText().equals("MountTheWorkspaceRootAsRoot")) {
                assertThat(resourcesOf).containsExactly(FS_ARN);
                assertThat(statement.at("/Condition/StringEquals/elasticfilesystem:AccessPointArn").asText()).contains("aws_efs_access_point.purge_root_");
            }
            if (statement.path("Sid").asText().equals("ReadRegistryItems")) {
                assertThat(SynthHarness.strings(statement.path("Action"))).containsExactly("dynamodb:GetItem");
            }
        }
        assertThat(sids).contains("MountTheWorkspaceRootAsRoot", "ReadRegistryItems").doesNotContain("Registry", "PointSandboxNames");
        // Root on the workspaces is the purge's alone.
        assertThat(resources(doc, "aws_iam_role_policy").stream().filter(p -> !p.path("name").asText().equals("purge-workspaces")))
            .noneMatch(p -> p.path("policy").asText().contains("ClientRootAccess"));
        assertThat(resources(doc, "aws_cloudwatch_event_rule")).anyMatch(r -> r.path("schedule_expression").asText().equals(WorkspacePurgeFunction.SCHEDULE));
    }

    @Test
    void apiIsPrivateBehindItsOwnEndpointWithAResourcePolicy() {
        JsonNode api = onlyResource(doc, "aws_api_gateway_rest_api");
        assertThat(SynthHarness.strings(api.at("/endpoint_configuration/types"))).containsExactly("PRIVATE");
        JsonNode policy = SynthHarness.policy(onlyResource(doc, "aws_api_gateway_rest_api_policy"), "policy");
        assertThat(policy.toString()).contains("aws:SourceVpce").contains("\"Effect\":\"Deny\"");
        JsonNode endpoint = onlyResource(doc, "aws_vpc_endpoint");
        assertThat(endpoint.path("service_name").asText()).isEqualTo("com.amazonaws.eu-west-1.execute-api");
        // Private DNS sends every execute-api name in the VPC here: the endpoint passes this account's APIs only.
        JsonNode endpointPolicy = SynthHarness.policy(endpoint, "policy");
        assertThat(SynthHarness.statements(endpointPolicy)).singleElement().satisfies(st -> {
            assertThat(st.get("Action")).containsExactly("execute-api:Invoke");
            assertThat(st.get("Resource")).containsExactly("arn:aws:execute-api:eu-west-1:123456789012:*");
        });
        assertThat(onlyResource(doc, "aws_api_gateway_integration").path("type").asText()).isEqualTo("AWS_PROXY");
        assertThat(onlyResource(doc, "aws_api_gateway_stage").path("xray_tracing_enabled").asBoolean()).isTrue();
    }

    @Test
    void alarmsWatchOnlyPublishedMetrics() {
        List<String> watched = resources(doc, "aws_cloudwatch_metric_alarm").stream()
            .map(a -> a.path("namespace").asText() + "/" + a.path("metric_name").asText()).toList();
        assertThat(watched).containsExactlyInAnyOrder("OpenHands/Sandbox/SandboxCreationFailures", "OpenHands/Sandbox/WarmPoolAvailable",
            "AWS/Lambda/Errors", "AWS/SQS/ApproximateNumberOfMessagesVisible");
    }

    @Test
    void propsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> container(List.of("docker.io/library/python:3"), 4096))
            .hasMessageContaining("not a private ECR image");
        assertThatThrownBy(() -> templateProps(container(List.of(ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/openhands/x:1"), 4096),
            List.of(), Optional.empty())).hasMessageContaining("pull through the VPC's ECR endpoints");
        assertThatThrownBy(() -> container(List.of(IMAGE), 1024))
            .hasMessageContaining("does not fit cpu 1024");
        assertThatThrownBy(() -> new PrivateSandboxApiProps("n", LOCATION, NETWORK, null, LOGS, 50, 100, Map.of()))
            .isInstanceOf(NullPointerException.class).hasMessageContaining("orchestrator");
        assertThatThrownBy(() -> templateProps(List.of(Statement.allow("All", List.of("s3:*"), List.of("*"))), Optional.empty()))
            .hasMessageContaining("allows 's3:*'");
        assertThatThrownBy(() -> LambdaArtifact.of(temp.resolve("missing.jar"))).hasMessageContaining("mvn -pl lambda -am package");
    }
}
