package dev.openhands.platform.main.stacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled environments live in three accounts; each stack is bound to its own account, role and state. */
class MultiAccountTest {

    @TempDir
    static Path out;
    static List<EnvironmentConfig> environments;

    @BeforeAll
    static void synth() {
        environments = EnvironmentLoader.load(ProjectFiles.environments(), List.of());
        PlatformApp.synthesize(environments, out);
    }

    static JsonNode stack(String name) throws IOException {
        return new ObjectMapper().readTree(out.resolve("stacks").resolve(name).resolve("cdk.tf.json").toFile());
    }

    @Test
    void theBundledEnvironmentsSpanThreeAccounts() {
        assertThat(environments).extracting(e -> e.aws().accountId()).containsExactlyInAnyOrder(
            "123456789012", "210987654321", "345678901234", "123456789012");
        assertThat(out.resolve("stacks").toFile().list()).containsExactlyInAnyOrder("pilot", "pilot-isolated", "prod", "staging",
            "state-openhands-tfstate-123456789012", "state-openhands-tfstate-210987654321", "state-openhands-tfstate-345678901234");
    }

    @Test
    void eachEnvironmentStackIsBoundToItsAccountRoleAndState() throws IOException {
        JsonNode isolated = stack("pilot-isolated");
        assertThat(isolated.at("/provider/aws/0/allowed_account_ids").toString()).isEqualTo("[\"210987654321\"]");
        assertThat(isolated.at("/provider/aws/0/region").asText()).isEqualTo("eu-central-1");
        assertThat(isolated.at("/provider/aws/0/assume_role/0/role_arn").asText()).isEqualTo("arn:aws:iam::210987654321:role/openhands-deploy");
        JsonNode backend = isolated.at("/terraform/backend/s3");
        assertThat(backend.path("bucket").asText()).isEqualTo("openhands-tfstate-210987654321");
        assertThat(backend.path("key").asText()).isEqualTo("openhands/pilot-isolated/terraform.tfstate");
        assertThat(backend.path("region").asText()).isEqualTo("eu-central-1");
        assertThat(backend.path("use_lockfile").asBoolean()).isTrue();
        assertThat(backend.path("encrypt").asBoolean()).isTrue();
        assertThat(backend.path("kms_key_id").asText()).isEqualTo("arn:aws:kms:eu-central-1:210987654321:alias/openhands-tfstate-210987654321");
        assertThat(backend.at("/assume_role/role_arn").asText()).isEqualTo("arn:aws:iam::210987654321:role/openhands-state");

        JsonNode pilot = stack("pilot");
        assertThat(pilot.at("/provider/aws/0/allowed_account_ids").toString()).isEqualTo("[\"123456789012\"]");
        assertThat(pilot.at("/provider/aws/0/assume_role").isMissingNode()).isTrue();
        assertThat(pilot.at("/terraform/backend/s3/bucket").asText()).isEqualTo("openhands-tfstate-123456789012");
        assertThat(pilot.at("/terraform/backend/s3/assume_role").isMissingNode()).isTrue();
        assertThat(pilot.toString()).doesNotContain("210987654321").doesNotContain("345678901234");
        assertThat(isolated.toString()).doesNotContain("123456789012");
    }

    @Test
    void theBootstrapStackKeepsLocalStateAndTheSameAccountGuard() throws IOException {
        JsonNode bootstrap = stack("state-openhands-tfstate-210987654321");
        assertThat(bootstrap.at("/terraform/backend/local").isObject()).isTrue();
        assertThat(bootstrap.at("/provider/aws/0/allowed_account_ids").toString()).isEqualTo("[\"210987654321\"]");
        assertThat(bootstrap.at("/provider/aws/0/assume_role/0/role_arn").asText()).isEqualTo("arn:aws:iam::210987654321:role/openhands-deploy");
        JsonNode lifecycle = bootstrap.at("/resource/aws_s3_bucket_lifecycle_configuration");
        assertThat(lifecycle.elements().next().at("/rule/0/noncurrent_version_expiration/noncurrent_days").asInt()).isEqualTo(180);
        assertThat(bootstrap.at("/resource/aws_kms_alias").elements().next().path("name").asText())
            .isEqualTo("alias/openhands-tfstate-210987654321");
    }
}
