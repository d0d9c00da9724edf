package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.tiers.EnvironmentScope;
import dev.openhands.platform.main.tiers.AlertingTier;
import dev.openhands.platform.main.tiers.KeysTier;
import dev.openhands.platform.main.tiers.NetworkTier;
import dev.openhands.platform.main.tiers.OfficeHoursTier;
import dev.openhands.platform.main.tiers.PilotHostTier;
import dev.openhands.platform.modules.compute.EgressMode;
import dev.openhands.platform.modules.compute.PilotHost;
import dev.openhands.platform.modules.iam.EndpointPolicies;
import software.constructs.Construct;

import java.util.List;

/**
 * The ec2-pilot environment: one OpenHands host in private subnets of its own VPC, reached through SSM, calling
 * Bedrock through an interface endpoint, with sandboxes confined on the host.
 */
public class PilotStack extends TerraformStack {

    /**
     * Interface endpoints the pilot needs: with no internet path the host's (Bedrock, SSM, logs, STS and ECR); with a
     * NAT path only Bedrock's ({@link PilotHost#endpointServices}).
     */
    public static List<String> interfaceServices(EnvironmentConfig env) {
        return PilotHost.endpointServices(env.egress().mode() == EgressMode.ALLOWLIST);
    }

    public PilotStack(Construct scope, EnvironmentConfig env) {
        super(scope, env.name());
        EnvironmentConfig.Pilot pilot = env.pilot()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ec2-pilot environment"));
        StackFoundation.applyToEnvironmentStack(this, env);
        EnvironmentScope here = new EnvironmentScope(this, env);

        KeysTier keys = KeysTier.forPilot(here);
        NetworkTier network = new NetworkTier(here, keys, interfaceServices(env), awsOwnedBucketsTheHostReads(env.aws().region()), false);
        PilotHostTier host = new PilotHostTier(here, pilot, keys, network);
        OfficeHoursTier.pilot(here, host, keys);
        new AlertingTier(here, keys);
    }

    /**
     * AWS-owned buckets the host downloads from through the S3 gateway without credentials: ECR's layer bucket (named
     * here too because with a NAT path there is no ecr.dkr endpoint to bring it, yet the layers still travel through the
     * gateway, which the private route table prefers), the CloudWatch agent package (hostProvisioning {@code packages})
     * and the SSM agent's updates and plugins. The gateway's policy admits reads of exactly these, and otherwise only
     * this account's principals on its buckets.
     */
    static List<String> awsOwnedBucketsTheHostReads(String region) {
        return List.of(EndpointPolicies.ecrLayerBucket(region), "amazoncloudwatch-agent-" + region,
            "aws-ssm-" + region, "amazon-ssm-" + region, "amazon-ssm-packages-" + region,
            region + "-birdwatcher-prod", "aws-ssm-document-attachments-" + region, "patch-baseline-snapshot-" + region);
    }
}
