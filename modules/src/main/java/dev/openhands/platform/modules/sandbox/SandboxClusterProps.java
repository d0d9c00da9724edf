package dev.openhands.platform.modules.sandbox;

import java.util.Map;
import java.util.Objects;

/**
 * @param clusterName ECS cluster name
 * @param tags        resource tags
 */
public record SandboxClusterProps(String clusterName, Map<String, String> tags) {

    public SandboxClusterProps {
        Objects.requireNonNull(clusterName, "clusterName");
        if (!clusterName.matches("^[A-Za-z0-9_-]{1,255}$")) {
            throw new IllegalArgumentException("cluster name '" + clusterName + "' has characters ECS refuses");
        }
        tags = Map.copyOf(tags);
    }
}
