package dev.openhands.platform.modules.data;

import java.util.Objects;

/**
 * A file system that holds sandbox workspaces, as the tasks that mount it and the code that creates its access points
 * need it. {@link WorkspaceFileSystem} is one; {@link #of} names one created elsewhere.
 */
public interface WorkspaceStorage {

    String getFileSystemId();

    String getFileSystemArn();

    /** The group a task carries to be admitted to the mount targets on NFS. */
    String getClientSecurityGroupId();

    /**
     * The mount targets, for whatever must not be created before the file system can be mounted (a Lambda function
     * with a file-system configuration fails to create without one); none for a file system created elsewhere.
     */
    default java.util.List<com.hashicorp.cdktf.ITerraformDependable> mountTargets() {
        return java.util.List.of();
    }

    static WorkspaceStorage of(String fileSystemId, String fileSystemArn, String clientSecurityGroupId) {
        Objects.requireNonNull(fileSystemId, "fileSystemId");
        Objects.requireNonNull(fileSystemArn, "fileSystemArn");
        Objects.requireNonNull(clientSecurityGroupId, "clientSecurityGroupId");
        if (!fileSystemArn.startsWith("${") && !fileSystemArn.contains(":elasticfilesystem:")) {
            throw new IllegalArgumentException("'" + fileSystemArn + "' is not an EFS file system ARN");
        }
        return new WorkspaceStorage() {
            @Override
            public String getFileSystemId() {
                return fileSystemId;
            }

            @Override
            public String getFileSystemArn() {
                return fileSystemArn;
            }

            @Override
            public String getClientSecurityGroupId() {
                return clientSecurityGroupId;
            }
        };
    }
}
