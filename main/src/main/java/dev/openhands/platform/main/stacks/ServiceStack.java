package dev.openhands.platform.main.stacks;

import com.hashicorp.cdktf.TerraformStack;
import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.main.tiers.DataTier;
import dev.openhands.platform.main.tiers.EgressTier;
import dev.openhands.platform.main.tiers.EnvironmentScope;
import dev.openhands.platform.main.tiers.FrontDoorTier;
import dev.openhands.platform.main.tiers.AlertingTier;
import dev.openhands.platform.main.tiers.AppTier;
import dev.openhands.platform.main.tiers.KeysTier;
import dev.openhands.platform.main.tiers.NetworkTier;
import dev.openhands.platform.main.tiers.OfficeHoursTier;
import dev.openhands.platform.main.tiers.SandboxTier;
import dev.openhands.platform.modules.compute.AppService;
import dev.openhands.platform.modules.egress.EgressProxyService;
import dev.openhands.platform.modules.sandbox.OrchestratorFunctions;
import dev.openhands.platform.modules.sandbox.SandboxRouter;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplate;
import software.constructs.Construct;

import java.util.List;
import java.util.stream.Stream;

/**
 * The ecs-fargate environment, tier by tier: its keys, its own VPC with the endpoints its workloads need, the data tier
 * (Aurora Serverless v2 behind RDS Proxy, the S3 events bucket, EFS workspaces, AWS Backup), the egress proxy (with an
 * allow-list) and sandbox orchestration
 * (the registry, the sandbox cluster and task template, the orchestrator functions and their private API), the front
 * door (sign-in, CloudFront and WAF, the origin load balancer, the sandbox router), the OpenHands app service behind
 * it with its alarms and dashboard, and the alerting tier.
 */
public class ServiceStack extends TerraformStack {

    /**
     * AWS APIs reached through interface endpoints: the orchestrator's (ECS, EFS, Secrets Manager, X-Ray while its
     * functions in the VPC trace) and the sandboxes' (image pulls, logs, Bedrock), each workload admitted to its own
     * only. DynamoDB and S3 go through gateway endpoints.
     */
    static List<String> interfaceServices(boolean tracing) {
        return Stream.of(OrchestratorFunctions.endpointServices(tracing), SandboxTaskTemplate.ENDPOINT_SERVICES,
            EgressProxyService.ENDPOINT_SERVICES, AppService.ENDPOINT_SERVICES, SandboxRouter.ENDPOINT_SERVICES)
            .flatMap(List::stream).distinct().toList();
    }

    public ServiceStack(Construct scope, EnvironmentConfig env) {
        super(scope, env.name());
        EnvironmentConfig.Data data = env.data()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        EnvironmentConfig.Sandbox sandbox = env.sandbox()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        StackFoundation.applyToEnvironmentStack(this, env);
        EnvironmentScope here = new EnvironmentScope(this, env);

        KeysTier keys = KeysTier.forService(here, data.protection());
        NetworkTier network = new NetworkTier(here, keys, interfaceServices(sandbox.tracing()), List.of(), true);
        DataTier dataTier = new DataTier(here, data, keys, network);
        EgressTier egress = new EgressTier(here, keys, network);
        SandboxTier sandboxes = new SandboxTier(here, sandbox, keys, network, dataTier, egress);
        EnvironmentConfig.FrontDoor publicEntrance = env.frontDoor()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " has no frontDoor: the app service is reached only through it"));
        EnvironmentConfig.App appConfig = env.app()
            .orElseThrow(() -> new IllegalArgumentException(env.name() + " is not an ecs-fargate environment"));
        FrontDoorTier frontDoor = new FrontDoorTier(here, publicEntrance, keys, network, sandboxes);
        AppTier app = new AppTier(here, appConfig, keys, network, dataTier, egress, sandboxes, frontDoor.appFrontDoor(here));
        OfficeHoursTier.services(here, appConfig, app.service(), publicEntrance, frontDoor.router(), egress);
        new AlertingTier(here, keys);
    }
}
