package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import dev.openhands.platform.modules.ecs.Fargate;
import software.constructs.Construct;

import java.util.List;

/** The ECS cluster sandbox tasks run in: Fargate only, Container Insights on. */
public class SandboxCluster extends Construct {

    private final EcsCluster cluster;

    public SandboxCluster(Construct scope, String id, SandboxClusterProps props) {
        super(scope, id);
        this.cluster = Fargate.cluster(this, props.clusterName(), props.tags());
        props.capacity().associate(this, "capacity", cluster.getName());
    }

    public String getArn() {
        return cluster.getArn();
    }

    public String getName() {
        return cluster.getName();
    }
}
