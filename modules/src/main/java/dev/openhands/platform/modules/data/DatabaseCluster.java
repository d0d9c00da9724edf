package dev.openhands.platform.modules.data;

import dev.openhands.platform.modules.kms.EncryptionKey;

/**
 * What a {@link DatabaseProxy} needs of the cluster behind it. {@link AuroraServerless} is one; taking the cluster
 * rather than its identifier, group and secret as three strings keeps them from coming from different clusters.
 */
public interface DatabaseCluster {

    String getClusterIdentifier();

    /** The writer's host name, for clients that connect without a proxy. */
    String getWriterEndpoint();

    /** The cluster's resource id ({@code cluster-...}): IAM database authentication names the cluster by it. */
    String getClusterResourceId();

    /** The cluster's security group; the proxy adds the rule that admits it there. */
    String getSecurityGroupId();

    /** ARN of the Secrets Manager secret the proxy authenticates with. */
    String getMasterUserSecretArn();

    /** The key that encrypts that secret; the proxy's role may decrypt with it through Secrets Manager only. */
    EncryptionKey getEncryptionKey();

    /** The user that secret holds: the one clients of an IAM-authenticated proxy connect as. */
    String getMasterUsername();
}
