package dev.openhands.platform.sandbox.pool;

import dev.openhands.platform.sandbox.config.WarmPoolSettings;
import dev.openhands.platform.sandbox.launch.SandboxTasks;
import dev.openhands.platform.sandbox.launch.TaskState;
import dev.openhands.platform.sandbox.launch.WorkspaceAccessPoints;
import dev.openhands.platform.sandbox.lifecycle.LaunchParameters;
import dev.openhands.platform.sandbox.lifecycle.SessionKeys;
import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.SandboxRegistry;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import dev.openhands.platform.sandbox.registry.VersionConflictException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Warm sandbox tasks, each bound at launch to its own pre-created access point (its slot). A conversation claims a
 * slot with one conditional write (POOL_WARM to POOL_CLAIMED), so no slot is claimed twice; a claimed slot never
 * returns to the pool, its access point becomes the conversation's workspace for good, and a new slot replaces it
 * on the next refill.
 */
public final class WarmPool {

    /** How long finished slot items stay in the registry before DynamoDB's TTL removes them. */
    static final Duration SLOT_HISTORY = Duration.ofDays(7);

    private final WarmPoolSettings settings;
    private final SandboxRegistry registry;
    private final SandboxTasks tasks;
    private final WorkspaceAccessPoints accessPoints;
    private final LongSupplier clock;
    private final Duration stuckAfter;
    private final LaunchParameters parameters;

    public WarmPool(WarmPoolSettings settings, SandboxRegistry registry, SandboxTasks tasks,
                    WorkspaceAccessPoints accessPoints, LongSupplier clock, Duration stuckAfter) {
        this.settings = settings;
        this.registry = registry;
        this.tasks = tasks;
        this.accessPoints = accessPoints;
        this.clock = clock;
        this.stuckAfter = stuckAfter;
        this.parameters = new LaunchParameters(settings.image(), settings.command(), settings.workingDir(),
            settings.environment(), 1, settings.runAsUser(), settings.runAsGroup());
    }

    /** The launch parameters every pooled task starts with. */
    public LaunchParameters parameters() {
        return parameters;
    }

    /**
     * Whether a pooled task can serve this request exactly as a cold start would: same image, command, working
     * directory, uid/gid and size, and every environment entry already delivered at the pooled task's start-up.
     */
    public boolean canServe(LaunchParameters request) {
        if (!settings.enabled()) {
            return false;
        }
        LaunchParameters pooled = parameters;
        return pooled.image().equals(request.image())
            && (request.command().isEmpty() || request.command().equals(pooled.command()))
            && (request.workingDir() == null || request.workingDir().equals(pooled.workingDir()))
            && request.runAsUser() == pooled.runAsUser()
            && request.runAsGroup() == pooled.runAsGroup()
            && request.resourceFactor() == 1
            && pooled.environment().entrySet().containsAll(request.environment().entrySet());
    }

    /** Claims one warm slot for the conversation, or none if every slot is taken. */
    public Optional<SandboxRecord> claim(String conversationId) {
        for (SandboxRecord slot : registry.byStatus(SandboxStatus.POOL_WARM)) {
            try {
                return Optional.of(registry.replace(slot, slot.toBuilder().status(SandboxStatus.POOL_CLAIMED)
                    .link(conversationId).expiresAt(expiry()).build()));
            } catch (VersionConflictException takenByAnother) {
                // Another conversation won this slot (or the GSI showed a stale state): try the next one.
            }
        }
        return Optional.empty();
    }

    /** Takes a slot out of service for good and stops its task. */
    public void retire(SandboxRecord slot, String reason) {
        try {
            registry.replace(slot, slot.toBuilder().status(SandboxStatus.POOL_RETIRED).error(reason).expiresAt(expiry()).build());
        } catch (VersionConflictException | IllegalStateException changed) {
            // Someone else already moved it on; the task is stopped below either way.
        }
        if (slot.taskArn() != null) {
            tasks.stop(slot.taskArn(), "warm slot retired: " + reason);
        }
    }

    /**
     * Promotes slots whose task runs, retires slots whose task died or never came up, and launches slots until the
     * pool is at its size again. Returns how many slots are warm now.
     */
    public int refill() {
        List<SandboxRecord> warming = registry.byStatus(SandboxStatus.POOL_WARMING);
        List<SandboxRecord> warm = new ArrayList<>(registry.byStatus(SandboxStatus.POOL_WARM));
        List<String> arns = warming.stream().map(SandboxRecord::taskArn).filter(a -> a != null).collect(Collectors.toList());
        Map<String, TaskState> states = arns.isEmpty() ? Map.of() : tasks.describe(arns);
        long now = clock.getAsLong();
        int live = warm.size();
        for (SandboxRecord slot : warming) {
            TaskState state = slot.taskArn() == null ? null : states.get(slot.taskArn());
            if (state != null && state.isRunning() && state.privateIp() != null) {
                try {
                    warm.add(registry.replace(slot, slot.toBuilder().status(SandboxStatus.POOL_WARM).taskIp(state.privateIp()).build()));
                    live++;
                } catch (VersionConflictException changed) {
                    // Promoted by a concurrent refill.
                }
            } else if ((state != null && state.isStopped())
                || (slot.taskArn() != null && state == null)
                || now - slot.createdAt() > stuckAfter.toMillis()) {
                retire(slot, state != null && state.stoppedReason() != null ? state.stoppedReason() : "task did not come up");
            } else {
                live++;
            }
        }
        for (int missing = settings.size() - live; missing > 0; missing--) {
            launchSlot();
        }
        return warm.size();
    }

    private void launchSlot() {
        String name = "pool-" + UUID.randomUUID();
        String directory = WorkspaceAccessPoints.slotDirectory(name);
        long now = clock.getAsLong();
        SandboxRecord slot = registry.create(SandboxRecord.builder(SandboxRecord.SLOT_PREFIX + name, SandboxStatus.POOL_WARMING)
            .owner(SandboxRecord.POOL_OWNER).workspaceDirectory(directory)
            .sessionApiKey(SessionKeys.generate()).createdAt(now).lastActivity(now)
            .runAsUser(parameters.runAsUser()).runAsGroup(parameters.runAsGroup()).warm(true)
            .workspaceUid(registry.allocateWorkspaceUid())
            .launch(parameters.toJson()).build());
        String accessPoint = null;
        String task = null;
        try {
            accessPoint = accessPoints.create(directory, slot.id(), slot.workspaceUid());
            task = tasks.launch(parameters.toSpec(slot.id(), accessPoint, slot.sessionApiKey()));
            registry.replace(slot, slot.toBuilder().accessPointId(accessPoint).taskArn(task).build());
        } catch (RuntimeException failed) {
            retire(slot.toBuilder().taskArn(task).build(), String.valueOf(failed.getMessage()));
            if (accessPoint != null) {
                accessPoints.delete(accessPoint);
            }
        }
    }

    private long expiry() {
        return clock.getAsLong() / 1000 + SLOT_HISTORY.toSeconds();
    }
}
