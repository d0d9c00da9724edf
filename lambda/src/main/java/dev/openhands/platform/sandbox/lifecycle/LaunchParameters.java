package dev.openhands.platform.sandbox.lifecycle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.sandbox.launch.LaunchSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a conversation's sandbox runs, as /start asked for it (already validated). Stored with the record, so a
 * resume starts the same image with the same environment.
 *
 * @param image          image reference
 * @param command        container command; empty for the image's default
 * @param workingDir     working directory; null for the template's
 * @param environment    the agent server's environment
 * @param resourceFactor CPU and memory multiplier
 * @param runAsUser      uid of the process and of the workspace files
 * @param runAsGroup     gid of the process and of the workspace files
 */
public record LaunchParameters(String image, List<String> command, String workingDir, Map<String, String> environment,
                               int resourceFactor, int runAsUser, int runAsGroup) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LaunchParameters {
        command = command == null ? List.of() : List.copyOf(command);
        environment = environment == null ? Map.of() : Map.copyOf(new TreeMap<>(environment));
    }

    public LaunchSpec toSpec(String recordId, String accessPointId, String sessionApiKey) {
        return new LaunchSpec(recordId, image, command, workingDir, runAsUser, runAsGroup, accessPointId, environment,
            sessionApiKey, resourceFactor);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("image", image);
        command.forEach(node.putArray("command")::add);
        if (workingDir != null) {
            node.put("working_dir", workingDir);
        }
        ObjectNode env = node.putObject("environment");
        new TreeMap<>(environment).forEach(env::put);
        node.put("resource_factor", resourceFactor);
        node.put("run_as_user", runAsUser);
        node.put("run_as_group", runAsGroup);
        return node.toString();
    }

    public static LaunchParameters fromJson(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            List<String> command = new ArrayList<>();
            node.path("command").forEach(c -> command.add(c.asText()));
            Map<String, String> env = new TreeMap<>();
            node.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            return new LaunchParameters(node.path("image").asText(), command,
                node.hasNonNull("working_dir") ? node.get("working_dir").asText() : null, env,
                node.path("resource_factor").asInt(1), node.path("run_as_user").asInt(), node.path("run_as_group").asInt());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable launch parameters in the registry: " + e.getOriginalMessage(), e);
        }
    }
}
