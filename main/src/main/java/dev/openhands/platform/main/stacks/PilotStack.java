package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.tiers.EnvironmentScope;
import dev.openhands.platform.main.tiers.AlertingTier;
import dev.openhands.platform.main.tiers.KeysTier;
import dev.openhands.platform.main.tiers.NetworkTier;
import dev.openhands.platform.main.tiers.PilotHostTier;
import dev.openhands.platform.modules.identity.AwsPartition;
import dev.openhands.platform.modules.identity.PolicyDocument;
import dev.openhands.platform.modules.identity.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.List;
import java.util.Optional;

/**
 * The ec2-pilot environment: one OpenHands host in private subnets of its own VPC, reached through SSM, calling
 * Bedrock through an interface endpoint, with sandboxes confined on the host.
 */
public class PilotStack extends TerraformStack {

    /** Interface endpoints the pilot needs with no internet path: Bedrock, SSM, logs, STS and ECR. */
    public static final List<String> INTERFACE_SERVICES = List.of(
        "bedrock-runtime", "ssm", "ssmmessages", "ec2messages", "logs", "sts", "ecr.api", "ecr.dkr");

    public PilotStack(Construct scope, EnvironmentConfig env) {
        super(scope, env.name());
        EnvironmentConfig.Pilot pilot = env.pilot()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ec2-pilot environment"));
        StackFoundation.applyToEnvironmentStack(this, env);
        EnvironmentScope here = new EnvironmentScope(this, env);

        KeysTier keys = KeysTier.forPilot(here);
        NetworkTier network = new NetworkTier(here, keys, INTERFACE_SERVICES,
            Optional.of(s3GatewayPolicy(env.aws().region(), env.aws().accountId())), false);
        new PilotHostTier(here, pilot, keys, network);
        new AlertingTier(here, keys);
    }

    /**
     * The S3 gateway endpoint admits reads from the AWS-owned buckets the host needs (ECR image layers, the
     * CloudWatch agent, SSM agent resources) and nothing else: a sandbox cannot use it to reach other buckets.
     */
    static PolicyDocument s3GatewayPolicy(String region, String account) {
        String s3 = "arn:" + AwsPartition.of(region) + ":s3:::";
        List<String> buckets = List.of(
            "prod-" + region + "-starport-layer-bucket",
            "amazoncloudwatch-agent-" + region,
            "aws-ssm-" + region, "amazon-ssm-" + region, "amazon-ssm-packages-" + region,
            region + "-birdwatcher-prod", "aws-ssm-document-attachments-" + region, "patch-baseline-snapshot-" + region);
        return PolicyDocument.of(Statement.allow("ReadAwsOwnedBucketsTheHostNeeds", List.of("s3:GetObject"),
                buckets.stream().map(b -> s3 + b + "/*").toList())
            .withPrincipal("*", List.of("*"))
            .withCondition("StringEquals", "aws:PrincipalAccount", List.of(account)));
    }
}
