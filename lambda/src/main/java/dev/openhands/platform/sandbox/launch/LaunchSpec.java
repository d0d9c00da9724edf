package dev.openhands.platform.sandbox.launch;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sandbox task to start.
 *
 * @param recordId       the registry item the task serves (conversation id or slot id); tagged on the task
 * @param image          image reference, already checked against the allowed list
 * @param command        the container command; empty keeps the template's
 * @param workingDir     the container working directory; null keeps the template's
 * @param runAsUser      uid the container runs as
 * @param runAsGroup     gid the container runs as
 * @param accessPointId  the EFS access point mounted as the workspace
 * @param environment    the caller's environment for the agent server
 * @param sessionApiKey  the key the agent server will accept
 * @param resourceFactor multiplier of the template's CPU and memory (1, 2 or 4)
 */
public record LaunchSpec(String recordId, String image, List<String> command, String workingDir, int runAsUser,
                         int runAsGroup, String accessPointId, Map<String, String> environment,
                         String sessionApiKey, int resourceFactor) {

    public LaunchSpec {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(accessPointId, "accessPointId");
        Objects.requireNonNull(sessionApiKey, "sessionApiKey");
        command = command == null ? List.of() : List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}
