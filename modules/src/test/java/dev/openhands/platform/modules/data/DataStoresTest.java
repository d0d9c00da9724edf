package dev.openhands.platform.modules.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.network.NetworkPlacement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The proxy, the events bucket, the workspace file system and the backup plan, as synthesized. */
class DataStoresTest {

    static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/data";
    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-abc";
    static final EncryptionKey DATA_KEY = EncryptionKey.ofArn(KEY);
    static final NetworkPlacement NETWORK = NetworkPlacement.of("vpc-1", "10.0.0.0/16", List.of("subnet-a", "subnet-b"));
    static final AwsLocation LOCATION = new AwsLocation("123456789012", "eu-west-1");

    /** A cluster built elsewhere: the proxy sees only what {@link DatabaseCluster} exposes. */
    static final DatabaseCluster CLUSTER = new DatabaseCluster() {
        @Override
        public String getClusterIdentifier() {
            return "openhands-test";
        }

        @Override
        public String getMasterUsername() {
            return "openhands_admin";
        }

        @Override
        public String getClusterResourceId() {
            return "cluster-ABCDEFGHIJKLMNOP";
        }

        @Override
        public String getWriterEndpoint() {
            return "openhands-test.cluster-abc.eu-west-1.rds.amazonaws.com";
        }

        @Override
        public String getSecurityGroupId() {
            return "sg-cluster";
        }

        @Override
        public String getMasterUserSecretArn() {
            return SECRET;
        }

        @Override
        public EncryptionKey getEncryptionKey() {
            return DATA_KEY;
        }
    };

