package dev.openhands.platform.sandbox.maintenance;

import dev.openhands.platform.sandbox.launch.SandboxNames;
import dev.openhands.platform.sandbox.launch.SandboxTasks;
import dev.openhands.platform.sandbox.launch.SessionSecrets;
import dev.openhands.platform.sandbox.launch.TaskState;
import dev.openhands.platform.sandbox.lifecycle.SandboxService;
import dev.openhands.platform.sandbox.metrics.SandboxMetrics;
import dev.openhands.platform.sandbox.pool.WarmPool;
import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.SandboxRegistry;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import dev.openhands.platform.sandbox.registry.VersionConflictException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The scheduled sweep: pauses sandboxes idle longer than the timeout, reconciles live records whose task is gone,
 * stops orphan tasks, refills the warm pool, and brings the sandboxes' names in line with the registry.
 *
 * <p>A pause is a conditional write that loses to any activity recorded after the sweep read the item, so a
 * sandbox used within the timeout is never stopped. An orphan is a sandbox task older than the grace period whose
 * registry item (read consistently, not from the index) does not name it as its live task.
 */
public final class IdleReaper {

    /** What one sweep did. */
    public record Report(List<String> paused, List<String> reconciled, List<String> orphansStopped, int warmSlots,
                         List<String> namesPointed, List<String> namesRemoved, List<String> expired,
                         List<String> sessionSecretsDeleted) {
    }

    private final SandboxRegistry registry;
    private final SandboxTasks tasks;
    private final SandboxService sandboxes;
    private final SandboxNames names;
    private final SessionSecrets sessionSecrets;
    private final WarmPool pool;
    private final SandboxMetrics metrics;
    private final LongSupplier clock;
    private final Duration idleTimeout;
    private final Duration orphanGrace;
    private final Duration stoppedRetention;
    /**
     * When ECS reports no creation time for a task (AWS always does; emulators may not), an unclaimed task's age
     * counts from the first sweep that saw it: at worst an orphan lives one execution environment's lifetime longer,
     * never is one stopped early.
     */
    private final Map<String, Long> firstSeenUnclaimed = new java.util.HashMap<>();
    /**
     * Names no running record wanted in the previous sweep, with their address. The status index lags writes, so a
     * name is removed only when two sweeps in a row found nobody wanting it at that address.
     */
    private Map<String, String> unwantedLastSweep = Map.of();

    public IdleReaper(SandboxRegistry registry, SandboxTasks tasks, SandboxService sandboxes, SandboxNames names,
                      SessionSecrets sessionSecrets, WarmPool pool,
                      SandboxMetrics metrics, LongSupplier clock, Duration idleTimeout, Duration orphanGrace,
                      Duration stoppedRetention) {
        this.registry = registry;
        this.tasks = tasks;
        this.sandboxes = sandboxes;
        this.names = names;
        this.sessionSecrets = sessionSecrets;
        this.pool = pool;
        this.metrics = metrics;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
        this.orphanGrace = orphanGrace;
        this.stoppedRetention = stoppedRetention;
    }

    public Report sweep() {
        long now = clock.getAsLong();
        List<String> paused = pauseIdle(now - idleTimeout.toMillis());
        List<String> reconciled = reconcileLive(now);
        List<String> orphans = stopOrphans(now);
        int warm = pool.refill();
        List<String> expired = expireStopped(now - stoppedRetention.toMillis());
        List<String> pointed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        syncNames(pointed, removed);
        List<String> secretsDeleted = sessionSecrets.deleteCreatedBefore(now - SessionSecrets.LIFETIME.toMillis());
        metrics.count(SandboxMetrics.IDLE_PAUSES, paused.size());
        metrics.count(SandboxMetrics.ORPHANS_STOPPED, orphans.size());
        metrics.count(SandboxMetrics.WARM_POOL_AVAILABLE, warm);
        return new Report(paused, reconciled, orphans, warm, pointed, removed, expired, secretsDeleted);
    }

    /** Stopped and failed conversations past their retention are forgotten; the purge removes their directories. */
    private List<String> expireStopped(long cutoff) {
        List<String> expired = new ArrayList<>();
        for (SandboxStatus status : List.of(SandboxStatus.STOPPED, SandboxStatus.ERROR)) {
            for (SandboxRecord candidate : registry.idleSince(status, cutoff)) {
                if (sandboxes.expire(candidate, cutoff)) {
                    expired.add(candidate.id());
                }
            }
        }
        return expired;
    }

