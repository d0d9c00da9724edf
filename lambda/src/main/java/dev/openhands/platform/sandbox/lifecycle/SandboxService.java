package dev.openhands.platform.sandbox.lifecycle;

import dev.openhands.platform.sandbox.launch.AgentProbe;
import dev.openhands.platform.sandbox.launch.SandboxNames;
import dev.openhands.platform.sandbox.launch.SandboxTasks;
import dev.openhands.platform.sandbox.launch.TaskState;
import dev.openhands.platform.sandbox.launch.WorkspaceAccessPoints;
import dev.openhands.platform.sandbox.metrics.SandboxMetrics;
import dev.openhands.platform.sandbox.pool.WarmPool;
import dev.openhands.platform.sandbox.registry.SandboxRecord;
import dev.openhands.platform.sandbox.registry.SandboxRegistry;
import dev.openhands.platform.sandbox.registry.SandboxStatus;
import dev.openhands.platform.sandbox.registry.VersionConflictException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The life of a conversation's sandbox: start (warm or cold), status, pause, resume, stop, delete. Every change
 * is a conditional write; whoever loses a race re-reads and answers with the winner's record, so concurrent
 * requests for one conversation start exactly one task.
 *
 * <p>Every operation names its caller. A conversation belongs to the owner its first start recorded; to anyone
 * else it does not exist ({@link SandboxNotFoundException}), on every path, the lost races included.
 */
public final class SandboxService {

    private static final int MAX_ATTEMPTS = 5;
    /** What /list shows: conversations that are starting, running or paused. */
    private static final Set<SandboxStatus> LISTED = Set.of(SandboxStatus.STARTING, SandboxStatus.RUNNING, SandboxStatus.PAUSED);

    private final SandboxRegistry registry;
    private final SandboxTasks tasks;
    private final WorkspaceAccessPoints accessPoints;
    private final SandboxNames names;
    private final WarmPool pool;
    private final AgentProbe probe;
    private final SandboxMetrics metrics;
    private final LongSupplier clock;
    private final int agentPort;
    private final Duration activityInterval;
    private final String publicDomain;

    public SandboxService(SandboxRegistry registry, SandboxTasks tasks, WorkspaceAccessPoints accessPoints,
                          SandboxNames names, WarmPool pool, AgentProbe probe, SandboxMetrics metrics, LongSupplier clock, int agentPort,
                          Duration activityInterval, String publicDomain) {
        this.registry = registry;
        this.tasks = tasks;
        this.accessPoints = accessPoints;
        this.names = names;
        this.pool = pool;
        this.probe = probe;
        this.metrics = metrics;
        this.clock = clock;
        this.agentPort = agentPort;
        this.activityInterval = activityInterval;
        this.publicDomain = publicDomain;
    }

    /**
     * The URL clients are given: with a public sandbox domain, {@code https://<label>.<domain>}, which the browser
     * reaches through CloudFront, the ALB and the sandbox router, and the app server through the VPC's split-horizon
     * zone for the same name; without one, the private URL ({@link #agentUrlOf}). Either way the same from /start on
     * and across pause and resume.
     */
    public String urlOf(SandboxRecord record) {
        if (publicDomain == null) {
            return agentUrlOf(record);
        }
        String label = names.labelOf(record);
        return label == null ? null : "https://" + label + "." + publicDomain;
    }

    /**
     * The agent server's base URL inside the VPC: the conversation's name in the sandboxes' zone. It resolves while a
     * task runs (the task-state function and the sweep point it at the task), so the readiness probe, which calls
     * this URL, answers only once the name works. The probe stays on it when a public URL is configured: the router
     * resolves this same name, and the probe's /alive carries no session key, which the router would refuse.
     */
    String agentUrlOf(SandboxRecord record) {
        String host = names.hostname(record);
        return host == null ? null : "http://" + host + ":" + agentPort;
    }

