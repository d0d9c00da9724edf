package dev.openhands.platform.modules.ecs;

import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterSetting;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceDeploymentCircuitBreaker;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceNetworkConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionRuntimePlatform;
import dev.openhands.platform.modules.network.NetworkPlacement;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * What every Fargate workload of the platform shares (the app, the egress proxy, the sandbox router, the sandbox
 * template), so a hardening decision is made once: a cluster of its own with Container Insights, ARM64 task
 * definitions, services in private subnets without public addresses that replace tasks beside the running ones, roll
 * a revision back that never runs, and stay spread over the zones.
 *
 * <p>Resources are created in the caller's scope under the ids it has always used (they are Terraform addresses); the
 * task definition and service come back as builders for the caller to finish (containers, roles, load balancers).
 */
public final class Fargate {

    private Fargate() {
    }

    /** The workload's own cluster (id {@code cluster}): Container Insights on. */
    public static EcsCluster cluster(Construct scope, String name, Map<String, String> tags) {
        return EcsCluster.Builder.create(scope, "cluster")
            .name(name)
            .setting(List.of(EcsClusterSetting.builder().name("containerInsights").value("enabled").build()))
            .tags(tags)
            .build();
    }

    /** A Fargate task definition for ARM64 Linux in {@code awsvpc} mode; the caller adds roles, containers, volumes and tags. */
    public static EcsTaskDefinition.Builder armTask(Construct scope, String id, String family, int cpu, int memoryMib) {
        return EcsTaskDefinition.Builder.create(scope, id)
            .family(family)
            .requiresCompatibilities(List.of("FARGATE"))
            .networkMode("awsvpc")
            .cpu(Integer.toString(cpu))
            .memory(Integer.toString(memoryMib))
            .runtimePlatform(EcsTaskDefinitionRuntimePlatform.builder().cpuArchitecture("ARM64").operatingSystemFamily("LINUX").build());
    }

    /**
     * A service (id {@code service}) in the network's private subnets: a new revision starts beside the old tasks, which
     * serve until it runs, and one that never runs is rolled back; ECS tags the tasks; on demand or on Spot as
     * {@code capacity} places it. Finish it with
     * {@link #spreadOverZones(EcsService.Builder)}.
     */
    public static EcsService.Builder service(Construct scope, String name, EcsCluster cluster, EcsTaskDefinition task, int desiredCount,
                                             FargateCapacity capacity, NetworkPlacement network, List<String> securityGroupIds) {
        EcsService.Builder service = EcsService.Builder.create(scope, "service")
            .name(name)
            .cluster(cluster.getArn())
            .taskDefinition(task.getArn())
            .desiredCount(desiredCount)
            .networkConfiguration(EcsServiceNetworkConfiguration.builder()
                .subnets(network.getPrivateSubnetIds())
                .securityGroups(securityGroupIds)
                .assignPublicIp(false)
                .build())
            .deploymentMinimumHealthyPercent(100)
            .deploymentMaximumPercent(200)
            .deploymentCircuitBreaker(EcsServiceDeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
            .enableEcsManagedTags(true)
            .propagateTags("SERVICE");
        return capacity.place(service, scope, cluster.getName());
    }

    /** Builds the service so that, after a zone fails and recovers, ECS moves tasks back to stay spread. */
    public static EcsService spreadOverZones(EcsService.Builder service) {
        EcsService built = service.build();
        // Provider 5.82+; the bindings have no typed setter for it.
        built.addOverride("availability_zone_rebalancing", "ENABLED");
        return built;
    }
}
