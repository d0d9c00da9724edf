package dev.openhands.platform.main.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import dev.openhands.platform.main.review.PlanReview;
import dev.openhands.platform.main.terraform.TerraformCli;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled staging environment's data tier (Aurora Serverless v2 scaled to zero, RDS Proxy, the events bucket,
 * EFS, the backup vault and plan) applies against moto_server and converges; a change that forces a new cluster
 * shows in the plan review as a data-loss risk; the state holds no password. The sandbox orchestration applies with
 * it, and the handlers, configured from the applied functions' environment, start and delete a sandbox on it.
 *
 * <p>Staging is applied with prod's egress mode ({@link #withAllowList}): an allow-list, so the NAT path and the
 * egress proxy service (Cloud Map namespace and service, its cluster, task definition and ECS service, the security
 * group rules that make it the sandboxes' only way out) apply and converge in the same run, at the cost of a few
 * resources rather than a second stack.
 */
@Tag("emulator-apply")
class DataTierEmulatorTest {

    private static final Duration STEP = Duration.ofMinutes(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path environments;

    /**
     * staging.json with egress and the database path as prod has them: an allow-list, public subnets for the NAT
     * gateway, the proxy service, RDS Proxy.
     */
    static EnvironmentConfig withAllowList(Path dir) throws Exception {
        ObjectNode staging = (ObjectNode) JSON.readTree(ProjectFiles.environments().resolve("staging.json").toFile());
        ObjectNode egress = staging.putObject("egress").put("mode", "allowlist");
        egress.putArray("allowedHosts").add("pypi.org").add(".github.com");
        egress.putObject("proxy").put("image", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/squid:6").put("desiredCount", 2);
        // and RDS Proxy, as prod has it (the bundled staging connects to the writer directly)
        ((ObjectNode) staging.get("data")).putObject("proxy").put("enabled", true);
        ((ObjectNode) staging.get("network")).putArray("publicSubnetCidrs").add("10.50.240.0/24").add("10.50.241.0/24");
        // a NAT gateway as prod has it (the bundled staging leaves through a NAT instance)
        ((ObjectNode) staging.get("network")).remove("nat");
        ProjectFiles.write(dir, "staging", staging);
        return EnvironmentLoader.load(dir, List.of("staging")).get(0);
    }

    @Test
    void theDataTierAppliesConvergesAndFlagsAClusterReplacement() throws Exception {
        EnvironmentConfig staging = withAllowList(environments);
        StringWriter progress = new StringWriter();
        AtomicReference<PlanReview> review = new AtomicReference<>();
        AtomicReference<String> state = new AtomicReference<>();
        AtomicReference<OrchestratorOnTheStack.Journey> sandboxJourney = new AtomicReference<>();
        EmulatorDeployment.Report report = EmulatorDeployment.run(staging, false, new PrintWriter(progress, true), workspace -> {
            TerraformCli.Result show = workspace.terraform(STEP, "show", "-json", "-no-color");
            assertThat(show.exitCode()).as(show.combined()).isZero();
            state.set(show.stdout());
            sandboxJourney.set(OrchestratorOnTheStack.startAndDeleteASandbox(workspace, new ObjectMapper().readTree(show.stdout())));

            Path dir = workspace.stackDir();
            JsonNode stack = new ObjectMapper().readTree(dir.resolve("cdk.tf.json").toFile());
            Iterator<String> clusters = stack.path("resource").path("aws_rds_cluster").fieldNames();
            String cluster = clusters.next();
            Path override = dir.resolve("zz_test_replace_override.tf.json");
            Files.writeString(override, "{\"resource\":{\"aws_rds_cluster\":{\"" + cluster + "\":{\"database_name\":\"openhands_v2\"}}}}");
            Path plan = workspace.workdir().resolve("replace.tfplan");
            TerraformCli.Result planned = workspace.terraform(STEP, "plan", "-input=false", "-no-color", "-out=" + plan);
            assertThat(planned.exitCode()).as(planned.combined()).isZero();
            TerraformCli.Result json = workspace.terraform(STEP, "show", "-json", "-no-color", plan.toString());
            Files.delete(override);
            review.set(PlanReview.fromPlan("staging", new ObjectMapper().readTree(json.stdout())));
        });
        assertThat(report.destroyed()).isTrue();
        assertThat(progress.toString()).contains("the stack converges");

        JsonNode resources = new ObjectMapper().readTree(state.get()).at("/values/root_module/resources");
        List<String> types = new java.util.ArrayList<>();
        resources.forEach(r -> types.add(r.path("type").asText()));
        assertThat(types).contains("aws_rds_cluster", "aws_rds_cluster_instance", "aws_db_proxy", "aws_db_proxy_target",
            "aws_efs_file_system", "aws_efs_mount_target", "aws_s3_bucket", "aws_backup_vault",
            "aws_backup_plan");
        for (JsonNode r : resources) {
            if (r.path("type").asText().equals("aws_rds_cluster")) {
                assertThat(r.at("/values/master_password").isNull() || r.at("/values/master_password").isMissingNode())
                    .as("no master password in state").isTrue();
                assertThat(r.at("/values/manage_master_user_password").asBoolean()).isTrue();
            }
        }

        // The orchestrator, configured exactly as Terraform configured its functions, runs a sandbox on the stack.
        OrchestratorOnTheStack.Journey journey = sandboxJourney.get();
        assertThat(journey.wrongKeyStatus()).isEqualTo(401);
        assertThat(journey.startStatus()).isEqualTo(200);
        assertThat(journey.taskDefinitionFamily()).isEqualTo("openhands-staging-sandbox");
        assertThat(journey.taskRoleArn()).endsWith(":role/openhands-staging-sandbox-task");
        assertThat(journey.accessPointRoot()).matches("/workspaces/conv\\.d/conv-on-stack-[a-z2-7]{12}");
        assertThat(journey.taskSecurityGroups()).hasSize(2);
        assertThat(journey.deleteStatus()).isEqualTo(200);
        // staging has a front door: the orchestrator hands out the sandbox router's public name for the same label
        assertThat(journey.url()).matches("https://b[a-z2-7]{25}\\.sbx\\.openhands-staging\\.example\\.com");
        assertThat(journey.taskAddress()).isNotNull();
        assertThat(journey.nameAddress()).isEqualTo(journey.taskAddress());
        assertThat(types).contains("aws_lambda_function", "aws_api_gateway_rest_api", "aws_dynamodb_table", "aws_ecs_cluster",
            "aws_ecs_task_definition", "aws_cloudwatch_event_rule", "aws_route53_zone", "aws_route53_record");

        // The egress proxy applied with it, and the sandbox the orchestrator started was told to use it.
        assertThat(types).contains("aws_nat_gateway", "aws_ecs_service", "aws_service_discovery_private_dns_namespace",
            "aws_service_discovery_service");
        for (JsonNode r : resources) {
            // The egress proxy's service (the app service, also applied here, scales from its own minimum).
            if (r.path("type").asText().equals("aws_ecs_service") && r.at("/values/name").asText().contains("egress")) {
                assertThat(r.at("/values/desired_count").asInt()).isEqualTo(2);
                assertThat(r.at("/values/service_registries/0/registry_arn").asText()).contains("servicediscovery");
            }
        }
        assertThat(journey.proxyUrl()).isEqualTo("http://proxy.egress.openhands-staging.internal:3128");

        // A new cluster takes its instances with it: both are stateful replacements, both flagged.
        assertThat(review.get().dataLossRisks()).hasSize(2).allSatisfy(change -> assertThat(change.action()).isEqualTo("replace"));
        assertThat(review.get().dataLossRisks()).filteredOn(change -> change.type().equals("aws_rds_cluster")).singleElement()
            .satisfies(change -> assertThat(change.replacePaths()).containsExactly("database_name"));
        assertThat(review.get().dataLossRisks()).filteredOn(change -> change.type().equals("aws_rds_cluster_instance")).singleElement()
            .satisfies(change -> assertThat(change.replacePaths()).containsExactly("cluster_identifier"));
        assertThat(review.get().toMarkdown()).contains("DATA-LOSS RISK");
    }
}