    /**
     * Starts the conversation's sandbox, or returns it if it is already starting or running. A paused, stopped or
     * failed one is started again on its own workspace. A new conversation belongs to {@code owner} from now on.
     */
    public SandboxRecord start(String conversationId, String owner, LaunchParameters parameters) {
        long began = clock.getAsLong();
        Optional<SandboxRecord> existing = registry.get(conversationId).map(r -> ownedBy(r, owner)).map(this::reconcile);
        if (existing.isPresent()) {
            SandboxRecord record = existing.get();
            if (SandboxStatus.LIVE.contains(record.status())) {
                return record;
            }
            return restart(record, parameters, began);
        }
        if (pool.canServe(parameters)) {
            Optional<SandboxRecord> slot = pool.claim(conversationId);
            if (slot.isPresent()) {
                return startWarm(conversationId, owner, parameters, slot.get(), began);
            }
        }
        SandboxRecord starting;
        try {
            starting = registry.create(SandboxRecord.builder(conversationId, SandboxStatus.STARTING)
                .owner(owner).sessionApiKey(SessionKeys.generate()).createdAt(began).lastActivity(began)
                .workspaceDirectory(WorkspaceAccessPoints.newConversationDirectory(conversationId))
                .workspaceUid(registry.allocateWorkspaceUid())
                .runAsUser(parameters.runAsUser()).runAsGroup(parameters.runAsGroup())
                .launch(parameters.toJson()).build());
        } catch (VersionConflictException anotherStartWon) {
            return current(conversationId, owner);
        }
        return launchCold(starting, parameters, began);
    }

    private SandboxRecord startWarm(String conversationId, String owner, LaunchParameters parameters, SandboxRecord slot,
                                    long began) {
        try {
            SandboxRecord record = registry.create(SandboxRecord.builder(conversationId, SandboxStatus.RUNNING)
                .owner(owner).sessionApiKey(slot.sessionApiKey()).createdAt(began).lastActivity(began)
                .runAsUser(parameters.runAsUser()).runAsGroup(parameters.runAsGroup())
                .taskArn(slot.taskArn()).taskIp(slot.taskIp()).accessPointId(slot.accessPointId())
                .workspaceDirectory(slot.workspaceDirectory()).workspaceUid(slot.workspaceUid())
                .warm(true).link(slot.id()).ready(slot.ready()).launch(parameters.toJson()).build());
            metrics.count(SandboxMetrics.WARM_STARTS, 1);
            metrics.milliseconds(SandboxMetrics.START_LATENCY, clock.getAsLong() - began);
            return record;
        } catch (VersionConflictException anotherStartWon) {
            // This slot was claimed for a conversation that another request started meanwhile; it must never
            // serve anyone else, so it is retired rather than handed back.
            pool.retire(slot, "claimed by a start that lost the race for " + conversationId);
            return current(conversationId, owner);
        }
    }

    private SandboxRecord restart(SandboxRecord stopped, LaunchParameters requested, long began) {
        LaunchParameters parameters = requested != null ? requested
            : stopped.launch() != null ? LaunchParameters.fromJson(stopped.launch()) : null;
        if (parameters == null) {
            throw new IllegalStateException(stopped.id() + " has no launch parameters to resume with");
        }
        SandboxRecord starting;
        try {
            // The key stays: the older client reads it once, at /start, and sends it to the same URL after a resume.
            starting = registry.replace(stopped, stopped.toBuilder().status(SandboxStatus.STARTING)
                .sessionApiKey(stopped.sessionApiKey() != null ? stopped.sessionApiKey() : SessionKeys.generate()).taskArn(null).taskIp(null).ready(false).error(null)
                .warm(false).lastActivity(began).launch(parameters.toJson())
                .runAsUser(stopped.accessPointId() != null ? stopped.runAsUser() : parameters.runAsUser())
                .runAsGroup(stopped.accessPointId() != null ? stopped.runAsGroup() : parameters.runAsGroup()).build());
        } catch (VersionConflictException anotherRequestWon) {
            return current(stopped.id(), stopped.owner());
        }
        return launchCold(starting, parameters, began);
    }

