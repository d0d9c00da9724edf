package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.Testing;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ecs-fargate stacks' data tier, production-like (prod) and non-production (staging). */
class ServiceStackTest {

    static JsonNode synth(String name) throws IOException {
        EnvironmentConfig env = EnvironmentLoader.load(ProjectFiles.environments(), List.of(name)).get(0);
        return new ObjectMapper().readTree(Testing.synth(new ServiceStack(Testing.app(), env)));
    }

    static List<JsonNode> resources(JsonNode doc, String type) {
        List<JsonNode> out = new ArrayList<>();
        doc.path("resource").path(type).forEach(out::add);
        return out;
    }

    @Test
    void productionProtectsEveryDataStore() throws IOException {
        JsonNode prod = synth("prod");
        JsonNode cluster = resources(prod, "aws_rds_cluster").get(0);
        assertThat(cluster.path("deletion_protection").asBoolean()).isTrue();
        assertThat(cluster.path("skip_final_snapshot").asBoolean()).isFalse();
        assertThat(cluster.at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(cluster.path("backup_retention_period").asInt()).isEqualTo(35);
        assertThat(cluster.at("/serverlessv2_scaling_configuration/min_capacity").asDouble()).isEqualTo(0.5);
        assertThat(resources(prod, "aws_rds_cluster_instance")).hasSize(1);
        assertThat(resources(prod, "aws_kms_key")).filteredOn(k -> k.path("description").asText().contains("database"))
            .singleElement().satisfies(k -> assertThat(k.at("/lifecycle/prevent_destroy").asBoolean()).isTrue());
        assertThat(resources(prod, "aws_s3_bucket").get(0).at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(resources(prod, "aws_efs_file_system").get(0).at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(resources(prod, "aws_backup_vault").get(0).at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(resources(prod, "aws_backup_plan").get(0).at("/rule/0/copy_action/0/destination_vault_arn").asText())
            .isEqualTo("arn:aws:backup:eu-central-1:345678901234:backup-vault:openhands-prod-dr");
        assertThat(prod.path("output").fieldNames()).toIterable().contains("database_proxy_endpoint", "database_secret_arn",
            "database_client_security_group_id", "events_bucket", "workspaces_file_system_id", "backup_vault_arn");
        assertThat(resources(prod, "aws_db_proxy").get(0).path("require_tls").asBoolean()).isTrue();
    }

    @Test
    void stagingScalesToZeroAndMayBeDestroyedBecauseItsConfigSaysSo() throws IOException {
        JsonNode staging = synth("staging");
        JsonNode cluster = resources(staging, "aws_rds_cluster").get(0);
        assertThat(cluster.at("/serverlessv2_scaling_configuration/min_capacity").asDouble()).isZero();
        assertThat(cluster.at("/serverlessv2_scaling_configuration/seconds_until_auto_pause").asInt()).isEqualTo(900);
        assertThat(cluster.path("deletion_protection").asBoolean()).isFalse();
        assertThat(cluster.has("lifecycle")).isFalse();
        assertThat(cluster.path("backup_retention_period").asInt()).isEqualTo(7);
        assertThat(resources(staging, "aws_nat_gateway")).isEmpty();
    }

    @Test
    void stagingWithoutRdsProxyConnectsToTheWriterWithTheClusterRequiringTlsAndAdmittingIam() throws IOException {
        JsonNode staging = synth("staging");
        assertThat(resources(staging, "aws_db_proxy")).isEmpty();
        assertThat(staging.path("output").has("database_proxy_endpoint")).isFalse();
        assertThat(staging.at("/output/database_writer_endpoint/value").asText()).matches("\\$\\{aws_rds_cluster\\.database_cluster_[0-9A-F]{8}\\.endpoint}");
        JsonNode cluster = resources(staging, "aws_rds_cluster").get(0);
        assertThat(cluster.path("iam_database_authentication_enabled").asBoolean()).isTrue();
        assertThat(resources(staging, "aws_rds_cluster_parameter_group").get(0).path("parameter").toString()).contains("\"rds.force_ssl\"");
        List<JsonNode> toCluster = resources(staging, "aws_vpc_security_group_ingress_rule").stream()
            .filter(r -> r.path("from_port").asInt() == 5432).toList();
        assertThat(toCluster).singleElement().satisfies(rule ->
            assertThat(rule.path("referenced_security_group_id").asText()).startsWith("${aws_security_group.database-access_client-sg"));
        // prod keeps the proxy
        assertThat(resources(synth("prod"), "aws_db_proxy")).hasSize(1);
    }

    @Test
    void interfaceEndpointsSitOnlyInTheConfiguredZones() throws IOException {
        for (var expected : java.util.Map.of("staging", List.of("network_private-0"),
                "prod", List.of("network_private-0", "network_private-1")).entrySet()) {
            List<JsonNode> interfaces = resources(synth(expected.getKey()), "aws_vpc_endpoint").stream()
                .filter(e -> e.path("vpc_endpoint_type").asText().equals("Interface")).toList();
            assertThat(interfaces).as(expected.getKey()).hasSizeGreaterThan(5).allSatisfy(endpoint -> {
                List<String> subnets = new ArrayList<>();
                endpoint.path("subnet_ids").forEach(id -> subnets.add(id.asText().replaceAll("^\\$\\{aws_subnet\\.|_[0-9A-F]{8}\\.id}$", "")));
                assertThat(subnets).as(endpoint.path("service_name").asText()).containsExactlyElementsOf(expected.getValue());
            });
        }
    }

    @Test
    void noPasswordOrSecretValueAppearsAnywhere() throws IOException {
        for (String name : List.of("prod", "staging")) {
            JsonNode doc = synth(name);
            String text = doc.toString();
            assertThat(text).doesNotContain("master_password\"").doesNotContain("\"secret_string\"");
            assertThat(doc.path("data").has("aws_secretsmanager_random_password")).as("a data source would keep the value in state").isFalse();
            JsonNode cluster = resources(doc, "aws_rds_cluster").get(0);
            assertThat(cluster.path("manage_master_user_password").asBoolean()).isTrue();
            // The secret values Terraform creates, the orchestrator's API key and the app's JWT_SECRET, are ephemeral and
            // write-only: they are in neither the configuration nor the state.
            List<JsonNode> versions = resources(doc, "aws_secretsmanager_secret_version");
            assertThat(versions).hasSize(2);
            for (JsonNode version : versions) {
                assertThat(version.path("secret_string_wo").asText()).startsWith("${ephemeral.aws_secretsmanager_random_password.");
                assertThat(version.has("secret_string")).isFalse();
                assertThat(version.has("secret_binary")).isFalse();
            }
            assertThat(doc.path("ephemeral").path("aws_secretsmanager_random_password").size()).isEqualTo(2);
            assertThat(doc.at("/output/database_secret_arn/value").asText()).contains("master_user_secret");
        }
    }
}
