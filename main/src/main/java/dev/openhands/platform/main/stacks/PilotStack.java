package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.EnvironmentConfig.Architecture;
import dev.openhands.platform.main.config.InstanceArchitecture;
import dev.openhands.platform.modules.compute.ContainerRegistry;
import dev.openhands.platform.modules.compute.ContainerRegistryProps;
import dev.openhands.platform.modules.compute.EgressMode;
import dev.openhands.platform.modules.compute.HostMachine;
import dev.openhands.platform.modules.compute.PilotHost;
import dev.openhands.platform.modules.compute.PilotHostProps;
import dev.openhands.platform.modules.compute.PilotUserData;
import dev.openhands.platform.modules.compute.PilotUserDataProps;
import dev.openhands.platform.modules.identity.AwsLocation;
import dev.openhands.platform.modules.identity.AwsPartition;
import dev.openhands.platform.modules.identity.BedrockModelAccess;
import dev.openhands.platform.modules.identity.PolicyDocument;
import dev.openhands.platform.modules.identity.PolicyDocument.Statement;
import dev.openhands.platform.modules.kms.CustomerManagedKey;
import dev.openhands.platform.modules.kms.CustomerManagedKeyProps;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.network.PrivateNetworkProps;
import dev.openhands.platform.modules.network.ServiceEndpoints;
import dev.openhands.platform.modules.network.ServiceEndpointsProps;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import dev.openhands.platform.modules.observability.LogSettings;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ec2-pilot environment: one OpenHands host in private subnets of its own VPC, reached through SSM, calling
 * Bedrock through an interface endpoint, with sandboxes confined on the host.
 */
public class PilotStack extends TerraformStack {

    /** Interface endpoints the pilot needs with no internet path: Bedrock, SSM, logs, STS and ECR. */
    public static final List<String> INTERFACE_SERVICES = List.of(
        "bedrock-runtime", "ssm", "ssmmessages", "ec2messages", "logs", "sts", "ecr.api", "ecr.dkr");

    static final String UBUNTU_AMI_PARAMETER = "/aws/service/canonical/ubuntu/server/24.04/stable/current/%s/hvm/ebs-gp3/ami-id";

    public PilotStack(Construct scope, EnvironmentConfig env) {
        super(scope, env.name());
        EnvironmentConfig.Pilot pilot = env.pilot()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ec2-pilot environment"));
        StackFoundation.applyToEnvironmentStack(this, env);

        String region = env.aws().region();
        String account = env.aws().accountId();
        AwsLocation location = new AwsLocation(account, region);
        String prefix = "openhands-" + env.name();
        Map<String, String> tags = Map.of();

        CustomerManagedKey logsKey = StackFoundation.logsKey(this, env);
        CustomerManagedKey storageKey = new CustomerManagedKey(this, "storage-key", new CustomerManagedKeyProps(
            prefix + "-storage", location, "OpenHands " + env.name() + ": EBS volumes and container images",
            List.of(), 30, tags));

        boolean internet = env.egress().mode() == EgressMode.ALLOWLIST;
        PrivateNetwork network = new PrivateNetwork(this, "network", new PrivateNetworkProps(
            prefix, location, env.network().vpcCidr(), env.network().availabilityZones(),
            env.network().privateSubnetCidrs(), internet, env.network().publicSubnetCidrs(),
            new LogSettings(logsKey, env.network().flowLogRetentionDays()), tags));

        List<String> modelArns = BedrockModelAccess.invokeResourceArns(env.bedrock().models(), region, account,
            env.bedrock().inferenceProfileRegions());
        PolicyDocument bedrockEndpointPolicy = BedrockModelAccess.endpointPolicy(modelArns, account);
        ServiceEndpoints endpoints = new ServiceEndpoints(this, "endpoints", new ServiceEndpointsProps(
            prefix, location, network, INTERFACE_SERVICES, Map.of("bedrock-runtime", bedrockEndpointPolicy),
            List.of(network.getPrivateRouteTableId()), Optional.of(s3GatewayPolicy(region, account)), false, tags));

        EncryptedLogGroup hostLogs = new EncryptedLogGroup(this, "host-logs", new EncryptedLogGroupProps(
            "/openhands/" + prefix + "/host", new LogSettings(logsKey, pilot.logRetentionDays()), tags));

        String appRepository = prefix + "/openhands";
        String runtimeRepository = prefix + "/runtime";
        new ContainerRegistry(this, "registry", new ContainerRegistryProps(
            List.of(appRepository, runtimeRepository), storageKey, 14, tags));
        String registryHost = ContainerRegistry.registryHost(location);
        String version = pilot.openhandsVersion();
        String appImage = registryHost + "/" + appRepository + ":" + version;
        String runtimeImage = registryHost + "/" + runtimeRepository + ":" + version + "-nikolaik";

        String userData = PilotUserData.render(PilotUserDataProps.builder()
            .location(location)
            .appImage(appImage)
            .runtimeImage(runtimeImage)
            .modelId(env.bedrock().defaultModel())
            .confirmationMode(pilot.confirmationMode())
            .logGroupName(hostLogs.getName())
            .provisioning(pilot.hostProvisioning())
            .egressMode(env.egress().mode())
            .allowedHosts(env.egress().allowedHosts())
            .build());

        Architecture architecture = InstanceArchitecture.of(pilot.instanceType()).orElseThrow();
        HostMachine.Builder machine = HostMachine.builder()
            .instanceType(pilot.instanceType())
            .rootVolumeGib(pilot.rootVolumeGib())
            .volumeKey(storageKey)
            .detailedMonitoring(pilot.detailedMonitoring())
            .userData(userData);
        pilot.ami().ifPresentOrElse(pinned -> machine.amiId(pinned.id()), () -> machine.amiSsmParameter(
            String.format(UBUNTU_AMI_PARAMETER, architecture == Architecture.ARM64 ? "arm64" : "amd64")));
        List<String> repositoryArns = List.of(location.arn("ecr", "repository/" + appRepository),
            location.arn("ecr", "repository/" + runtimeRepository));
        PilotHost host = new PilotHost(this, "host", new PilotHostProps(prefix, location, network, endpoints, internet,
            machine.build(), hostLogs, repositoryArns, modelArns, tags));

        TerraformOutput.Builder.create(this, "instance_id")
            .description("The OpenHands host")
            .value(host.getInstanceId())
            .build();
        TerraformOutput.Builder.create(this, "ui_port_forward_command")
            .description("Run on your workstation, then open http://localhost:" + PilotHost.UI_PORT)
            .value("aws ssm start-session --region " + region + " --target " + host.getInstanceId()
                + " --document-name AWS-StartPortForwardingSession"
                + " --parameters '{\"portNumber\":[\"" + PilotHost.UI_PORT + "\"],\"localPortNumber\":[\"" + PilotHost.UI_PORT + "\"]}'")
            .build();
        TerraformOutput.Builder.create(this, "log_group_name")
            .description("CloudWatch log group of the host (cloud-init, syslog, egress proxy)")
            .value(hostLogs.getName())
            .build();
        TerraformOutput.Builder.create(this, "image_repositories")
            .description("Push the OpenHands images here before the host boots (see docs/pilot-images.md)")
            .value(Map.of("app", appImage, "runtime", runtimeImage))
            .build();
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
