package dev.openhands.platform.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.sandbox.launch.SandboxTasks;
import dev.openhands.platform.sandbox.launch.WorkspaceAccessPoints;
import dev.openhands.platform.sandbox.lifecycle.LaunchParameters;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a /start body into launch parameters, refusing (400) anything that could not be started exactly as asked.
 * Fields the OpenHands clients send and Fargate has no use for ({@code fs_group}, {@code runtime_class}) are
 * checked for type and otherwise ignored; unknown fields are ignored so newer clients keep working.
 */
public final class StartRequestParser {

    /** What ECS accepts in one RunTask's overrides (8 KiB), less room for the key and bookkeeping variables. */
    static final int MAX_ENVIRONMENT_BYTES = 7 * 1024;
    static final int MAX_ENVIRONMENT_ENTRIES = 200;
    static final Set<Integer> RESOURCE_FACTORS = Set.of(1, 2, 4);
    private static final Pattern VARIABLE_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,254}$");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("^/[A-Za-z0-9._/-]{0,254}$");

    /** Absolute, of safe characters, and already normal: no empty, '.' or '..' segment (a trailing '/' is fine). */
    public static boolean isNormalisedAbsolutePath(String path) {
        if (!ABSOLUTE_PATH.matcher(path).matches()) {
            return false;
        }
        String inner = path.length() > 1 && path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        if (inner.isEmpty()) {
            return true;
        }
        for (String segment : inner.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
    /** Ids a conversation may not have: the warm pool's slot names (kept apart from conversations on principle). */
    static final String RESERVED_ID_PREFIX = "pool-";
    /**
     * Variable prefixes a request may not set: {@code AWS_*} steers the SDKs' credentials, region and endpoints
     * (including the container credentials endpoint), {@code ECS_*} the ECS agent's metadata endpoints.
     */
    static final List<String> REFUSED_VARIABLE_PREFIXES = List.of("AWS_", "ECS_");

    /**
     * A parsed /start.
     *
     * @param conversationId the session id the client chose
     * @param owner          the caller, whom a new conversation will belong to
     * @param parameters     what to run
     */
    public record StartRequest(String conversationId, String owner, LaunchParameters parameters) {
    }

    private final List<String> allowedImages;
    private final int defaultUser;
    private final int defaultGroup;

    public StartRequestParser(List<String> allowedImages, int defaultUser, int defaultGroup) {
        this.allowedImages = List.copyOf(allowedImages);
        this.defaultUser = defaultUser;
        this.defaultGroup = defaultGroup;
    }

    /** Parses a /start body sent by {@code caller} (see {@link Caller}). */
    public StartRequest parse(String caller, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "the /start body must be a JSON object");
        }
        String sessionId = id(body, "session_id");
        String image = text(body, "image", true);
        if (!allowedImages.contains(image)) {
            throw new ApiException(400, "image '" + image + "' is not served by this deployment; allowed: "
                + String.join(", ", allowedImages) + " (add it to the environment's sandbox images to allow it)");
        }
        List<String> command = command(body.get("command"));
        String workingDir = text(body, "working_dir", false);
        // Only the process's directory: the workspace is mounted at /workspace whatever this says, so any normalised
        // absolute path is harmless (the older client always sends its image's code directory, /openhands/code/).
        if (workingDir != null && !isNormalisedAbsolutePath(workingDir)) {
            throw new ApiException(400, "working_dir must be a normalised absolute path of letters, digits, '.', '_', '-' and '/'"
                + " (no '.' or '..' segments, no '//'); got " + workingDir);
        }
        Map<String, String> environment = environment(body.get("environment"));
        int factor = resourceFactor(body.get("resource_factor"));
        int user = userOrGroup(body, "run_as_user", defaultUser);
        int group = userOrGroup(body, "run_as_group", defaultGroup);
        userOrGroup(body, "fs_group", group);
        if (body.has("runtime_class") && !body.get("runtime_class").isNull() && !body.get("runtime_class").isTextual()) {
            throw new ApiException(400, "runtime_class must be a string");
        }
        String userId = text(body, "user_id", false);
        if (userId != null && !Caller.NAME.matcher(userId).matches()) {
            throw new ApiException(400, "user_id must be 1-128 letters, digits or @._+-");
        }
        if (userId != null && !userId.equals(caller)) {
            // Only a header travels with every later call; an owner named in this body alone would lock its user out.
            throw new ApiException(400, "user_id '" + userId + "' is not the caller: name the user in the " + Caller.HEADER
                + " header of every request (user_id may repeat it)");
        }
        return new StartRequest(sessionId, caller, new LaunchParameters(image, command, workingDir, environment, factor, user, group));
    }

    /** Reads and validates an id field ({@code session_id}, {@code runtime_id}). */
    public static String id(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new ApiException(400, field + " is required and must be a string");
        }
        return checkId(field, value.asText());
    }

    /** Ids become EFS directory names and registry keys: only letters, digits and '-' pass, and no slot's name. */
    public static String checkId(String field, String value) {
        if (!WorkspaceAccessPoints.SAFE_ID.matcher(value).matches()) {
            throw new ApiException(400, field + " must match " + WorkspaceAccessPoints.SAFE_ID.pattern());
        }
        if (value.toLowerCase(Locale.ROOT).startsWith(RESERVED_ID_PREFIX)) {
            throw new ApiException(400, field + " must not start with '" + RESERVED_ID_PREFIX + "': those names are reserved for the warm pool");
        }
        return value;
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new ApiException(400, field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ApiException(400, field + " must be a non-empty string");
        }
        return value.asText();
    }

    private static List<String> command(JsonNode value) {
        List<String> command = new ArrayList<>();
        if (value == null || value.isNull()) {
            return command;
        }
        if (value.isTextual()) {
            command.addAll(List.of("/bin/sh", "-c", value.asText()));
        } else if (value.isArray() && value.size() <= 64) {
            for (JsonNode part : value) {
                if (!part.isTextual() || part.asText().length() > 4096) {
                    throw new ApiException(400, "command must be a string or a list of strings (each up to 4096 characters)");
                }
                command.add(part.asText());
            }
        } else {
            throw new ApiException(400, "command must be a string or a list of at most 64 strings");
        }
        return command;
    }

    private static Map<String, String> environment(JsonNode value) {
        Map<String, String> environment = new TreeMap<>();
        if (value == null || value.isNull()) {
            return environment;
        }
        if (!value.isObject()) {
            throw new ApiException(400, "environment must be an object of names to string values");
        }
        if (value.size() > MAX_ENVIRONMENT_ENTRIES) {
            throw new ApiException(400, "environment has " + value.size() + " entries; at most " + MAX_ENVIRONMENT_ENTRIES + " are accepted");
        }
        int bytes = 0;
        var fields = value.fields();
        while (fields.hasNext()) {
            var entry = fields.next();
            String name = entry.getKey();
            if (!VARIABLE_NAME.matcher(name).matches()) {
                throw new ApiException(400, "environment variable name '" + name + "' is not a valid name");
            }
            if (SandboxTasks.SESSION_KEY_VARIABLES.contains(name) || SandboxTasks.RECORD_ID_VARIABLE.equals(name)
                || name.toUpperCase(Locale.ROOT).startsWith(SandboxTasks.GIT_CONFIG_PREFIX)) {
                throw new ApiException(400, "environment variable " + name + " is set by the orchestrator; leave it out");
            }
            String upper = name.toUpperCase(Locale.ROOT);
            if (REFUSED_VARIABLE_PREFIXES.stream().anyMatch(upper::startsWith)) {
                throw new ApiException(400, "environment variable " + name + " is refused: " + String.join("* and ", REFUSED_VARIABLE_PREFIXES)
                    + "* variables steer AWS credentials and the task's metadata endpoints");
            }
            JsonNode v = entry.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new ApiException(400, "environment variable " + name + " must have a string value");
            }
            environment.put(name, v.asText());
            bytes += name.getBytes(StandardCharsets.UTF_8).length + v.asText().getBytes(StandardCharsets.UTF_8).length + 24;
        }
        if (bytes > MAX_ENVIRONMENT_BYTES) {
            throw new ApiException(400, "environment is " + bytes + " bytes; ECS passes at most " + MAX_ENVIRONMENT_BYTES
                + " bytes of per-task environment, so move large values to the agent server's API");
        }
        return environment;
    }

    private static int resourceFactor(JsonNode value) {
        if (value == null || value.isNull()) {
            return 1;
        }
        if (!value.isNumber() || value.asDouble() != Math.rint(value.asDouble()) || !RESOURCE_FACTORS.contains(value.asInt())) {
            throw new ApiException(400, "resource_factor must be 1, 2 or 4");
        }
        return value.asInt();
    }

    /** A uid or gid: never 0 (root would own the process and, through the access point, every workspace file). */
    private static int userOrGroup(JsonNode body, String field, int fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > 65534) {
            throw new ApiException(400, field + " must be a whole number from 1 to 65534 (root is refused)");
        }
        return value.asInt();
    }
}
