package dev.openhands.platform.modules.sandbox;

import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster_capacity_providers.EcsClusterCapacityProviders;
import com.hashicorp.cdktf.providers.aws.ecs_cluster_capacity_providers.EcsClusterCapacityProvidersDefaultCapacityProviderStrategy;
import dev.openhands.platform.modules.ecs.Fargate;
import software.constructs.Construct;

import java.util.List;

/** The ECS cluster sandbox tasks run in: Fargate only, Container Insights on. */
public class SandboxCluster extends Construct {

    private final EcsCluster cluster;

    public SandboxCluster(Construct scope, String id, SandboxClusterProps props) {
        super(scope, id);
        this.cluster = Fargate.cluster(this, props.clusterName(), props.tags());
        EcsClusterCapacityProviders.Builder.create(this, "capacity")
            .clusterName(cluster.getName())
            .capacityProviders(List.of("FARGATE"))
            .defaultCapacityProviderStrategy(List.of(EcsClusterCapacityProvidersDefaultCapacityProviderStrategy.builder()
                .capacityProvider("FARGATE").weight(1).base(0).build()))
            .build();
    }

    public String getArn() {
        return cluster.getArn();
    }

    public String getName() {
        return cluster.getName();
    }
}
