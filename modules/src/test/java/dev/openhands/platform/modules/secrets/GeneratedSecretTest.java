package dev.openhands.platform.modules.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The secret whose generated value stays out of plan, configuration and state, shared by the app and the orchestrator. */
class GeneratedSecretTest {

    private static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private static GeneratedSecretProps props(String generatorPrefix, int length, int version) {
        return GeneratedSecretProps.builder().name("openhands-prod/app-jwt-secret").description("signs sessions").kmsKeyArn(KEY)
            .generatorName(generatorPrefix, "prod").length(length).version(version).tags(Map.of("Environment", "prod")).build();
    }

    @Test
    void theValueIsGeneratedEphemerallyAndWrittenWriteOnlyUnderTheCallersAddresses() {
        String synth = SynthHarness.synth(stack -> new GeneratedSecret(stack, "jwt-secret", props("app_jwt_secret_", 64, 3)));
        JsonNode doc = SynthHarness.parse(synth);
        JsonNode secret = SynthHarness.onlyResource(doc, "aws_secretsmanager_secret");
        assertThat(secret.path("name").asText()).isEqualTo("openhands-prod/app-jwt-secret");
        assertThat(secret.path("kms_key_id").asText()).isEqualTo(KEY);
        assertThat(secret.path("recovery_window_in_days").asInt()).isEqualTo(7);
        JsonNode generator = doc.at("/ephemeral/aws_secretsmanager_random_password/app_jwt_secret_prod");
        assertThat(generator.path("password_length").asInt()).isEqualTo(64);
        assertThat(generator.path("exclude_punctuation").asBoolean()).isTrue();
        JsonNode version = SynthHarness.onlyResource(doc, "aws_secretsmanager_secret_version");
        assertThat(version.path("secret_string_wo").asText())
            .isEqualTo("${ephemeral.aws_secretsmanager_random_password.app_jwt_secret_prod.random_password}");
        assertThat(version.path("secret_string_wo_version").asInt()).isEqualTo(3);
        assertThat(version.has("secret_string")).as("never a readable value in configuration or state").isFalse();
        // No construct level of its own: the addresses are the caller's ids, so adopting it replaces no secret.
        assertThat(doc.at("/resource/aws_secretsmanager_secret").fieldNames().next()).isEqualTo("jwt-secret");
        assertThat(doc.at("/resource/aws_secretsmanager_secret_version").fieldNames().next()).isEqualTo("jwt-secret-initial");
    }

    @Test
    void badPropsAreRefusedNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> props("9app", 64, 1)).hasMessageContaining("generatorName '9appprod'")
            .hasMessageContaining("letters, digits and underscores");
        assertThatThrownBy(() -> props("g", 16, 1)).hasMessageContaining("length 16").hasMessageContaining("32-4096");
        assertThatThrownBy(() -> props("g", 48, 0)).hasMessageContaining("version 0").hasMessageContaining("1 or more");
        assertThat(GeneratedSecretProps.builder().name("n").description("d").kmsKeyArn(KEY).generatorName("sandbox_api_key_", "openhands-prod")
            .length(48).build().generatorName()).isEqualTo("sandbox_api_key_openhands_prod");
    }
}
