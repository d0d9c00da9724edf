package dev.openhands.platform.modules.guardrails;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.Aspects;
import com.hashicorp.cdktf.Testing;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.instance.Instance;
import com.hashicorp.cdktf.providers.aws.instance.InstanceMetadataOptions;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import com.hashicorp.cdktf.providers.aws.vpc_endpoint.VpcEndpoint;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import org.junit.jupiter.api.Test;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardrailsTest {

    private static Guardrails check(java.util.function.Consumer<TerraformStack> body) {
        App app = Testing.app();
        TerraformStack stack = new TerraformStack(app, "test");
        AwsProvider.Builder.create(stack, "aws").region("eu-west-1").build();
        body.accept(stack);
        // The finished stack's configuration in one request, before synth.
        Guardrails whole = Guardrails.secureDefaults();
        whole.check(stack);
        // As a cdktf aspect, each resource visited at synth: the same findings, suppressed or not (order aside).
        Guardrails visiting = Guardrails.secureDefaults();
        Aspects.of(stack).add(visiting);
        // A full synth writes cdk.tf.json as the platform's synth does (Testing.synth leaves out each resource's path).
        java.nio.file.Path written = java.nio.file.Path.of(Testing.fullSynth(stack), "stacks", "test", "cdk.tf.json");
        assertThat(whole.findings()).containsExactlyInAnyOrderElementsOf(visiting.findings());
        assertThat(whole.suppressedFindings()).containsExactlyInAnyOrderElementsOf(visiting.suppressedFindings());
        // From the written file, as the platform's synth checks its staged output: the same again.
        Guardrails fromFile = Guardrails.secureDefaults();
        try {
            fromFile.checkSynthesized(new ObjectMapper().readValue(written.toFile(), Object.class), () -> stack);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(fromFile.findings()).containsExactlyInAnyOrderElementsOf(visiting.findings());
        assertThat(fromFile.suppressedFindings()).containsExactlyInAnyOrderElementsOf(visiting.suppressedFindings());
        return whole;
    }

    private static void insecureResources(Construct scope) {
        Instance.Builder.create(scope, "open-instance").ami("ami-12345678").instanceType("t4g.small")
            .associatePublicIpAddress(true)
            .metadataOptions(InstanceMetadataOptions.builder().httpTokens("optional").build()).build();
        VpcSecurityGroupIngressRule.Builder.create(scope, "world").securityGroupId("sg-1").ipProtocol("tcp")
            .fromPort(22).toPort(22).cidrIpv4("0.0.0.0/0").build();
        IamRolePolicy.Builder.create(scope, "admin").role("r").name("p")
            .policy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"All\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}")
            .build();
        CloudwatchLogGroup.Builder.create(scope, "plain-logs").name("/x").build();
        KmsKey.Builder.create(scope, "static-key").description("k").build();
    }

    @Test
    void privilegedTasksAndUnrecoverableTablesAreFound() {
        Guardrails guardrails = check(scope -> {
            com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition.Builder.create(scope, "privileged")
                .family("f").networkMode("bridge")
                .containerDefinitions("[{\"name\":\"agent\",\"image\":\"x\",\"privileged\":true}]").build();
            com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTable.Builder.create(scope, "plain-table")
                .name("t").hashKey("id").billingMode("PAY_PER_REQUEST")
                .attribute(java.util.List.of(com.hashicorp.cdktf.providers.aws.dynamodb_table.DynamodbTableAttribute.builder()
                    .name("id").type("S").build())).build();
        });
        assertThat(guardrails.findings()).extracting(Finding::ruleId).containsExactlyInAnyOrder("OH-ECS1", "OH-ECS1", "OH-DDB1", "OH-DDB1");
        assertThat(guardrails.findings()).extracting(Finding::message).contains("network_mode is not awsvpc", "container agent is privileged",
            "point_in_time_recovery is not enabled");
    }

    @Test
    void insecureResourcesAreFoundByRuleId() {
        Guardrails guardrails = check(GuardrailsTest::insecureResources);
        assertThat(guardrails.findings()).extracting(Finding::ruleId).containsExactlyInAnyOrder(
            "OH-EC2-1", "OH-EC2-2", "OH-EC2-3", "OH-SG1", "OH-IAM1", "OH-LOG1", "OH-LOG1", "OH-KMS1");
        assertThat(guardrails.findings()).filteredOn(f -> f.ruleId().equals("OH-IAM1")).singleElement()
            .satisfies(f -> {
                assertThat(f.resourcePath()).isEqualTo("test/admin");
                assertThat(f.message()).contains("'s3:*'");
            });
    }

    @Test
    void everyEndpointCarriesAPolicyThatNamesItsResourcesOrPinsBothAccounts() {
        String perimeter = dev.openhands.platform.modules.iam.EndpointPolicies.perimeter("123456789012").toJson();
        String anyone = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Anyone\",\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"logs:PutLogEvents\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}}]}";
        String named = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Layers\",\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*\"}]}";
        Guardrails guardrails = check(stack -> {
            VpcEndpoint.Builder.create(stack, "default").vpcId("vpc-1").serviceName("com.amazonaws.eu-west-1.logs").build();
            VpcEndpoint.Builder.create(stack, "principal-only").vpcId("vpc-1").serviceName("com.amazonaws.eu-west-1.logs").policy(anyone).build();
            VpcEndpoint.Builder.create(stack, "perimeter").vpcId("vpc-1").serviceName("com.amazonaws.eu-west-1.ssm").policy(perimeter).build();
            VpcEndpoint.Builder.create(stack, "named").vpcId("vpc-1").serviceName("com.amazonaws.eu-west-1.s3").policy(named).build();
            IamRolePolicy.Builder.create(stack, "perimeter-as-identity-policy").role("r").name("p").policy(perimeter).build();
        });
        assertThat(guardrails.findings()).extracting(f -> f.ruleId() + " " + f.resourcePath()).containsExactlyInAnyOrder(
            "OH-VPCE1 test/default", "OH-VPCE1 test/principal-only", "OH-IAM1 test/perimeter-as-identity-policy");
        assertThat(guardrails.findings()).filteredOn(f -> f.resourcePath().equals("test/default")).singleElement()
            .satisfies(f -> assertThat(f.message()).contains("no policy"));
    }

    @Test
    void theProjectsOwnConstructsComply() {
        Guardrails guardrails = check(stack -> new CustomerManagedKey(stack, "key", new CustomerManagedKeyProps("alias-x",
            new AwsLocation("123456789012", "eu-west-1"), "test", List.of(CustomerManagedKey.cloudWatchLogsGrant("eu-west-1", "arn:aws:logs:*")),
            30, Map.of())));
        assertThat(guardrails.findings()).isEmpty();
    }

    @Test
    void aSuppressionWithAReasonExemptsASubtree() {
        Guardrails guardrails = check(stack -> {
            Construct legacy = new Construct(stack, "legacy");
            insecureResources(legacy);
            Suppression.apply(legacy, "OH-SG1", "bastion kept for the migration window, removed in the next release");
        });
        assertThat(guardrails.findings()).extracting(Finding::ruleId).doesNotContain("OH-SG1").contains("OH-IAM1");
        assertThat(guardrails.suppressedFindings()).extracting(Finding::ruleId).containsExactly("OH-SG1");
        assertThatThrownBy(() -> Suppression.apply(new Construct(Testing.app(), "x"), "OH-SG1", "because"))
            .hasMessageContaining("needs a reason");
    }

    @Test
    void theResourceTypeComesFromTheBindingsConstantAndFromTheResourceForPlainResources() {
        App app = Testing.app();
        TerraformStack stack = new TerraformStack(app, "types");
        KmsKey key = KmsKey.Builder.create(stack, "key").description("k").build();
        com.hashicorp.cdktf.TerraformResource plain = new com.hashicorp.cdktf.TerraformResource(stack, "plain",
            com.hashicorp.cdktf.TerraformResourceConfig.builder().terraformResourceType("aws_budgets_budget").build());

        assertThat(Guardrails.typeOf(key)).isEqualTo("aws_kms_key").isEqualTo(key.getTerraformResourceType());
        assertThat(Guardrails.typeOf(plain)).isEqualTo("aws_budgets_budget");
    }
}
