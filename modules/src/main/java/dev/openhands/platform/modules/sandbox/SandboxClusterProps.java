package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.ecs.FargateCapacity;
import java.util.Map;
import java.util.Objects;

/**
 * @param clusterName ECS cluster name
 * @param capacity    the capacity tasks run on unless RunTask says otherwise (the orchestrator says the same)
 * @param tags        resource tags
 */
public record SandboxClusterProps(String clusterName, FargateCapacity capacity, Map<String, String> tags) {

    public SandboxClusterProps {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(capacity, "capacity");
        if (!clusterName.matches("^[A-Za-z0-9_-]{1,255}$")) {
            throw new IllegalArgumentException("cluster name '" + clusterName + "' has characters ECS refuses");
        }
        tags = Map.copyOf(tags);
    }
}
