package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.data.WorkspaceStorage;

import java.util.Objects;

/**
 * The sandbox infrastructure the orchestrator drives: where it records sandboxes, the cluster it runs them in, the
 * template it clones per conversation, the file system their workspaces live on and the zone of their names.
 *
 * @param registry   the DynamoDB registry of sandboxes
 * @param cluster    the ECS cluster of sandbox tasks
 * @param template   the task template (roles, security groups, container)
 * @param workspaces the file system of the workspaces
 * @param zone       the private hosted zone of the conversations' names
 */
public record SandboxResources(SandboxRegistryTable registry, SandboxCluster cluster, SandboxTaskTemplate template,
                               WorkspaceStorage workspaces, SandboxZone zone) {

    public SandboxResources {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(workspaces, "workspaces");
        Objects.requireNonNull(zone, "zone");
    }
}