    /**
     * The backstop of the task-state function: every running conversation and warm slot has its name at its task's
     * address, and a name nobody runs under goes (a deleted conversation's, one whose stop event was lost).
     */
    private void syncNames(List<String> pointed, List<String> removed) {
        Map<String, SandboxRecord> wanted = new java.util.TreeMap<>();
        for (SandboxStatus status : List.of(SandboxStatus.RUNNING, SandboxStatus.POOL_WARM)) {
            for (SandboxRecord record : registry.byStatus(status)) {
                String host = names.hostname(record);
                if (host != null && record.taskIp() != null) {
                    wanted.put(host, record);
                }
            }
        }
        Map<String, String> present = names.all();
        for (Map.Entry<String, SandboxRecord> entry : wanted.entrySet()) {
            if (!entry.getValue().taskIp().equals(present.get(entry.getKey()))) {
                names.point(entry.getValue(), entry.getValue().taskIp());
                pointed.add(entry.getKey());
            }
        }
        Map<String, String> unwanted = new java.util.TreeMap<>();
        for (Map.Entry<String, String> entry : present.entrySet()) {
            if (!wanted.containsKey(entry.getKey()) && entry.getKey().endsWith("." + names.zoneName())) {
                unwanted.put(entry.getKey(), entry.getValue());
            }
        }
        for (Map.Entry<String, String> entry : unwanted.entrySet()) {
            if (entry.getValue().equals(unwantedLastSweep.get(entry.getKey()))) {
                names.removeIfPointsAt(entry.getKey(), entry.getValue());
                removed.add(entry.getKey());
            }
        }
        unwanted.keySet().removeAll(removed);
        unwantedLastSweep = unwanted;
    }

    private List<String> pauseIdle(long cutoff) {
        List<String> paused = new ArrayList<>();
        for (SandboxStatus status : List.of(SandboxStatus.STARTING, SandboxStatus.RUNNING)) {
            for (SandboxRecord idle : registry.idleSince(status, cutoff)) {
                Optional<SandboxRecord> fresh = registry.get(idle.id());
                if (fresh.isEmpty() || !SandboxStatus.LIVE.contains(fresh.get().status()) || fresh.get().lastActivity() >= cutoff) {
                    continue;
                }
                SandboxRecord record = fresh.get();
                try {
                    registry.replaceIfIdleSince(record, record.toBuilder().status(SandboxStatus.PAUSED)
                        .taskIp(null).ready(false).build(), cutoff);
                } catch (VersionConflictException activeAgain) {
                    continue;
                }
                if (record.taskArn() != null) {
                    tasks.stop(record.taskArn(), "idle longer than " + idleTimeout.toMinutes() + " minutes");
                }
                paused.add(record.id());
            }
        }
        return paused;
    }

    /** Live records whose task ECS no longer runs, and starts that never got a task, are closed. */
    private List<String> reconcileLive(long now) {
        List<SandboxRecord> live = new ArrayList<>();
        for (SandboxStatus status : List.of(SandboxStatus.STARTING, SandboxStatus.RUNNING)) {
            live.addAll(registry.byStatus(status));
        }
        List<String> arns = live.stream().map(SandboxRecord::taskArn).filter(a -> a != null).toList();
        Map<String, TaskState> states = arns.isEmpty() ? Map.of() : tasks.describe(arns);
        List<String> closed = new ArrayList<>();
        for (SandboxRecord record : live) {
            boolean taskGone = record.taskArn() != null
                && (!states.containsKey(record.taskArn()) || states.get(record.taskArn()).isStopped());
            boolean startAbandoned = record.taskArn() == null && now - record.lastActivity() > orphanGrace.toMillis();
            if (!taskGone && !startAbandoned) {
                continue;
            }
            SandboxStatus target = record.status() == SandboxStatus.STARTING ? SandboxStatus.ERROR : SandboxStatus.STOPPED;
            try {
                registry.replace(record, record.toBuilder().status(target).taskIp(null).ready(false)
                    .error(taskGone ? "task no longer running" : "start abandoned before a task was launched").build());
                closed.add(record.id());
            } catch (VersionConflictException changed) {
                // Changed since the index was read; the next sweep looks again.
            }
        }
        return closed;
    }

    private List<String> stopOrphans(long now) {
        List<String> stopped = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TaskState task : tasks.listRunning()) {
            if (task.isStopped() || !seen.add(task.taskArn()) || isClaimed(task)) {
                continue;
            }
            long since = task.startedAtMillis() > 0 ? task.startedAtMillis() : firstSeenUnclaimed.computeIfAbsent(task.taskArn(), arn -> now);
            if (now - since >= orphanGrace.toMillis()) {
                tasks.stop(task.taskArn(), "orphan: no live registry item names this task");
                stopped.add(task.taskArn());
            }
        }
        firstSeenUnclaimed.keySet().retainAll(seen);
        firstSeenUnclaimed.keySet().removeAll(stopped);
        return stopped;
    }

    private boolean isClaimed(TaskState task) {
        if (task.recordId() == null) {
            return false;
        }
        Optional<SandboxRecord> item = registry.servedBy(task.recordId());
        return item.isPresent() && task.taskArn().equals(item.get().taskArn())
            && (SandboxStatus.LIVE.contains(item.get().status()) || SandboxStatus.POOL_LIVE.contains(item.get().status()));
    }
}