    @Test
    void theProxyRequiresTlsAndReadsOnlyItsSecret() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new DatabaseProxy(stack, "proxy", new DatabaseProxyProps(
            "openhands-test", NETWORK, CLUSTER, LOCATION, List.of("sg-app"), ProxyConnectionSettings.builder()
                .idleClientTimeoutSeconds(1800)
                .connectionBorrowTimeoutSeconds(120)
                .maxConnectionsPercent(90)
                .build(), Map.of()))));
        JsonNode proxy = SynthHarness.onlyResource(doc, "aws_db_proxy");
        assertThat(proxy.path("require_tls").asBoolean()).isTrue();
        assertThat(proxy.path("engine_family").asText()).isEqualTo("POSTGRESQL");
        assertThat(proxy.path("idle_client_timeout").asInt()).isEqualTo(1800);
        assertThat(proxy.at("/auth/0/secret_arn").asText()).isEqualTo(SECRET);
        assertThat(proxy.at("/auth/0/iam_auth").asText()).isEqualTo("REQUIRED");
        JsonNode pool = SynthHarness.onlyResource(doc, "aws_db_proxy_default_target_group").path("connection_pool_config");
        assertThat(pool.path("connection_borrow_timeout").asInt()).isEqualTo(120);
        assertThat(pool.path("max_connections_percent").asInt()).isEqualTo(90);
        List<Map<String, List<String>>> statements = SynthHarness.statements(
            SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_iam_role_policy"), "policy"));
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).get("Resource")).containsExactly(SECRET);
        assertThat(statements.get(1).get("Action")).containsExactly("kms:Decrypt");
        assertThat(statements.get(1).get("Resource")).containsExactly(KEY);
        assertTrustedOnlyForThisAccount(SynthHarness.onlyResource(doc, "aws_iam_role"), "rds.amazonaws.com");
        List<JsonNode> ingress = SynthHarness.resources(doc, "aws_vpc_security_group_ingress_rule");
        assertThat(ingress).allSatisfy(r -> {
            assertThat(r.path("from_port").asInt()).isEqualTo(5432);
            assertThat(r.has("cidr_ipv4")).as("only security-group references, never address ranges").isFalse();
        });
        assertThat(ingress).extracting(r -> r.path("referenced_security_group_id").asText())
            .contains("sg-app").anyMatch(id -> id.contains("client-sg"));
        assertThat(ingress).filteredOn(r -> r.path("security_group_id").asText().equals("sg-cluster")).singleElement()
            .satisfies(r -> assertThat(r.path("referenced_security_group_id").asText()).contains("proxy_sg"));
    }

    @Test
    void withoutAProxyClientsReachOnlyTheWriterAndOnlyFromTheirGroup() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> {
            DirectDatabaseAccess access = new DirectDatabaseAccess(stack, "db", new DirectDatabaseAccessProps("openhands-test", NETWORK, CLUSTER, new dev.openhands.platform.modules.iam.AwsLocation("123456789012", "eu-west-1")));
            assertThat(access.getEndpoint()).isEqualTo("openhands-test.cluster-abc.eu-west-1.rds.amazonaws.com");
        }));
        assertThat(doc.path("resource").has("aws_db_proxy")).isFalse();
        JsonNode egress = SynthHarness.onlyResource(doc, "aws_vpc_security_group_egress_rule");
        assertThat(egress.path("referenced_security_group_id").asText()).isEqualTo("sg-cluster");
        assertThat(egress.path("security_group_id").asText()).startsWith("${aws_security_group.db_client-sg");
        assertThat(egress.path("from_port").asInt()).isEqualTo(5432);
        assertThat(egress.path("to_port").asInt()).isEqualTo(5432);
        JsonNode ingress = SynthHarness.onlyResource(doc, "aws_vpc_security_group_ingress_rule");
        assertThat(ingress.path("security_group_id").asText()).isEqualTo("sg-cluster");
        assertThat(ingress.path("referenced_security_group_id").asText()).startsWith("${aws_security_group.db_client-sg");
        assertThat(ingress.has("cidr_ipv4")).isFalse();
        assertThat(ingress.path("from_port").asInt()).isEqualTo(5432);
    }

    @Test
    void theEventsBucketIsPrivateVersionedAndEncrypted() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new SecureBucket(stack, "events", new SecureBucketProps(
            "openhands-test-events-123456789012", DATA_KEY, "eu-west-1", 30, true, Map.of()))));
        assertThat(SynthHarness.onlyResource(doc, "aws_s3_bucket").at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(SynthHarness.onlyResource(doc, "aws_s3_bucket_versioning").at("/versioning_configuration/status").asText()).isEqualTo("Enabled");
        assertThat(SynthHarness.onlyResource(doc, "aws_s3_bucket_server_side_encryption_configuration")
            .at("/rule/0/apply_server_side_encryption_by_default/kms_master_key_id").asText()).isEqualTo(KEY);
        assertThat(SynthHarness.onlyResource(doc, "aws_s3_bucket_policy").path("policy").asText()).contains("aws:SecureTransport");
        assertThat(SynthHarness.onlyResource(doc, "aws_s3_bucket_lifecycle_configuration")
            .at("/rule/0/noncurrent_version_expiration/noncurrent_days").asInt()).isEqualTo(30);
    }

    @Test
    void workspacesAreEncryptedBackedUpAndReachableOnlyOverTlsWithIam() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new WorkspaceFileSystem(stack, "ws", new WorkspaceFileSystemProps(
            "openhands-test", new AwsLocation("123456789012", "eu-west-1"), NETWORK, DATA_KEY, List.of("sg-sandbox"), true,
            Map.of("openhands:backup", "test")))));
        JsonNode fs = SynthHarness.onlyResource(doc, "aws_efs_file_system");
        assertThat(fs.path("encrypted").asBoolean()).isTrue();
        assertThat(fs.path("kms_key_id").asText()).isEqualTo(KEY);
        assertThat(fs.path("lifecycle_policy").toString()).contains("AFTER_30_DAYS");
        assertThat(fs.at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(fs.at("/tags/openhands:backup").asText()).isEqualTo("test");
        assertThat(SynthHarness.onlyResource(doc, "aws_efs_backup_policy").at("/backup_policy/status").asText()).isEqualTo("ENABLED");
        assertThat(SynthHarness.resources(doc, "aws_efs_mount_target")).hasSize(2);
        assertThat(SynthHarness.resources(doc, "aws_vpc_security_group_ingress_rule")).allSatisfy(r -> {
            assertThat(r.path("from_port").asInt()).isEqualTo(2049);
            assertThat(r.has("cidr_ipv4")).isFalse();
        });
        String policy = SynthHarness.onlyResource(doc, "aws_efs_file_system_policy").path("policy").asText();
        assertThat(policy).contains("\"Effect\":\"Deny\"").contains("\"aws:SecureTransport\":\"false\"")
            .contains("\"elasticfilesystem:AccessedViaMountTarget\":\"true\"").contains("arn:aws:iam::123456789012:root")
            .doesNotContain("\"Principal\":\"*\"");
        // Mounts without an access point are refused to everyone, root access included.
        JsonNode withoutAccessPoint = null;
        for (JsonNode statement : SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_efs_file_system_policy"), "policy").path("Statement")) {
            if (statement.path("Sid").asText().equals("DenyWithoutAccessPoint")) {
                withoutAccessPoint = statement;
            }
        }
        assertThat(withoutAccessPoint).isNotNull();
        assertThat(withoutAccessPoint.path("Effect").asText()).isEqualTo("Deny");
        assertThat(withoutAccessPoint.at("/Principal/AWS").asText()).isEqualTo("*");
        assertThat(withoutAccessPoint.at("/Condition/Null/elasticfilesystem:AccessPointArn").asText()).isEqualTo("true");
        assertThat(SynthHarness.strings(withoutAccessPoint.path("Action"))).containsExactlyInAnyOrder("elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientWrite", "elasticfilesystem:ClientRootAccess");
    }

    @Test
    void theBackupPlanRunsDailyIntoAnEncryptedVaultAndSelectsByTag() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new BackupPlan(stack, "backup", new BackupPlanProps(
            "openhands-test", LOCATION, DATA_KEY, "cron(0 3 * * ? *)", 35,
            Optional.of("arn:aws:backup:eu-central-1:123456789012:backup-vault:dr"),
            new BackupPlanProps.SelectionTag("openhands:backup", "test"), true, Map.of()))));
        JsonNode vault = SynthHarness.onlyResource(doc, "aws_backup_vault");
        assertThat(vault.path("kms_key_arn").asText()).isEqualTo(KEY);
        assertThat(vault.at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        JsonNode rule = SynthHarness.onlyResource(doc, "aws_backup_plan").at("/rule/0");
        assertThat(rule.path("schedule").asText()).isEqualTo("cron(0 3 * * ? *)");
        assertThat(rule.at("/lifecycle/delete_after").asInt()).isEqualTo(35);
        assertThat(rule.at("/copy_action/0/destination_vault_arn").asText()).isEqualTo("arn:aws:backup:eu-central-1:123456789012:backup-vault:dr");
        JsonNode selection = SynthHarness.onlyResource(doc, "aws_backup_selection");
        assertThat(selection.at("/selection_tag/0/key").asText()).isEqualTo("openhands:backup");
        assertThat(selection.at("/selection_tag/0/value").asText()).isEqualTo("test");
        assertTrustedOnlyForThisAccount(SynthHarness.onlyResource(doc, "aws_iam_role"), "backup.amazonaws.com");
    }

    /** The service may assume the role only for this account's work (no confused deputy). */
    private static void assertTrustedOnlyForThisAccount(JsonNode role, String service) {
        JsonNode statement = SynthHarness.policy(role, "assume_role_policy").path("Statement").get(0);
        assertThat(statement.at("/Principal/Service").asText()).isEqualTo(service);
        assertThat(statement.at("/Condition/StringEqualsIfExists/aws:SourceAccount").asText()).isEqualTo("123456789012");
    }

    @Test
    void theProxySettingsBuilderNamesWhatIsMissingAndRefusesOutOfRange() {
        assertThatThrownBy(() -> ProxyConnectionSettings.builder().idleClientTimeoutSeconds(1800).build())
            .hasMessageContaining("missing connectionBorrowTimeoutSeconds, maxConnectionsPercent");
        assertThatThrownBy(() -> ProxyConnectionSettings.builder()
            .idleClientTimeoutSeconds(1800).connectionBorrowTimeoutSeconds(120).maxConnectionsPercent(0).build())
            .hasMessageContaining("maxConnectionsPercent must be 1..100");
    }
}