    private SandboxRecord launchCold(SandboxRecord starting, LaunchParameters parameters, long began) {
        String accessPoint = starting.accessPointId();
        String directory = starting.workspaceDirectory();
        if (directory == null && accessPoint == null) {
            // A record from before directories carried a nonce, which never got an access point: it gets one now.
            directory = WorkspaceAccessPoints.newConversationDirectory(starting.id());
        }
        int workspaceUid = starting.workspaceUid();
        String task = null;
        try {
            if (accessPoint == null) {
                if (workspaceUid == 0) {
                    // A record from before workspace uids that never got an access point: it gets its own uid now.
                    workspaceUid = registry.allocateWorkspaceUid();
                }
                accessPoint = accessPoints.create(directory, starting.id(), workspaceUid);
            }
            LaunchParameters onWorkspace = new LaunchParameters(parameters.image(), parameters.command(),
                parameters.workingDir(), parameters.environment(), parameters.resourceFactor(), starting.runAsUser(),
                starting.runAsGroup());
            task = tasks.launch(onWorkspace.toSpec(starting.id(), accessPoint, starting.sessionApiKey()));
            SandboxRecord launched = registry.replace(starting, starting.toBuilder().accessPointId(accessPoint)
                .workspaceDirectory(directory).workspaceUid(workspaceUid).taskArn(task).build());
            metrics.count(SandboxMetrics.COLD_STARTS, 1);
            metrics.milliseconds(SandboxMetrics.START_LATENCY, clock.getAsLong() - began);
            return launched;
        } catch (VersionConflictException stoppedMeanwhile) {
            // A stop or delete overtook this start: what it started must not outlive the record.
            if (task != null) {
                tasks.stop(task, "superseded while starting");
            }
            return current(starting.id(), starting.owner());
        } catch (RuntimeException failed) {
            metrics.count(SandboxMetrics.CREATION_FAILURES, 1);
            if (task != null) {
                tasks.stop(task, "start failed");
            }
            // AWS's message names roles, accounts and request ids: it goes to the log, the client gets a reference.
            String correlationId = UUID.randomUUID().toString();
            try {
                registry.replace(starting, starting.toBuilder().status(SandboxStatus.ERROR).accessPointId(accessPoint)
                    .workspaceDirectory(directory).workspaceUid(workspaceUid).taskArn(null)
                    .error("could not start the sandbox (correlation id " + correlationId + ")").build());
            } catch (VersionConflictException ignored) {
                // Whoever changed it owns the record now.
            }
            throw new SandboxStartException(starting.id(), correlationId, failed);
        }
    }

    /** The sandbox's record, brought up to date with ECS and the agent server's health. */
    public SandboxRecord status(String id, String owner) {
        return refresh(current(id, owner));
    }

    /** The owner's records among the ids, each brought up to date; unknown ids and other owners' are left out. */
    public List<SandboxRecord> statuses(List<String> ids, String owner) {
        List<SandboxRecord> records = new ArrayList<>();
        for (SandboxRecord record : registry.getAll(ids)) {
            if (record.owner().equals(owner)) {
                records.add(refresh(record));
            }
        }
        return records;
    }

    /** The owner's sandboxes that are starting, running or paused (stopped and failed ones are not listed). */
    public List<SandboxRecord> list(String owner) {
        List<SandboxRecord> records = new ArrayList<>();
        for (SandboxRecord record : registry.byOwner(owner)) {
            if (LISTED.contains(record.status())) {
                records.add(record);
            }
        }
        records.sort((a, b) -> Long.compare(a.createdAt(), b.createdAt()));
        return records;
    }

    /** Notes client activity, at most once per activity interval; false if the sandbox is not live. */
    public boolean activity(String id, String owner) {
        SandboxRecord record = current(id, owner);
        if (!SandboxStatus.LIVE.contains(record.status())) {
            return false;
        }
        registry.touch(id, clock.getAsLong(), activityInterval.toMillis());
        return true;
    }

    /** Notes activity on a record just read (a client looking up one sandbox is using it). */
    public void noteActivity(SandboxRecord record) {
        if (SandboxStatus.LIVE.contains(record.status())
            && clock.getAsLong() - record.lastActivity() >= activityInterval.toMillis()) {
            registry.touch(record.id(), clock.getAsLong(), activityInterval.toMillis());
        }
    }

    public SandboxRecord pause(String id, String owner) {
        return halt(id, owner, SandboxStatus.PAUSED, "paused by the app server");
    }

    public SandboxRecord stop(String id, String owner) {
        return halt(id, owner, SandboxStatus.STOPPED, "stopped by the app server");
    }

    /** Starts a paused or stopped sandbox again, cold, on its own workspace, with its session key and name. */
    public SandboxRecord resume(String id, String owner) {
        SandboxRecord record = reconcile(current(id, owner));
        if (SandboxStatus.LIVE.contains(record.status())) {
            return record;
        }
        return restart(record, null, clock.getAsLong());
    }

