package dev.openhands.platform.sandbox.config;

import java.util.List;
import java.util.Map;

/**
 * What every warm-pool task is started with. A conversation may take a warm task only if its /start asks for
 * exactly this: same image, command and working directory, same uid/gid, and an environment every entry of which
 * is already in {@link #environment()} (the agent server reads its environment once, at start-up).
 *
 * @param size        slots to keep warm; 0 turns the pool off
 * @param image       the image pooled tasks run
 * @param command     the command pooled tasks run
 * @param workingDir  the working directory of pooled tasks
 * @param runAsUser   uid of pooled tasks and of their workspace
 * @param runAsGroup  gid of pooled tasks and of their workspace
 * @param environment the environment pooled tasks start with
 */
public record WarmPoolSettings(int size, String image, List<String> command, String workingDir, int runAsUser,
                               int runAsGroup, Map<String, String> environment) {

    public WarmPoolSettings {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    public boolean enabled() {
        return size > 0;
    }
}
