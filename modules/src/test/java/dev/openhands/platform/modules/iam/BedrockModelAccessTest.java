package dev.openhands.platform.modules.iam;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BedrockModelAccessTest {

    @Test
    void aFoundationModelNeedsOnlyItsOwnArn() {
        assertThat(BedrockModelAccess.invokeResourceArns(List.of("anthropic.claude-3-5-haiku-20241022-v1:0"), "us-east-1",
            "123456789012", Map.of()))
            .containsExactly("arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0");
    }

    @Test
    void aGeographicProfileNeedsTheProfileAndEveryDestinationModel() {
        List<String> arns = BedrockModelAccess.invokeResourceArns(List.of("eu.anthropic.claude-sonnet-4-20250514-v1:0"),
            "eu-west-1", "123456789012", Map.of());
        assertThat(arns.get(0)).isEqualTo("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(arns).contains(
            "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
            "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
            "arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0");
        assertThat(arns).allSatisfy(arn -> assertThat(arn).doesNotContain("*"));
        assertThat(arns).doesNotHaveDuplicates();
    }

    @Test
    void profileRegionsCanBeOverridden() {
        List<String> arns = BedrockModelAccess.invokeResourceArns(List.of("us.amazon.nova-pro-v1:0"), "us-east-1",
            "123456789012", Map.of("us", List.of("us-east-1", "us-west-2")));
        assertThat(arns).containsExactly(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-pro-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0",
            "arn:aws:bedrock:us-west-2::foundation-model/amazon.nova-pro-v1:0");
    }

    @Test
    void aGlobalProfileUsesTheRegionlessModelArn() {
        assertThat(BedrockModelAccess.invokeResourceArns(List.of("global.anthropic.claude-sonnet-4-5-20250929-v1:0"),
            "eu-west-1", "123456789012", Map.of()))
            .containsExactly("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0",
                "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0");
    }

    @Test
    void refusesWhatIsNotAModelId() {
        assertThatThrownBy(() -> BedrockModelAccess.parse("claude")).hasMessageContaining("not a Bedrock model id");
        assertThatThrownBy(() -> BedrockModelAccess.parse("arn:aws:bedrock:us-east-1::foundation-model/x.y")).hasMessageContaining("is an ARN");
        assertThatThrownBy(() -> BedrockModelAccess.parse("Anthropic.Claude")).hasMessageContaining("not a Bedrock model id");
        assertThatThrownBy(() -> BedrockModelAccess.parse("anthropic.claude-v2 ")).hasMessageContaining("not a Bedrock model id");
        assertThatThrownBy(() -> BedrockModelAccess.parse("")).hasMessageContaining("empty");
        assertThat(BedrockModelAccess.parse("anthropic.claude-3-haiku-20240307-v1:0:200k").isInferenceProfile()).isFalse();
        assertThat(BedrockModelAccess.parse("apac.anthropic.claude-3-5-sonnet-20240620-v1:0").profilePrefix()).isEqualTo("apac");
    }

    @Test
    void credentialsInvokeOnlyThroughTheEndpointAndRoutedProfileCallsStayAllowed() {
        List<PolicyDocument.Statement> denies = BedrockModelAccess.onlyThroughEndpoint("aws", "vpce-0abc");
        assertThat(denies).allSatisfy(d -> {
            assertThat(d.effect()).isEqualTo("Deny");
            assertThat(d.actions()).containsExactlyElementsOf(BedrockModelAccess.INVOKE_ACTIONS);
            assertThat(d.conditions().get("StringNotEquals")).containsEntry("aws:SourceVpce", List.of("vpce-0abc"));
        });
        assertThat(denies.get(0).resources()).containsExactly("arn:aws:bedrock:*:*:inference-profile/*",
            "arn:aws:bedrock:*:*:application-inference-profile/*");
        assertThat(denies.get(0).conditions()).doesNotContainKey("Null");
        // A foundation model is denied off the endpoint only when called directly: the destination-region check of a
        // profile's routed call carries bedrock:InferenceProfileArn and may lack aws:SourceVpce.
        assertThat(denies.get(1).resources()).containsExactly("arn:aws:bedrock:*::foundation-model/*");
        assertThat(denies.get(1).conditions().get("Null")).containsEntry("bedrock:InferenceProfileArn", List.of("true"));
    }
}
