package dev.openhands.platform.main.terraform;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.providers.aws.provider.AwsProvider;
import dev.openhands.platform.main.stacks.StackFoundation;
import dev.openhands.platform.modules.edge.OriginLoadBalancer;
import dev.openhands.platform.modules.edge.OriginLoadBalancerProps;
import dev.openhands.platform.modules.edge.OriginSecret;
import dev.openhands.platform.modules.edge.OriginSecretProps;
import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.kms.EncryptionKey;
import dev.openhands.platform.modules.observability.AlarmTopic;
import dev.openhands.platform.modules.observability.AlarmTopicProps;
import dev.openhands.platform.modules.observability.BedrockUsageAlarms;
import dev.openhands.platform.modules.observability.BedrockUsageAlarmsProps;
import dev.openhands.platform.modules.observability.CostBudget;
import dev.openhands.platform.modules.observability.CostBudgetProps;
import dev.openhands.platform.modules.observability.DailyTokenBudget;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.network.GatewayEndpoints;
import dev.openhands.platform.modules.network.InterfaceEndpoint;
import dev.openhands.platform.modules.network.NetworkPlacement;
import dev.openhands.platform.modules.network.VpcEndpoints;
import dev.openhands.platform.modules.sandbox.LoadBalancerAttachment;
import dev.openhands.platform.modules.sandbox.SandboxInternalEntry;
import dev.openhands.platform.modules.sandbox.SandboxInternalEntryProps;
import dev.openhands.platform.modules.sandbox.SandboxRouter;
import dev.openhands.platform.modules.sandbox.SandboxRouterConfig;
import dev.openhands.platform.modules.sandbox.SandboxRouterProps;
import dev.openhands.platform.modules.sandbox.LambdaArtifact;
import dev.openhands.platform.modules.identity.ExternalIdentityProvider;
import dev.openhands.platform.modules.identity.UserDirectory;
import dev.openhands.platform.modules.identity.UserDirectoryProps;
import dev.openhands.platform.modules.identity.UserSignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Terraform, with the real AWS provider, accepts the constructs of modules that no bundled environment uses yet
 * (the bundled stacks are validated by {@code TerraformValidateTest}): every attribute name and value shape they
 * write is one the provider knows.
 */
class UnwiredModulesValidateTest {

