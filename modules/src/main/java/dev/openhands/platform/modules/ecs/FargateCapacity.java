package dev.openhands.platform.modules.ecs;

import com.hashicorp.cdktf.providers.aws.ecs_cluster_capacity_providers.EcsClusterCapacityProviders;
import com.hashicorp.cdktf.providers.aws.ecs_cluster_capacity_providers.EcsClusterCapacityProvidersDefaultCapacityProviderStrategy;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceCapacityProviderStrategy;
import software.constructs.Construct;

import java.util.List;

/**
 * Which Fargate capacity tasks run on. Spot costs about 70 % less, and AWS may stop a Spot task with a two-minute
 * warning when it needs the capacity back: a service starts a replacement (on Spot again when there is any), a sandbox
 * stops and its conversation resumes in a new task with its workspace.
 */
public enum FargateCapacity {
    ON_DEMAND("FARGATE"),
    SPOT("FARGATE_SPOT");

    private final String capacityProvider;

    FargateCapacity(String capacityProvider) {
        this.capacityProvider = capacityProvider;
    }

    /** The cluster's capacity provider name. */
    public String capacityProvider() {
        return capacityProvider;
    }

    /** Associates both Fargate providers with the cluster (a task may ask for either), this one the default. */
    public EcsClusterCapacityProviders associate(Construct scope, String id, String clusterName) {
        return EcsClusterCapacityProviders.Builder.create(scope, id)
            .clusterName(clusterName)
            .capacityProviders(List.of(ON_DEMAND.capacityProvider(), SPOT.capacityProvider()))
            .defaultCapacityProviderStrategy(List.of(EcsClusterCapacityProvidersDefaultCapacityProviderStrategy.builder()
                .capacityProvider(capacityProvider).weight(1).base(0).build()))
            .build();
    }

    /**
     * Places a service: on demand keeps the plain launch type; Spot is a capacity provider strategy (the two exclude
     * each other), which needs the providers associated with the cluster first.
     */
    public EcsService.Builder place(EcsService.Builder service, Construct scope, String clusterName) {
        if (this == ON_DEMAND) {
            return service.launchType("FARGATE");
        }
        EcsClusterCapacityProviders association = associate(scope, "capacity-providers", clusterName);
        return service.capacityProviderStrategy(List.of(EcsServiceCapacityProviderStrategy.builder()
                .capacityProvider(capacityProvider).weight(1).base(0).build()))
            .dependsOn(List.of(association));
    }
}
