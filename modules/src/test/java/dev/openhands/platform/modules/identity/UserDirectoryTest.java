package dev.openhands.platform.modules.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserDirectoryTest {

    private static UserDirectoryProps.Builder production() {
        return UserDirectoryProps.builder().name("openhands-prod").domainPrefix("openhands-prod-acme")
            .appDomains(List.of("openhands.acme.example", "agents.acme.example")).tags(Map.of("Environment", "prod"));
    }

    private static JsonNode synth(UserDirectoryProps props) {
        return SynthHarness.parse(SynthHarness.synth(stack -> new UserDirectory(stack, "users", props)));
    }

    @Test
    void theDefaultsAreTheProductionOnes() {
        JsonNode doc = synth(production().build());
        JsonNode pool = SynthHarness.onlyResource(doc, "aws_cognito_user_pool");
        assertThat(SynthHarness.strings(pool.path("username_attributes"))).containsExactly("email");
        JsonNode password = pool.path("password_policy");
        assertThat(password.path("minimum_length").asInt()).isEqualTo(12);
        for (String rule : List.of("require_lowercase", "require_uppercase", "require_numbers", "require_symbols")) {
            assertThat(password.path(rule).asBoolean()).as(rule).isTrue();
        }
        assertThat(pool.path("mfa_configuration").asText()).isEqualTo("ON");
        assertThat(pool.path("software_token_mfa_configuration").path("enabled").asBoolean()).isTrue();
        assertThat(pool.at("/account_recovery_setting/recovery_mechanism/0/name").asText()).isEqualTo("verified_email");
        assertThat(pool.at("/account_recovery_setting/recovery_mechanism").size()).isEqualTo(1);
        assertThat(pool.at("/admin_create_user_config/allow_admin_create_user_only").asBoolean()).isTrue();
        assertThat(pool.at("/user_pool_add_ons/advanced_security_mode").asText()).isEqualTo("ENFORCED");
        assertThat(pool.path("deletion_protection").asText()).isEqualTo("ACTIVE");
        assertThat(SynthHarness.onlyResource(doc, "aws_cognito_user_pool_domain").path("domain").asText()).isEqualTo("openhands-prod-acme");
    }

    @Test
    void theAppClientUsesTheCodeFlowWithACallbackForEveryDomain() {
        JsonNode client = SynthHarness.onlyResource(synth(production().build()), "aws_cognito_user_pool_client");
        assertThat(client.path("generate_secret").asBoolean()).isTrue();
        assertThat(SynthHarness.strings(client.path("allowed_oauth_flows"))).containsExactly("code");
        assertThat(SynthHarness.strings(client.path("allowed_oauth_scopes"))).containsExactly("openid", "email", "profile");
        assertThat(SynthHarness.strings(client.path("callback_urls"))).containsExactly(
            "https://openhands.acme.example/oauth2/idpresponse", "https://agents.acme.example/oauth2/idpresponse");
        assertThat(SynthHarness.strings(client.path("logout_urls"))).containsExactly(
            "https://openhands.acme.example/", "https://agents.acme.example/");
        assertThat(client.path("access_token_validity").asInt()).isEqualTo(60);
        assertThat(client.path("id_token_validity").asInt()).isEqualTo(60);
        assertThat(client.path("refresh_token_validity").asInt()).isEqualTo(30 * 24 * 60);
        assertThat(client.at("/token_validity_units/0/refresh_token").asText()).isEqualTo("minutes");
        assertThat(client.path("prevent_user_existence_errors").asText()).isEqualTo("ENABLED");
        assertThat(SynthHarness.strings(client.path("supported_identity_providers"))).containsExactly("COGNITO");
    }

    @Test
    void configurationTurnsOnWhatTheDefaultsKeepOff() {
        JsonNode doc = synth(production().mfa(MfaMode.OPTIONAL).threatProtection(ThreatProtection.AUDIT).selfSignUp(true)
            .deletionProtection(false).groups(List.of("admins", "users"))
            .tokens(new TokenLifetimes(Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofDays(7))).build());
        JsonNode pool = SynthHarness.onlyResource(doc, "aws_cognito_user_pool");
        assertThat(pool.path("mfa_configuration").asText()).isEqualTo("OPTIONAL");
        assertThat(pool.at("/user_pool_add_ons/advanced_security_mode").asText()).isEqualTo("AUDIT");
        assertThat(pool.at("/admin_create_user_config/allow_admin_create_user_only").asBoolean()).isFalse();
        assertThat(pool.path("deletion_protection").asText()).isEqualTo("INACTIVE");
        assertThat(SynthHarness.resources(doc, "aws_cognito_user_group")).extracting(g -> g.path("name").asText())
            .containsExactlyInAnyOrder("admins", "users");
        JsonNode client = SynthHarness.onlyResource(doc, "aws_cognito_user_pool_client");
        assertThat(client.path("access_token_validity").asInt()).isEqualTo(15);
        assertThat(client.path("refresh_token_validity").asInt()).isEqualTo(7 * 24 * 60);
        JsonNode off = SynthHarness.onlyResource(synth(production().mfa(MfaMode.OFF).build()), "aws_cognito_user_pool");
        assertThat(off.path("mfa_configuration").asText()).isEqualTo("OFF");
        assertThat(off.at("/software_token_mfa_configuration/enabled").asBoolean()).isFalse();
    }

    @Test
    void aSamlProviderByItsMetadataUrlJoinsTheSignInPage() {
        JsonNode doc = synth(production().federation(Optional.of(
            ExternalIdentityProvider.saml("AcmeEntra", "https://login.microsoftonline.example/acme/federationmetadata.xml"))).build());
        JsonNode idp = SynthHarness.onlyResource(doc, "aws_cognito_identity_provider");
        assertThat(idp.path("provider_type").asText()).isEqualTo("SAML");
        assertThat(idp.at("/provider_details/MetadataURL").asText()).isEqualTo("https://login.microsoftonline.example/acme/federationmetadata.xml");
        assertThat(idp.at("/attribute_mapping/email").asText()).contains("claims/emailaddress");
        JsonNode client = SynthHarness.onlyResource(doc, "aws_cognito_user_pool_client");
        assertThat(SynthHarness.strings(client.path("supported_identity_providers"))).containsExactly("COGNITO", "AcmeEntra");
        assertThat(SynthHarness.strings(client.path("depends_on"))).anyMatch(d -> d.startsWith("aws_cognito_identity_provider."));
    }

    @Test
    void anOidcProviderReadsItsClientSecretFromSecretsManagerNotTheConfiguration() {
        String secretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:openhands/okta-client-AbCdEf";
        String synthesized = SynthHarness.synth(stack -> new UserDirectory(stack, "users", production().federation(Optional.of(
            ExternalIdentityProvider.oidc("AcmeOkta", "https://acme.okta.example", "0oa1example", secretArn))).build()));
        JsonNode doc = SynthHarness.parse(synthesized);
        JsonNode idp = SynthHarness.onlyResource(doc, "aws_cognito_identity_provider");
        assertThat(idp.at("/provider_details/oidc_issuer").asText()).isEqualTo("https://acme.okta.example");
        assertThat(idp.at("/provider_details/client_secret").asText()).startsWith("${data.aws_secretsmanager_secret_version.");
        assertThat(doc.path("data").path("aws_secretsmanager_secret_version").elements().next().path("secret_id").asText())
            .isEqualTo(secretArn);
    }

    @Test
    void badInputIsRefusedWithWhatToFix() {
        assertRefused(b -> b.domainPrefix("OpenHands"), "sign-in domain prefix 'OpenHands' must be 1-63 lowercase");
        assertRefused(b -> b.domainPrefix("my-cognito-login"), "may not contain 'cognito'");
        assertRefused(b -> b.appDomains(List.of()), "at least one app domain");
        assertRefused(b -> b.appDomains(List.of("https://openhands.acme.example")), "is not a lowercase fully qualified domain name");
        assertRefused(b -> b.appDomains(List.of("a.example", "a.example")), "app domains repeat");
        assertRefused(b -> b.groups(List.of("two words")), "group name 'two words'");
        assertThatThrownBy(() -> new TokenLifetimes(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(30)))
            .hasMessageContaining("access token lifetime");
        assertThatThrownBy(() -> new TokenLifetimes(Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(4000)))
            .hasMessageContaining("refresh token lifetime");
        assertThatThrownBy(() -> ExternalIdentityProvider.saml("Acme", "http://idp.example/metadata"))
            .hasMessageContaining("must be https://");
        assertThatThrownBy(() -> ExternalIdentityProvider.oidc("Acme", "https://idp.example", "client", "not-an-arn"))
            .hasMessageContaining("is not a Secrets Manager secret ARN");
        assertThatThrownBy(() -> ExternalIdentityProvider.saml("COGNITO", "https://idp.example/metadata"))
            .hasMessageContaining("not COGNITO");
    }

    private static void assertRefused(Consumer<UserDirectoryProps.Builder> change, String message) {
        UserDirectoryProps.Builder builder = production();
        change.accept(builder);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
