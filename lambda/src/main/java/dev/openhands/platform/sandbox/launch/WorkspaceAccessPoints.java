package dev.openhands.platform.sandbox.launch;

import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.Tag;

import java.security.SecureRandom;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One EFS access point per workspace. Conversations and warm-pool slots live under separate directories of the
 * workspace root ({@value #CONVERSATIONS} and {@value #POOL}), and a conversation's directory is its id plus a nonce
 * drawn when the conversation is first recorded: no request can name another conversation's directory, a slot's,
 * or (after a delete) the directory of an earlier conversation with the same id.
 */
public final class WorkspaceAccessPoints {

    public static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
    /** The orchestrator's role may delete only access points carrying this tag with its environment's name. */
    public static final String ENVIRONMENT_TAG = "openhands:environment";
    /** Conversations' directories. '.' is outside {@link #SAFE_ID}: no directory of an earlier layout has this name. */
    public static final String CONVERSATIONS = "conv.d";
    /** Warm-pool slots' directories. */
    public static final String POOL = "pool.d";
    /** EFS limits an access point's root directory path to 100 characters. */
    static final int MAX_ROOT_PATH = 100;
    static final int NONCE_LENGTH = 12;
    /** The longest directory below the workspace root: {@value #CONVERSATIONS}/, a 64-character id, '-', the nonce. */
    static final int MAX_DIRECTORY = CONVERSATIONS.length() + 1 + 64 + 1 + NONCE_LENGTH;
    /** How long the workspace root may be so that every directory's path fits EFS's limit. */
    public static final int MAX_WORKSPACE_ROOT = MAX_ROOT_PATH - 1 - MAX_DIRECTORY;
    private static final Pattern DIRECTORY = Pattern.compile("^(conv\\.d|pool\\.d)/[A-Za-z0-9-]{1,77}$");
    private static final char[] NONCE_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final Supplier<EfsClient> efsClient;
    private final String fileSystemId;
    private final String workspaceRoot;
    private final String environmentName;

    public WorkspaceAccessPoints(Supplier<EfsClient> efs, String fileSystemId, String workspaceRoot, String environmentName) {
        this.efsClient = efs;
        this.fileSystemId = fileSystemId;
        this.workspaceRoot = workspaceRoot.endsWith("/") ? workspaceRoot.substring(0, workspaceRoot.length() - 1) : workspaceRoot;
        this.environmentName = environmentName;
        if (this.workspaceRoot.length() > MAX_WORKSPACE_ROOT) {
            throw new IllegalArgumentException("workspace root " + workspaceRoot + " is longer than " + MAX_WORKSPACE_ROOT + " characters");
        }
    }

    /** A directory no conversation ever had: the id (for whoever reads the file system) and a fresh random nonce. */
    public static String newConversationDirectory(String conversationId) {
        if (!SAFE_ID.matcher(conversationId).matches()) {
            throw new IllegalArgumentException("unsafe conversation id: " + conversationId);
        }
        SecureRandom random = new SecureRandom();
        StringBuilder nonce = new StringBuilder(NONCE_LENGTH);
        for (int i = 0; i < NONCE_LENGTH; i++) {
            nonce.append(NONCE_ALPHABET[random.nextInt(NONCE_ALPHABET.length)]);
        }
        return CONVERSATIONS + "/" + conversationId + "-" + nonce;
    }

    /** The directory of a warm-pool slot. */
    public static String slotDirectory(String slotName) {
        return POOL + "/" + slotName;
    }

    /** The directory an access point is rooted at. */
    public String rootFor(String directory) {
        if (!DIRECTORY.matcher(directory).matches()) {
            throw new IllegalArgumentException("not a workspace directory: " + directory);
        }
        return workspaceRoot + "/" + directory;
    }

    /** Mode of a workspace directory: its own uid only (no other uid or gid is ever the workspace's, see create). */
    public static final String DIRECTORY_MODE = "0700";

    /**
     * Creates the access point for {@code directory} (below the workspace root) with the workspace's own uid, used as
     * uid and gid: every file operation through it is made as that user whatever uid the sandbox's process has, the
     * directory is created on first mount owned by it with mode {@value #DIRECTORY_MODE}, and no other conversation's
     * access point ever has that uid, so no other workspace's files are that user's.
     */
    public String create(String directory, String recordId, int workspaceUid) {
        String root = rootFor(directory);
        long id = workspaceUid;
        return efsClient.get().createAccessPoint(b -> b.fileSystemId(fileSystemId)
            .posixUser(p -> p.uid(id).gid(id))
            .rootDirectory(d -> d.path(root).creationInfo(c -> c.ownerUid(id).ownerGid(id).permissions(DIRECTORY_MODE)))
            .tags(Tag.builder().key("Name").value("openhands-" + environmentName + "-" + directory.replace('/', '-')).build(),
                Tag.builder().key(ENVIRONMENT_TAG).value(environmentName).build(),
                Tag.builder().key("openhands:sandbox").value(recordId.replace('#', '-')).build()))
            .accessPointId();
    }

    /** Removes the access point; the files under its root stay on the file system. */
    public void delete(String accessPointId) {
        try {
            efsClient.get().deleteAccessPoint(b -> b.accessPointId(accessPointId));
        } catch (AccessPointNotFoundException alreadyGone) {
            // Deleting is the goal; a retry after a partial failure finds nothing to do.
        }
    }

    public boolean exists(String accessPointId) {
        try {
            return !efsClient.get().describeAccessPoints(b -> b.accessPointId(accessPointId)).accessPoints().isEmpty();
        } catch (AccessPointNotFoundException gone) {
            return false;
        }
    }
}
