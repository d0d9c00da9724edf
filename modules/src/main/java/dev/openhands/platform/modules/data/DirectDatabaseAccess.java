package dev.openhands.platform.modules.data;

import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import software.constructs.Construct;

import java.util.Map;

/**
 * Clients reach the cluster's writer without RDS Proxy, whose 8-ACU minimum charge outweighs a small paused cluster:
 * a client security group that may open 5432 to the cluster only, and the cluster admitting that group only. TLS and
 * IAM authentication are the cluster's own ({@code rds.force_ssl} and IAM database authentication in
 * {@link AuroraServerless}), so a client connects exactly as it would to the proxy; what it loses is the pooling and
 * the proxy's hiding of a failover.
 */
public class DirectDatabaseAccess extends Construct implements DatabaseEndpoint {

    private final String endpoint;
    private final SecurityGroup clientGroup;
    private final String clientGroupId;
    private final String username;
    private final String connectArn;

    public DirectDatabaseAccess(Construct scope, String id, DirectDatabaseAccessProps props) {
        super(scope, id);
        int port = AuroraServerless.PORT;
        DatabaseCluster cluster = props.cluster();
        this.endpoint = cluster.getWriterEndpoint();
        this.username = cluster.getMasterUsername();
        this.connectArn = "arn:" + props.location().partition() + ":rds-db:" + props.location().region() + ":"
            + props.location().accountId() + ":dbuser:" + cluster.getClusterResourceId() + "/" + username;
        this.clientGroup = SecurityGroup.Builder.create(this, "client-sg")
            .name(props.name() + "-db-client")
            .description("Attach to whatever may connect to the database writer")
            .vpcId(props.network().getVpcId())
            .tags(Map.of("Name", props.name() + "-db-client"))
            .build();
        this.clientGroupId = clientGroup.getId();
        VpcSecurityGroupEgressRule.Builder.create(this, "client-to-cluster")
            .securityGroupId(clientGroupId).referencedSecurityGroupId(cluster.getSecurityGroupId())
            .ipProtocol("tcp").fromPort(port).toPort(port).description("PostgreSQL to the cluster").build();
        VpcSecurityGroupIngressRule.Builder.create(this, "cluster-from-client")
            .securityGroupId(cluster.getSecurityGroupId()).referencedSecurityGroupId(clientGroupId)
            .ipProtocol("tcp").fromPort(port).toPort(port).description("PostgreSQL from a database client").build();
    }

    @Override
    public String getEndpoint() {
        return endpoint;
    }

    @Override
    public String getClientSecurityGroupId() {
        return clientGroupId;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getConnectArn() {
        return connectArn;
    }

    @Override
    public java.util.Optional<String> getProxyName() {
        return java.util.Optional.empty();
    }
}