    @Test
    void theUserDirectoryValidatesWithBothKindsOfFederation(@TempDir Path dir) throws Exception {
        validates(dir, stack -> {
            new UserDirectory(stack, "saml", UserDirectoryProps.builder().name("openhands-a").domainPrefix("openhands-a-acme")
                .appDomains(List.of("openhands.acme.example")).groups(List.of("admins"))
                .federation(Optional.of(ExternalIdentityProvider.saml("AcmeEntra", "https://idp.acme.example/metadata.xml"))).build());
            new UserDirectory(stack, "oidc", UserDirectoryProps.builder().name("openhands-b").domainPrefix("openhands-b-acme")
                .appDomains(List.of("agents.acme.example")).federation(Optional.of(ExternalIdentityProvider.oidc("AcmeOkta",
                    "https://acme.okta.example", "0oa1example", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:okta-AbCdEf")))
                .build());
        });
    }

    @Test
    void theCostControlsValidate(@TempDir Path dir) throws Exception {
        validates(dir, stack -> {
            AwsLocation here = new AwsLocation("123456789012", "eu-west-1");
            AlarmTopic topic = new AlarmTopic(stack, "alarms", new AlarmTopicProps("openhands-x-alarms",
                EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"), here,
                List.of("oncall@acme.example"), Map.of()));
            new CostBudget(stack, "budget", new CostBudgetProps("openhands-x-monthly", new BigDecimal("120"),
                new CostBudgetProps.Tag("Environment", "x"), Optional.of(topic.getArn()), List.of("finance@acme.example")));
            new BedrockUsageAlarms(stack, "bedrock", new BedrockUsageAlarmsProps("openhands-x",
                List.of("eu.anthropic.claude-sonnet-4-20250514-v1:0"),
                DailyTokenBudget.builder().input(1_000_000).output(100_000).build(), topic.getArn()));
        });
    }

    @Test
    void theSandboxRouterAndItsInternalEntryValidate(@TempDir Path dir) throws Exception {
        validates(dir, stack -> {
            AwsLocation here = new AwsLocation("123456789012", "eu-west-1");
            NetworkPlacement network = NetworkPlacement.of("vpc-0123456789abcdef0", "10.40.0.0/16", List.of("subnet-0a", "subnet-0b"));
            SandboxRouterConfig routes = SandboxRouterConfig.inVpc("sbx.openhands.acme.example", "sandboxes.openhands-x.internal", 60000,
                List.of("X-Origin-Verify"));
            SandboxInternalEntry entry = new SandboxInternalEntry(stack, "entry", new SandboxInternalEntryProps("openhands-x", network,
                "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555", routes, true, Map.of()));
            VpcEndpoints endpoints = VpcEndpoints.of(GatewayEndpoints.of("pl-0s3", "pl-0ddb"), List.of("ecr.api", "ecr.dkr", "logs").stream()
                .map(service -> new InterfaceEndpoint(service, "vpce-0" + service.replace(".", ""), "sg-0" + service.replace(".", ""))).toList());
            new SandboxRouter(stack, "router", new SandboxRouterProps("openhands-x", here, network, routes,
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/openhands/nginx:1.27",
                new SandboxRouterProps.Tasks(2, dev.openhands.platform.modules.ecs.FargateCapacity.SPOT),
                List.of(new LoadBalancerAttachment("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/openhands-x-sbx/0123456789abcdef",
                    "sg-0alb"), entry.getRouterAttachment()), "sg-0sandbox", endpoints,
                new LogSettings(EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555"), 90), Map.of()));
        });
    }

    /**
     * The origin load balancer with its access log bucket and guarded rules (uuid() placeholders, ignored conditions,
     * replace triggers) and the origin secret with its rotation function, invocation and settle schedule.
     */
    @Test
    void theOriginLoadBalancerAndItsSecretValidate(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("orchestrator.jar"), "bytes to hash");
        validates(dir, stack -> {
            AwsLocation here = new AwsLocation("123456789012", "eu-west-1");
            OriginLoadBalancer alb = new OriginLoadBalancer(stack, "origin", OriginLoadBalancerProps.builder().name("openhands-x")
                .location(here)
                .subnets(new OriginLoadBalancerProps.Subnets("vpc-0123", List.of("subnet-a", "subnet-b")))
                .certificateArn("arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555")
                .routes(new OriginLoadBalancerProps.Routes(List.of("openhands.acme.example"), "sbx.openhands.acme.example", 3000, "/health"))
                .signIn(UserSignIn.of("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123", "client", "openhands-x-acme"))
                .targets(List.of(new OriginLoadBalancerProps.TargetAccess("sg-0app", 3000), new OriginLoadBalancerProps.TargetAccess("sg-0router", 8080)))
                .accessLogs(new OriginLoadBalancerProps.AccessLogs("openhands-x-123456789012-alb-logs", 90))
                .build());
            EncryptionKey key = EncryptionKey.ofArn("arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555");
            new OriginSecret(stack, "origin-secret", new OriginSecretProps("openhands-x", here, key, new LogSettings(key, 90),
                LambdaArtifact.of(jar), 1, alb, List.of("E2EXAMPLE12345"), OriginSecretProps.DEFAULT_GRACE, Map.of()));
        });
    }

    private static void validates(Path dir, Consumer<TerraformStack> body) throws Exception {
        App app = new App(AppConfig.builder().outdir(dir.resolve("cdktf.out").toString()).build());
        TerraformStack stack = new TerraformStack(app, "unwired");
        AwsProvider.Builder.create(stack, "aws").region("eu-west-1").build();
        stack.addOverride("terraform.required_providers.aws.version", StackFoundation.AWS_PROVIDER_CONSTRAINT);
        body.accept(stack);
        app.synth();

        TerraformCli terraform = TerraformCli.locate();
        Path stackDir = dir.resolve("cdktf.out/stacks/unwired");
        TerraformCli.Result init = terraform.run(stackDir, Duration.ofMinutes(5), Map.of(), "init", "-backend=false", "-input=false", "-no-color");
        assertThat(init.exitCode()).as(init.combined()).isZero();
        TerraformCli.Result validate = terraform.run(stackDir, Duration.ofMinutes(5), Map.of(), "validate", "-no-color");
        assertThat(validate.exitCode()).as(validate.combined()).isZero();
        assertThat(validate.combined()).contains("The configuration is valid").doesNotContain("Warning");
    }
}
