package dev.openhands.platform.modules.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuroraServerlessTest {

    static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/data";

    static AuroraServerlessProps props(double min, Optional<Integer> pause, int readers, DataProtection protection) {
        return new AuroraServerlessProps("openhands-test", "eu-west-1", "vpc-1", List.of("subnet-a", "subnet-b"), "16.6",
            min, 8, readers, pause, KEY, 35, protection, 1000, Map.of(), Map.of("openhands:backup", "test"));
    }

    @Test
    void productionClusterIsEncryptedProtectedAndLogged() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack ->
            new AuroraServerless(stack, "db", props(0.5, Optional.empty(), 1, DataProtection.PRODUCTION))));
        JsonNode cluster = SynthHarness.onlyResource(doc, "aws_rds_cluster");
        assertThat(cluster.path("engine").asText()).isEqualTo("aurora-postgresql");
        assertThat(cluster.path("engine_version").asText()).isEqualTo("16.6");
        assertThat(cluster.path("manage_master_user_password").asBoolean()).isTrue();
        assertThat(cluster.has("master_password")).isFalse();
        assertThat(cluster.path("master_user_secret_kms_key_id").asText()).isEqualTo(KEY);
        assertThat(cluster.path("storage_encrypted").asBoolean()).isTrue();
        assertThat(cluster.path("kms_key_id").asText()).isEqualTo(KEY);
        assertThat(cluster.path("iam_database_authentication_enabled").asBoolean()).isTrue();
        assertThat(cluster.path("enabled_cloudwatch_logs_exports").toString()).isEqualTo("[\"postgresql\"]");
        assertThat(cluster.path("backup_retention_period").asInt()).isEqualTo(35);
        assertThat(cluster.path("copy_tags_to_snapshot").asBoolean()).isTrue();
        assertThat(cluster.path("deletion_protection").asBoolean()).isTrue();
        assertThat(cluster.path("skip_final_snapshot").asBoolean()).isFalse();
        assertThat(cluster.path("final_snapshot_identifier").asText()).isEqualTo("openhands-test-final");
        assertThat(cluster.at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(cluster.at("/serverlessv2_scaling_configuration/min_capacity").asDouble()).isEqualTo(0.5);
        assertThat(cluster.at("/serverlessv2_scaling_configuration").has("seconds_until_auto_pause")).isFalse();
        assertThat(cluster.at("/tags/openhands:backup").asText()).isEqualTo("test");

        List<JsonNode> instances = SynthHarness.resources(doc, "aws_rds_cluster_instance");
        assertThat(instances).hasSize(2).allSatisfy(i -> {
            assertThat(i.path("instance_class").asText()).isEqualTo("db.serverless");
            assertThat(i.path("publicly_accessible").asBoolean()).isFalse();
            assertThat(i.path("performance_insights_enabled").asBoolean()).isTrue();
            assertThat(i.path("performance_insights_kms_key_id").asText()).isEqualTo(KEY);
            assertThat(i.path("tags").has("openhands:backup")).as("instances are backed up with their cluster").isFalse();
        });
        JsonNode parameters = SynthHarness.onlyResource(doc, "aws_rds_cluster_parameter_group");
        assertThat(parameters.path("family").asText()).isEqualTo("aurora-postgresql16");
        assertThat(parameters.path("parameter").toString()).contains("\"name\":\"rds.force_ssl\",\"value\":\"1\"")
            .contains("\"name\":\"log_statement\",\"value\":\"ddl\"").contains("\"name\":\"log_min_duration_statement\",\"value\":\"1000\"");
        JsonNode sg = SynthHarness.onlyResource(doc, "aws_security_group");
        assertThat(sg.has("ingress")).isFalse();
        assertThat(SynthHarness.resources(doc, "aws_vpc_security_group_ingress_rule")).isEmpty();
    }

    @Test
    void nonProductionScalesToZeroWithAutoPauseByOverride() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack ->
            new AuroraServerless(stack, "db", props(0, Optional.of(900), 0, new DataProtection(false, false, false)))));
        JsonNode cluster = SynthHarness.onlyResource(doc, "aws_rds_cluster");
        assertThat(cluster.at("/serverlessv2_scaling_configuration/min_capacity").asDouble()).isZero();
        assertThat(cluster.at("/serverlessv2_scaling_configuration/seconds_until_auto_pause").asInt()).isEqualTo(900);
        assertThat(cluster.path("deletion_protection").asBoolean()).isFalse();
        assertThat(cluster.path("skip_final_snapshot").asBoolean()).isTrue();
        assertThat(cluster.has("lifecycle")).isFalse();
        assertThat(SynthHarness.resources(doc, "aws_rds_cluster_instance")).hasSize(1);
    }

    @Test
    void refusesImpossibleClusters() {
        assertThatThrownBy(() -> new AuroraServerlessProps("x1", "eu-west-1", "v", List.of("a", "b"), "16.6",
            4, 2, 0, Optional.empty(), KEY, 7, DataProtection.PRODUCTION, 0, Map.of(), Map.of()))
            .hasMessageContaining("0 <= minAcu <= maxAcu");
        assertThatThrownBy(() -> props(0.5, Optional.of(600), 0, DataProtection.PRODUCTION)).hasMessageContaining("auto-pause needs minAcu 0");
        assertThatThrownBy(() -> new AuroraServerlessProps("x1", "eu-west-1", "v", List.of("a", "b"), "8.0.mysql_aurora.3.05.2",
            0.5, 2, 0, Optional.empty(), KEY, 7, DataProtection.PRODUCTION, 0, Map.of(), Map.of()))
            .hasMessageContaining("not an Aurora PostgreSQL version");
        assertThatThrownBy(() -> new AuroraServerlessProps("x1", "eu-west-1", "v", List.of("a", "b"), "16.6",
            0.5, 2, 0, Optional.empty(), KEY, 36, DataProtection.PRODUCTION, 0, Map.of(), Map.of()))
            .hasMessageContaining("backupRetentionDays must be 1..35");
    }
}
