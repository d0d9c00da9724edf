package dev.openhands.platform.modules.data;

/**
 * Where the app and the orchestrator connect to PostgreSQL, whichever way the environment reaches its cluster:
 * through {@link DatabaseProxy} or straight to the writer ({@link DirectDatabaseAccess}). Both require TLS and admit
 * IAM authentication, so a consumer attaches the client group and connects to the endpoint the same way.
 */
public interface DatabaseEndpoint {

    /** Host name to connect to on {@link AuroraServerless#PORT}. */
    String getEndpoint();

    /** Attach to whatever may connect; nothing else reaches the database's port. */
    String getClientSecurityGroupId();

    /** The database user clients connect as. */
    String getUsername();

    /** The exact {@code rds-db:connect} resource of that user here, for the roles of the clients (IAM authentication). */
    String getConnectArn();

    /** The RDS Proxy's name when clients go through one (its connection metrics are alarmed on), empty otherwise. */
    java.util.Optional<String> getProxyName();
}