    /**
     * Stops the task, removes the access point and forgets the conversation. Its directory, which no later
     * conversation gets (a new start of the same id draws a new nonce), is removed by the next purge.
     */
    public void delete(String id, String owner) {
        retrying(id, owner, record -> forget(record, "deleted by the app server"));
    }

    /**
     * Forgets a stopped or failed conversation whose last activity is before {@code cutoffMillis}, as /delete would:
     * V1's app server deletes a sandbox with /stop, never /delete. False if it changed since it was read (or is live).
     */
    public boolean expire(SandboxRecord candidate, long cutoffMillis) {
        Optional<SandboxRecord> fresh = registry.get(candidate.id());
        if (fresh.isEmpty() || !(fresh.get().status() == SandboxStatus.STOPPED || fresh.get().status() == SandboxStatus.ERROR)
            || fresh.get().lastActivity() >= cutoffMillis) {
            return false;
        }
        try {
            forget(fresh.get(), "retention of stopped conversations passed");
            return true;
        } catch (VersionConflictException changed) {
            return false;
        }
    }

    /** Stops the task, removes the access point and the record; its directory goes with the next purge. */
    private SandboxRecord forget(SandboxRecord record, String reason) {
        SandboxRecord stopped = record;
        if (record.status() != SandboxStatus.STOPPED) {
            stopped = registry.replace(record, record.toBuilder().status(SandboxStatus.STOPPED).build());
        }
        if (record.taskArn() != null) {
            tasks.stop(record.taskArn(), reason);
        }
        if (record.accessPointId() != null) {
            accessPoints.delete(record.accessPointId());
        }
        registry.delete(stopped);
        return stopped;
    }

    /** Marks the record and stops its task; the record is written first, so no start can reuse the dying task. */
    private SandboxRecord halt(String id, String owner, SandboxStatus target, String reason) {
        return retrying(id, owner, record -> {
            if (record.status() == target || (target == SandboxStatus.PAUSED && record.status() == SandboxStatus.STOPPED)) {
                return record;
            }
            if (!record.status().canBecome(target)) {
                return record;
            }
            SandboxRecord halted = registry.replace(record, record.toBuilder().status(target).taskIp(null).ready(false).build());
            if (record.taskArn() != null) {
                tasks.stop(record.taskArn(), reason);
            }
            return halted;
        });
    }

    /**
     * Applies what ECS and the agent server say to a record: a starting task that runs gets its address, a task that
     * stopped under a live record marks it, and the first successful health check makes it ready.
     */
    private SandboxRecord refresh(SandboxRecord record) {
        SandboxRecord current = reconcile(record);
        if (current.status() == SandboxStatus.RUNNING && !current.ready() && current.taskIp() != null && probe.answers(agentUrlOf(current))) {
            try {
                return registry.replace(current, current.toBuilder().ready(true).build());
            } catch (VersionConflictException changed) {
                return reread(current);
            }
        }
        return current;
    }

    /** Brings a STARTING or RUNNING record in line with its task's state in ECS. */
    private SandboxRecord reconcile(SandboxRecord record) {
        if (!SandboxStatus.LIVE.contains(record.status()) || record.taskArn() == null) {
            return record;
        }
        if (record.status() == SandboxStatus.RUNNING && record.ready() && record.taskIp() != null) {
            // A ready record is trusted; the task-state handler and the reaper catch tasks that stop under it.
            return record;
        }
        TaskState state = tasks.describe(List.of(record.taskArn())).get(record.taskArn());
        SandboxRecord next = null;
        if (state == null || state.isStopped()) {
            String why = state == null ? "task no longer known to ECS" : "task stopped: " + state.stoppedReason();
            next = record.status() == SandboxStatus.STARTING
                ? record.toBuilder().status(SandboxStatus.ERROR).error(why).taskIp(null).build()
                : record.toBuilder().status(SandboxStatus.STOPPED).error(why).taskIp(null).ready(false).build();
        } else if (state.isRunning() && state.privateIp() != null
            && (record.status() == SandboxStatus.STARTING || !state.privateIp().equals(record.taskIp()))) {
            next = record.toBuilder().status(SandboxStatus.RUNNING).taskIp(state.privateIp()).build();
        }
        if (next == null) {
            return record;
        }
        try {
            return registry.replace(record, next);
        } catch (VersionConflictException changed) {
            return reread(record);
        }
    }

