package dev.openhands.platform.main.tiers;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.config.InstanceArchitecture;
import dev.openhands.platform.modules.compute.ContainerRegistry;
import dev.openhands.platform.modules.compute.ContainerRegistryProps;
import dev.openhands.platform.modules.compute.HostMachine;
import dev.openhands.platform.modules.compute.PilotHost;
import dev.openhands.platform.modules.compute.PilotHostProps;
import dev.openhands.platform.modules.compute.PilotUserData;
import dev.openhands.platform.modules.compute.PilotUserDataProps;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import dev.openhands.platform.modules.observability.LogSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pilot's host (its {@code pilot} section): the ECR repositories its images are mirrored into, its log group, the
 * rendered cloud-init document, and the locked-down instance itself.
 */
public final class PilotHostTier {

    static final String UBUNTU_AMI_PARAMETER = "/aws/service/canonical/ubuntu/server/24.04/stable/current/%s/hvm/ebs-gp3/ami-id";

    private final PilotHost host;
    private final EncryptedLogGroup logs;

    public PilotHostTier(EnvironmentScope scope, EnvironmentConfig.Pilot config, KeysTier keys, NetworkTier network) {
        var env = scope.env();
        var location = scope.location();
        String prefix = scope.prefix();

        this.logs = new EncryptedLogGroup(scope.stack(), "host-logs", new EncryptedLogGroupProps(
            "/openhands/" + prefix + "/host", new LogSettings(keys.logs(), config.logRetentionDays()), EnvironmentScope.NO_EXTRA_TAGS));

        String appRepository = prefix + "/openhands";
        String runtimeRepository = prefix + "/runtime";
        new ContainerRegistry(scope.stack(), "registry", new ContainerRegistryProps(
            List.of(appRepository, runtimeRepository), keys.data(), 14, EnvironmentScope.NO_EXTRA_TAGS));
        String registryHost = ContainerRegistry.registryHost(location);
        String version = config.openhandsVersion();
        String appImage = registryHost + "/" + appRepository + ":" + version;
        String runtimeImage = registryHost + "/" + runtimeRepository + ":" + version + "-nikolaik";

        String userData = PilotUserData.render(PilotUserDataProps.builder()
            .location(location)
            .appImage(appImage)
            .runtimeImage(runtimeImage)
            .modelId(env.bedrock().defaultModel())
            .confirmationMode(config.confirmationMode())
            .logGroupName(logs.getName())
            .provisioning(config.hostProvisioning())
            .egressMode(env.egress().mode())
            .allowedHosts(env.egress().allowedHosts())
            .build());

        EnvironmentConfig.Architecture architecture = InstanceArchitecture.of(config.instanceType()).orElseThrow();
        HostMachine.Builder machine = HostMachine.builder()
            .instanceType(config.instanceType())
            .rootVolumeGib(config.rootVolumeGib())
            .volumeKey(keys.data())
            .detailedMonitoring(config.detailedMonitoring())
            .userData(userData);
        config.ami().ifPresentOrElse(pinned -> machine.amiId(pinned.id()), () -> machine.amiSsmParameter(
            String.format(UBUNTU_AMI_PARAMETER, architecture == EnvironmentConfig.Architecture.ARM64 ? "arm64" : "amd64")));
        List<String> repositoryArns = List.of(location.arn("ecr", "repository/" + appRepository),
            location.arn("ecr", "repository/" + runtimeRepository));
        this.host = new PilotHost(scope.stack(), "host", new PilotHostProps(prefix, location, network.network(), network.endpoints(),
            network.internetEgress(), machine.build(), logs, repositoryArns, scope.bedrockModelArns(), EnvironmentScope.NO_EXTRA_TAGS));

        scope.output("instance_id", "The OpenHands host", host.getInstanceId());
        scope.output("ui_port_forward_command", "Run on your workstation, then open http://localhost:" + PilotHost.UI_PORT,
            "aws ssm start-session --region " + location.region() + " --target " + host.getInstanceId()
                + " --document-name AWS-StartPortForwardingSession"
                + " --parameters '{\"portNumber\":[\"" + PilotHost.UI_PORT + "\"],\"localPortNumber\":[\"" + PilotHost.UI_PORT + "\"]}'");
        scope.output("log_group_name", "CloudWatch log group of the host (cloud-init, syslog, egress proxy)", logs.getName());
        Map<String, String> images = new LinkedHashMap<>();
        images.put("app", appImage);
        images.put("runtime", runtimeImage);
        scope.output("image_repositories", "Push the OpenHands images here before the host boots (see docs/pilot-images.md)", images);
    }

    public PilotHost host() {
        return host;
    }

    public EncryptedLogGroup logs() {
        return logs;
    }
}
