package dev.openhands.platform.modules.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.NetworkPlacement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuroraServerlessTest {

    static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/data";
    static final EncryptionKey DATA_KEY = EncryptionKey.ofArn(KEY);
    static final NetworkPlacement NETWORK = NetworkPlacement.of("vpc-1", "10.0.0.0/16", List.of("subnet-a", "subnet-b"));

    static AuroraCapacity capacity(double min, double max, Optional<Integer> pause, int readers) {
        AuroraCapacity.Builder capacity = AuroraCapacity.builder().minAcu(min).maxAcu(max).readers(readers);
        pause.ifPresent(capacity::autoPauseSeconds);
        return capacity.build();
    }

    static AuroraServerlessProps props(double min, Optional<Integer> pause, int readers, DataProtection protection) {
        return new AuroraServerlessProps("openhands-test", NETWORK, "16.6", capacity(min, 8, pause, readers), 1000, DATA_KEY,
            35, Map.of("openhands:backup", "test"), protection, Map.of());
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
        NetworkPlacement twoZones = NetworkPlacement.of("v", "10.0.0.0/16", List.of("a", "b"));
        assertThatThrownBy(() -> new AuroraServerlessProps("x1", twoZones, "16.6",
            capacity(4, 2, Optional.empty(), 0), 0, DATA_KEY, 7, Map.of(), DataProtection.PRODUCTION, Map.of()))
            .hasMessageContaining("0 <= minAcu <= maxAcu");
        assertThatThrownBy(() -> props(0.5, Optional.of(600), 0, DataProtection.PRODUCTION)).hasMessageContaining("auto-pause needs minAcu 0");
        assertThatThrownBy(() -> new AuroraServerlessProps("x1", twoZones, "8.0.mysql_aurora.3.05.2",
            capacity(0.5, 2, Optional.empty(), 0), 0, DATA_KEY, 7, Map.of(), DataProtection.PRODUCTION, Map.of()))
            .hasMessageContaining("not an Aurora PostgreSQL version");
        assertThatThrownBy(() -> new AuroraServerlessProps("x1", twoZones, "16.6",
            capacity(0.5, 2, Optional.empty(), 0), 0, DATA_KEY, 36, Map.of(), DataProtection.PRODUCTION, Map.of()))
            .hasMessageContaining("backupRetentionDays must be 1..35");
    }

    @Test
    void theCapacityBuilderNamesAMissingBound() {
        assertThatThrownBy(() -> AuroraCapacity.builder().maxAcu(8).build()).hasMessageContaining("needs minAcu");
        assertThatThrownBy(() -> AuroraCapacity.builder().minAcu(0).build()).hasMessageContaining("needs maxAcu");
        AuroraCapacity defaults = AuroraCapacity.builder().minAcu(0).maxAcu(8).build();
        assertThat(defaults.readers()).isZero();
        assertThat(defaults.autoPauseSeconds()).isEmpty();
    }
}
