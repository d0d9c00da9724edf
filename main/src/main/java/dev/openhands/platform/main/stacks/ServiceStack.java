package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.tiers.DataTier;
import dev.openhands.platform.main.tiers.EgressTier;
import dev.openhands.platform.main.tiers.EnvironmentScope;
import dev.openhands.platform.main.tiers.FrontDoorTier;
import dev.openhands.platform.main.tiers.AlertingTier;
import dev.openhands.platform.main.tiers.AppFrontDoor;
import dev.openhands.platform.main.tiers.AppTier;
import dev.openhands.platform.main.tiers.FrontDoorStandIn;
import dev.openhands.platform.main.tiers.KeysTier;
import dev.openhands.platform.main.tiers.NetworkTier;
import dev.openhands.platform.main.tiers.SandboxTier;
import dev.openhands.platform.modules.edge.EdgeOrigin;
import dev.openhands.platform.modules.compute.AppService;
import dev.openhands.platform.modules.egress.EgressProxyService;
import dev.openhands.platform.modules.sandbox.OrchestratorFunctions;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplate;
import software.constructs.Construct;

import java.util.List;
import java.util.stream.Stream;

/**
 * The ecs-fargate environment, tier by tier: its keys, its own VPC with the endpoints its workloads need, the data tier
 * (Aurora Serverless v2 behind RDS Proxy, the S3 events bucket, EFS workspaces, AWS Backup), the egress proxy (with an
 * allow-list) and sandbox orchestration
 * (the registry, the sandbox cluster and task template, the orchestrator functions and their private API), the
 * OpenHands app service with its alarms and dashboard, and the alerting tier. The front door is a stand-in here
 * until its own tier joins.
 */
public class ServiceStack extends TerraformStack {

    /**
     * AWS APIs reached through interface endpoints: the orchestrator's (ECS, EFS, Secrets Manager, X-Ray for its
     * traces) and the sandboxes' (image pulls, logs, Bedrock), each workload admitted to its own only. DynamoDB and S3
     * go through gateway endpoints.
     */
    static final List<String> INTERFACE_SERVICES = Stream.of(OrchestratorFunctions.ENDPOINT_SERVICES,
        SandboxTaskTemplate.ENDPOINT_SERVICES, EgressProxyService.ENDPOINT_SERVICES, AppService.ENDPOINT_SERVICES).flatMap(List::stream).distinct().toList();

    /**
     * JOIN(front-door x origin): stands in for the public load balancer until the origin branch lands. Replace with
     * {@code new EdgeOrigin(<OriginLoadBalancer>.getDnsName())} and hand {@code FrontDoorTier#signIn()} and
     * {@code FrontDoorTier#loadBalancerCertificateArn()} to the load balancer.
     */
    static final EdgeOrigin ORIGIN_STAND_IN = new EdgeOrigin("origin-stand-in.openhands.invalid");

    public ServiceStack(Construct scope, EnvironmentConfig env) {
        super(scope, env.name());
        EnvironmentConfig.Data data = env.data()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        EnvironmentConfig.Sandbox sandbox = env.sandbox()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        StackFoundation.applyToEnvironmentStack(this, env);
        EnvironmentScope here = new EnvironmentScope(this, env);

        KeysTier keys = KeysTier.forService(here, data.protection());
        NetworkTier network = new NetworkTier(here, keys, INTERFACE_SERVICES, List.of(), true);
        DataTier dataTier = new DataTier(here, data, keys, network);
        EgressTier egress = new EgressTier(here, keys, network);
        SandboxTier sandboxTier = new SandboxTier(here, sandbox, keys, network, dataTier, egress);
        env.frontDoor().ifPresent(publicEntrance -> new FrontDoorTier(here, publicEntrance, ORIGIN_STAND_IN));
        EnvironmentConfig.App appConfig = env.app()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        // JOIN (front-door branch): replace the stand-in with the front-door tier's AppFrontDoor, and drop admitApp
        // when the front door's ALB group gets its own egress rule to the app port.
        AppFrontDoor frontDoor = FrontDoorStandIn.create(here, network);
        AppTier app = new AppTier(here, appConfig, keys, network, dataTier, egress, sandboxTier, frontDoor);
        FrontDoorStandIn.admitApp(here, frontDoor, app.service().getSecurityGroupId());
        new AlertingTier(here, keys);
    }
}
