package dev.openhands.platform.sandbox.launch;

import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.Tag;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * One EFS access point per workspace. The root directory is built only from an id that already matched
 * {@link #SAFE_ID}, so no request can reach another conversation's directory or leave the workspace root.
 */
public final class WorkspaceAccessPoints {

    public static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");
    /** The orchestrator's role may delete only access points carrying this tag with its environment's name. */
    public static final String ENVIRONMENT_TAG = "openhands:environment";

    private final Supplier<EfsClient> efsClient;
    private final String fileSystemId;
    private final String workspaceRoot;
    private final String environmentName;

    public WorkspaceAccessPoints(Supplier<EfsClient> efs, String fileSystemId, String workspaceRoot, String environmentName) {
        this.efsClient = efs;
        this.fileSystemId = fileSystemId;
        this.workspaceRoot = workspaceRoot.endsWith("/") ? workspaceRoot.substring(0, workspaceRoot.length() - 1) : workspaceRoot;
        this.environmentName = environmentName;
    }

    /** The directory an id's access point is rooted at. */
    public String rootFor(String directoryId) {
        if (!SAFE_ID.matcher(directoryId).matches()) {
            throw new IllegalArgumentException("unsafe workspace directory id: " + directoryId);
        }
        return workspaceRoot + "/" + directoryId;
    }

    /**
     * Creates the access point for {@code directoryId}, owned by uid/gid: every file written through it belongs to
     * that user whatever uid the process has, and the directory is created on first mount.
     */
    public String create(String directoryId, String recordId, int uid, int gid) {
        String root = rootFor(directoryId);
        return efsClient.get().createAccessPoint(b -> b.fileSystemId(fileSystemId)
            .posixUser(p -> p.uid((long) uid).gid((long) gid))
            .rootDirectory(d -> d.path(root).creationInfo(c -> c.ownerUid((long) uid).ownerGid((long) gid).permissions("0750")))
            .tags(Tag.builder().key("Name").value("openhands-" + environmentName + "-" + directoryId).build(),
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