    /** The owner's record for the id; to any other caller the conversation does not exist. */
    private SandboxRecord current(String id, String owner) {
        return ownedBy(registry.get(id).orElseThrow(() -> new SandboxNotFoundException(id)), owner);
    }

    /** The record as it is now, if it is still the same owner's; else the caller's last view of it. */
    private SandboxRecord reread(SandboxRecord record) {
        return registry.get(record.id()).filter(r -> r.owner().equals(record.owner())).orElse(record);
    }

    private static SandboxRecord ownedBy(SandboxRecord record, String owner) {
        if (!record.owner().equals(owner)) {
            throw new SandboxNotFoundException(record.id());
        }
        return record;
    }

    private SandboxRecord retrying(String id, String owner, Function<SandboxRecord, SandboxRecord> attempt) {
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            SandboxRecord record = current(id, owner);
            try {
                return attempt.apply(record);
            } catch (VersionConflictException raced) {
                // Re-read and decide again.
            }
        }
        throw new VersionConflictException(id, -1);
    }

    /**
     * Applies an ECS task state change to the record the task serves (or to the conversation that claimed its slot),
     * and points the record's name at a task that runs, or removes it when that task stops. A redelivered event
     * (EventBridge retries a failed invocation) finds the record written and only repeats the name change.
     */
    public void onTaskState(TaskState state) {
        if (state.recordId() == null) {
            return;
        }
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Optional<SandboxRecord> found = registry.servedBy(state.recordId());
            if (found.isEmpty() || !state.taskArn().equals(found.get().taskArn())) {
                // The task serves no record any more (resumed on a new task, or deleted): the name is not its to change.
                return;
            }
            SandboxRecord record = found.get();
            SandboxRecord next = transitionFor(record, state);
            try {
                SandboxRecord now = next == null ? record : registry.replace(record, next);
                name(now, state);
                return;
            } catch (VersionConflictException raced) {
                // Re-read and apply again.
            }
        }
    }

    private void name(SandboxRecord record, TaskState state) {
        if (state.isStopped()) {
            names.removeIfPointsAt(record, state.privateIp() != null ? state.privateIp() : record.taskIp());
            return;
        }
        if (!state.isRunning() || state.privateIp() == null || !state.privateIp().equals(record.taskIp())
            || !(record.status() == SandboxStatus.RUNNING || record.status() == SandboxStatus.POOL_WARM)) {
            return;
        }
        names.point(record, state.privateIp());
        // A pause or stop that was written between the read and the name change removed the name before it existed
        // (or will find it gone): look again, and take the name back from a task that no longer serves the record.
        Optional<SandboxRecord> after = registry.servedBy(state.recordId());
        if (after.isEmpty() || !state.taskArn().equals(after.get().taskArn()) || !state.privateIp().equals(after.get().taskIp())) {
            names.removeIfPointsAt(record, state.privateIp());
        }
    }

    private static SandboxRecord transitionFor(SandboxRecord record, TaskState state) {
        Map<SandboxStatus, SandboxStatus> onStop = Map.of(
            SandboxStatus.STARTING, SandboxStatus.ERROR,
            SandboxStatus.RUNNING, SandboxStatus.STOPPED,
            SandboxStatus.POOL_WARMING, SandboxStatus.POOL_RETIRED,
            SandboxStatus.POOL_WARM, SandboxStatus.POOL_RETIRED);
        if (state.isStopped() && onStop.containsKey(record.status())) {
            return record.toBuilder().status(onStop.get(record.status())).taskIp(null).ready(false)
                .error("task stopped: " + state.stoppedReason()).build();
        }
        if (state.isRunning() && state.privateIp() != null) {
            if (record.status() == SandboxStatus.STARTING) {
                return record.toBuilder().status(SandboxStatus.RUNNING).taskIp(state.privateIp()).build();
            }
            if (record.status() == SandboxStatus.POOL_WARMING) {
                return record.toBuilder().status(SandboxStatus.POOL_WARM).taskIp(state.privateIp()).build();
            }
        }
        return null;
    }
}
