package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import dev.openhands.platform.modules.ecs.Fargate;
import software.constructs.Construct;

import java.util.List;

/** The ECS cluster sandbox tasks run in: Fargate only, Container Insights on. */
public class SandboxCluster extends Construct {

    // Read once: each read of an attribute is a round trip to Node, and the orchestrator, the router and the
    // alarms all name the cluster (docs/performance.md).
    private final String arn;
    private final String name;

    public SandboxCluster(Construct scope, String id, SandboxClusterProps props) {
        super(scope, id);
        EcsCluster cluster = Fargate.cluster(this, props.clusterName(), props.tags());
        this.arn = cluster.getArn();
        this.name = cluster.getName();
        props.capacity().associate(this, "capacity", name);
    }

    public String getArn() {
        return arn;
    }

    public String getName() {
        return name;
    }
}
