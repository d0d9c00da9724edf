package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.compute.FargateCapacity;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterSetting;
import software.constructs.Construct;

import java.util.List;

/** The ECS cluster sandbox tasks run in: Fargate only, Container Insights on. */
public class SandboxCluster extends Construct {

    private final EcsCluster cluster;

    public SandboxCluster(Construct scope, String id, SandboxClusterProps props) {
        super(scope, id);
        this.cluster = EcsCluster.Builder.create(this, "cluster")
            .name(props.clusterName())
            .setting(List.of(EcsClusterSetting.builder().name("containerInsights").value("enabled").build()))
            .tags(props.tags())
            .build();
        props.capacity().associate(this, "capacity", cluster.getName());
    }

    public String getArn() {
        return cluster.getArn();
    }

    public String getName() {
        return cluster.getName();
    }
}
