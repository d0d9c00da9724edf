package dev.openhands.platform.modules.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.iam.AwsLocation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateBucketTest {

    static final AwsLocation LOCATION = new AwsLocation("123456789012", "eu-west-1");
    static final StateBucketProps PROPS = new StateBucketProps("openhands-tfstate-123456789012", LOCATION,
        "openhands-tfstate-123456789012", 60, Map.of());

    @Test
    void theStateBucketIsLockedDown() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack -> new StateBucket(stack, "state", PROPS)));
        JsonNode bucket = SynthHarness.onlyResource(doc, "aws_s3_bucket");
        assertThat(bucket.path("bucket").asText()).isEqualTo("openhands-tfstate-123456789012");
        assertThat(bucket.at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(bucket.path("force_destroy").asBoolean()).isFalse();
        assertThat(SynthHarness.onlyResource(doc, "aws_kms_key").at("/lifecycle/prevent_destroy").asBoolean()).isTrue();
        assertThat(SynthHarness.onlyResource(doc, "aws_kms_key").path("enable_key_rotation").asBoolean()).isTrue();
        assertThat(SynthHarness.onlyResource(doc, "aws_kms_alias").path("name").asText()).isEqualTo("alias/openhands-tfstate-123456789012");
        assertThat(SynthHarness.onlyResource(doc, "aws_s3_bucket_versioning").at("/versioning_configuration/status").asText()).isEqualTo("Enabled");
        JsonNode sse = SynthHarness.onlyResource(doc, "aws_s3_bucket_server_side_encryption_configuration").at("/rule/0");
        assertThat(sse.at("/apply_server_side_encryption_by_default/sse_algorithm").asText()).isEqualTo("aws:kms");
        assertThat(sse.at("/apply_server_side_encryption_by_default/kms_master_key_id").asText()).startsWith("${aws_kms_key.");
        JsonNode pab = SynthHarness.onlyResource(doc, "aws_s3_bucket_public_access_block");
        for (String flag : List.of("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")) {
            assertThat(pab.path(flag).asBoolean()).as(flag).isTrue();
        }
        assertThat(SynthHarness.onlyResource(doc, "aws_s3_bucket_ownership_controls").at("/rule/object_ownership").asText())
            .isEqualTo("BucketOwnerEnforced");
        JsonNode lifecycle = SynthHarness.onlyResource(doc, "aws_s3_bucket_lifecycle_configuration").at("/rule/0");
        assertThat(lifecycle.at("/noncurrent_version_expiration/noncurrent_days").asInt()).isEqualTo(60);
        JsonNode policy = SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_s3_bucket_policy"), "policy");
        assertThat(policy.toString()).contains("\"Effect\":\"Deny\"").contains("\"aws:SecureTransport\":\"false\"")
            .contains("\"s3:TlsVersion\":\"1.2\"").contains("arn:aws:s3:::openhands-tfstate-123456789012/*");
    }

    @Test
    void theBackendUsesTheNativeLockFileAndAssumeRoleBlock() {
        App app = Testing.app();
        TerraformStack stack = new TerraformStack(app, "env");
        S3StateBackend.configure(stack, new S3StateBackendProps("b-123", "openhands/prod/terraform.tfstate", "eu-west-1",
            "arn:aws:kms:eu-west-1:123456789012:alias/b-123", Optional.of("arn:aws:iam::123456789012:role/state")));
        JsonNode backend = SynthHarness.parse(Testing.synth(stack)).at("/terraform/backend/s3");
        assertThat(backend.path("bucket").asText()).isEqualTo("b-123");
        assertThat(backend.path("key").asText()).isEqualTo("openhands/prod/terraform.tfstate");
        assertThat(backend.path("region").asText()).isEqualTo("eu-west-1");
        assertThat(backend.path("encrypt").asBoolean()).isTrue();
        assertThat(backend.path("kms_key_id").asText()).isEqualTo("arn:aws:kms:eu-west-1:123456789012:alias/b-123");
        assertThat(backend.path("use_lockfile").asBoolean()).isTrue();
        assertThat(backend.at("/assume_role/role_arn").asText()).isEqualTo("arn:aws:iam::123456789012:role/state");
        assertThat(backend.has("role_arn")).as("the removed top-level role_arn is never written").isFalse();
        assertThat(backend.has("dynamodb_table")).isFalse();
    }

    @Test
    void refusesBadInputs() {
        assertThatThrownBy(() -> new StateBucketProps("Bad_Bucket", LOCATION, "a", 60, Map.of()))
            .hasMessageContaining("bucket name");
        assertThatThrownBy(() -> new S3StateBackendProps("b-123", "/abs/x.tfstate", "eu-west-1",
            "arn:aws:kms:eu-west-1:123456789012:alias/b-123", Optional.empty()))
            .hasMessageContaining("relative object key");
    }
}
