package dev.openhands.platform.sandbox.registry;

import java.util.Objects;

/**
 * One registry item: a conversation's sandbox, or a warm-pool slot (id {@value #SLOT_PREFIX}...). Immutable; a
 * change is a new record written with {@link SandboxRegistry#replace}, which bumps {@link #version()}.
 *
 * @param id            conversation (session) id, or the slot id
 * @param owner         the user the conversation belongs to, recorded at its first start: {@value #DEFAULT_OWNER} when
 *                      the caller named none (the stock single-user clients), {@value #POOL_OWNER} for slots
 * @param status        where the item is in its life
 * @param version       optimistic-locking counter; every write is conditional on it
 * @param taskArn       the ECS task serving the item, when one was started
 * @param taskIp        the task's private address, once ECS assigned one
 * @param accessPointId the EFS access point holding the workspace
 * @param workspaceDirectory the access point's root directory, relative to the workspace root: the conversation id
 *                      plus a nonce (a new conversation never reuses a deleted one's directory), or the slot's
 * @param sessionApiKey the key the agent server inside the task accepts
 * @param createdAt     epoch milliseconds
 * @param lastActivity  epoch milliseconds of the last client activity; what the idle reaper looks at
 * @param warm          whether the conversation started on a warm-pool slot
 * @param link          for a conversation, the slot it claimed; for a slot, the conversation that claimed it
 * @param ready         whether the agent server has answered its health check
 * @param error         why the item is in ERROR or POOL_RETIRED
 * @param runAsUser     the uid the sandbox's process runs as (and, for access points made before workspace uids, the
 *                      workspace owner's)
 * @param runAsGroup    the gid the sandbox's process runs as
 * @param workspaceUid  the uid and gid every file operation through the workspace's access point is made as, and the
 *                      owner of its directory: one per conversation or slot, never shared by two; 0 for access points
 *                      made before workspace uids (those used runAsUser/runAsGroup)
 * @param expiresAt     epoch seconds after which DynamoDB's TTL may delete a finished slot; null for live items
 * @param launch        what the task was started with (JSON), so a resume starts it the same way
 */
public record SandboxRecord(
    String id,
    String owner,
    SandboxStatus status,
    long version,
    String taskArn,
    String taskIp,
    String accessPointId,
    String workspaceDirectory,
    String sessionApiKey,
    long createdAt,
    long lastActivity,
    boolean warm,
    String link,
    boolean ready,
    String error,
    int runAsUser,
    int runAsGroup,
    int workspaceUid,
    Long expiresAt,
    String launch) {

    public static final String SLOT_PREFIX = "pool#";
    /**
     * The owner of conversations started by callers that name no user. The value is what earlier releases stored
     * for every conversation, so those stay with the stock clients; no caller may name it explicitly.
     */
    public static final String DEFAULT_OWNER = "unassigned";
    /** The owner of warm-pool slots: not a user name any caller can give ('#' is outside the allowed characters). */
    public static final String POOL_OWNER = "#pool";

    public SandboxRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        if (status.isSlot() != id.startsWith(SLOT_PREFIX)) {
            throw new IllegalArgumentException("status " + status + " does not fit item " + id);
        }
    }

    public boolean isSlot() {
        return status.isSlot();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder(String id, SandboxStatus status) {
        return new Builder(id, status);
    }

    /** Copies a record field by field; only {@link SandboxRegistry} decides the version written. */
    public static final class Builder {
        private final String id;
        private String owner = DEFAULT_OWNER;
        private SandboxStatus status;
        private long version;
        private String taskArn;
        private String taskIp;
        private String accessPointId;
        private String workspaceDirectory;
        private String sessionApiKey;
        private long createdAt;
        private long lastActivity;
        private boolean warm;
        private String link;
        private boolean ready;
        private String error;
        private int runAsUser;
        private int runAsGroup;
        private int workspaceUid;
        private Long expiresAt;
        private String launch;

        private Builder(String id, SandboxStatus status) {
            this.id = id;
            this.status = status;
        }

        private Builder(SandboxRecord r) {
            this(r.id, r.status);
            owner = r.owner;
            version = r.version;
            taskArn = r.taskArn;
            taskIp = r.taskIp;
            accessPointId = r.accessPointId;
            workspaceDirectory = r.workspaceDirectory;
            sessionApiKey = r.sessionApiKey;
            createdAt = r.createdAt;
            lastActivity = r.lastActivity;
            warm = r.warm;
            link = r.link;
            ready = r.ready;
            error = r.error;
            runAsUser = r.runAsUser;
            runAsGroup = r.runAsGroup;
            workspaceUid = r.workspaceUid;
            expiresAt = r.expiresAt;
            launch = r.launch;
        }

        public Builder owner(String value) { owner = value; return this; }
        public Builder status(SandboxStatus value) { status = value; return this; }
        public Builder version(long value) { version = value; return this; }
        public Builder taskArn(String value) { taskArn = value; return this; }
        public Builder taskIp(String value) { taskIp = value; return this; }
        public Builder accessPointId(String value) { accessPointId = value; return this; }
        public Builder workspaceDirectory(String value) { workspaceDirectory = value; return this; }
        public Builder sessionApiKey(String value) { sessionApiKey = value; return this; }
        public Builder createdAt(long value) { createdAt = value; return this; }
        public Builder lastActivity(long value) { lastActivity = value; return this; }
        public Builder warm(boolean value) { warm = value; return this; }
        public Builder link(String value) { link = value; return this; }
        public Builder ready(boolean value) { ready = value; return this; }
        public Builder error(String value) { error = value; return this; }
        public Builder runAsUser(int value) { runAsUser = value; return this; }
        public Builder runAsGroup(int value) { runAsGroup = value; return this; }
        public Builder workspaceUid(int value) { workspaceUid = value; return this; }
        public Builder expiresAt(Long value) { expiresAt = value; return this; }
        public Builder launch(String value) { launch = value; return this; }

        public SandboxRecord build() {
            return new SandboxRecord(id, owner, status, version, taskArn, taskIp, accessPointId, workspaceDirectory, sessionApiKey,
                createdAt, lastActivity, warm, link, ready, error, runAsUser, runAsGroup, workspaceUid, expiresAt, launch);
        }
    }
}
