package dev.openhands.platform.modules.data;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.TerraformLocal;
import com.hashicorp.cdktf.providers.aws.db_proxy.DbProxy;
import com.hashicorp.cdktf.providers.aws.db_proxy.DbProxyAuth;
import com.hashicorp.cdktf.providers.aws.db_proxy_default_target_group.DbProxyDefaultTargetGroup;
import com.hashicorp.cdktf.providers.aws.db_proxy_default_target_group.DbProxyDefaultTargetGroupConnectionPoolConfig;
import com.hashicorp.cdktf.providers.aws.db_proxy_target.DbProxyTarget;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.openhands.platform.modules.iam.AwsPartition;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.iam.ServiceTrust;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RDS Proxy in front of an Aurora cluster: TLS required, clients authenticate with IAM, the proxy authenticates to
 * the database with the Secrets Manager secret through a role that can read only that secret and decrypt only with
 * its key. The proxy admits 5432 only from its client security group (attach it to the app and the orchestrator)
 * and any named groups; the cluster admits 5432 only from the proxy.
 */
public class DatabaseProxy extends Construct implements DatabaseEndpoint {

    private final DbProxy proxy;
    private final String proxyName;
    private final SecurityGroup clientGroup;
    private final String clientGroupId;
    private final PolicyDocument rolePolicy;
    private final String connectArn;
    private final String username;

    public DatabaseProxy(Construct scope, String id, DatabaseProxyProps props) {
        super(scope, id);
        int port = AuroraServerless.PORT;
        DatabaseCluster cluster = props.cluster();
        String secretArn = cluster.getMasterUserSecretArn();
        SecurityGroup proxyGroup = SecurityGroup.Builder.create(this, "sg")
            .name(props.name() + "-proxy")
            .description("RDS Proxy: PostgreSQL from its clients, to the cluster")
            .vpcId(props.network().getVpcId())
            .tags(Map.of("Name", props.name() + "-proxy"))
            .build();
        String proxyGroupId = proxyGroup.getId();
        this.clientGroup = SecurityGroup.Builder.create(this, "client-sg")
            .name(props.name() + "-proxy-client")
            .description("Attach to whatever may connect to the database proxy")
            .vpcId(props.network().getVpcId())
            .tags(Map.of("Name", props.name() + "-proxy-client"))
            .build();
        this.clientGroupId = clientGroup.getId();
        VpcSecurityGroupEgressRule.Builder.create(this, "client-to-proxy")
            .securityGroupId(clientGroupId).referencedSecurityGroupId(proxyGroupId)
            .ipProtocol("tcp").fromPort(port).toPort(port).description("PostgreSQL to the proxy").build();
        List<String> admitted = new ArrayList<>();
        admitted.add(clientGroupId);
        admitted.addAll(props.clientSecurityGroupIds());
        for (int i = 0; i < admitted.size(); i++) {
            VpcSecurityGroupIngressRule.Builder.create(this, "from-client-" + i)
                .securityGroupId(proxyGroupId).referencedSecurityGroupId(admitted.get(i))
                .ipProtocol("tcp").fromPort(port).toPort(port).description("PostgreSQL from a proxy client").build();
        }
        VpcSecurityGroupEgressRule.Builder.create(this, "proxy-to-cluster")
            .securityGroupId(proxyGroupId).referencedSecurityGroupId(cluster.getSecurityGroupId())
            .ipProtocol("tcp").fromPort(port).toPort(port).description("PostgreSQL to the cluster").build();
        VpcSecurityGroupIngressRule.Builder.create(this, "cluster-from-proxy")
            .securityGroupId(cluster.getSecurityGroupId()).referencedSecurityGroupId(proxyGroupId)
            .ipProtocol("tcp").fromPort(port).toPort(port).description("PostgreSQL from the RDS Proxy").build();

        PolicyDocument trust = ServiceTrust.of("RdsAssumesRole", "rds.amazonaws.com", props.location());
        IamRole role = IamRole.Builder.create(this, "role")
            .name(props.name() + "-proxy")
            .description("RDS Proxy " + props.name() + ": read the database secret")
            .assumeRolePolicy(trust.toJson())
            .tags(props.tags())
            .build();
        this.rolePolicy = PolicyDocument.of(
            Statement.allow("ReadTheDatabaseSecret", List.of("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
                List.of(secretArn)),
            Statement.allow("DecryptItThroughSecretsManager", List.of("kms:Decrypt"), List.of(cluster.getEncryptionKey().getArn()))
                .withCondition("StringEquals", "kms:ViaService",
                    List.of("secretsmanager." + props.location().region() + "." + AwsPartition.dnsSuffix(props.location().region()))));
        IamRolePolicy.Builder.create(this, "role-policy")
            .name("read-database-secret")
            .role(role.getId())
            .policy(rolePolicy.toJson())
            .build();

        this.proxy = DbProxy.Builder.create(this, "proxy")
            .name(props.name())
            .engineFamily("POSTGRESQL")
            .requireTls(true)
            .idleClientTimeout(props.connections().idleClientTimeoutSeconds())
            .roleArn(role.getArn())
            .vpcSubnetIds(props.network().getPrivateSubnetIds())
            .vpcSecurityGroupIds(List.of(proxyGroupId))
            .auth(List.of(DbProxyAuth.builder()
                .authScheme("SECRETS")
                .iamAuth("REQUIRED")
                .secretArn(secretArn)
                .description("managed master secret")
                .build()))
            .debugLogging(false)
            .tags(props.tags())
            .build();
        this.proxyName = proxy.getName();
        DbProxyDefaultTargetGroup targetGroup = DbProxyDefaultTargetGroup.Builder.create(this, "target-group")
            .dbProxyName(proxyName)
            .connectionPoolConfig(DbProxyDefaultTargetGroupConnectionPoolConfig.builder()
                .connectionBorrowTimeout(props.connections().connectionBorrowTimeoutSeconds())
                .maxConnectionsPercent(props.connections().maxConnectionsPercent())
                .build())
            .build();
        DbProxyTarget.Builder.create(this, "target")
            .dbProxyName(proxyName)
            .targetGroupName(targetGroup.getName())
            .dbClusterIdentifier(cluster.getClusterIdentifier())
            .build();
        // IAM auth names the proxy by its resource id (prx-...), the last field of its ARN, and the user by name.
        this.username = cluster.getMasterUsername();
        // A local, so that policies hold a plain reference and no quoted function arguments inside their JSON.
        String resourceId = new TerraformLocal(this, "resource-id", Fn.element(Fn.split(":", proxy.getArn()), 6)).getAsString();
        this.connectArn = "arn:" + props.location().partition() + ":rds-db:" + props.location().region() + ":"
            + props.location().accountId() + ":dbuser:" + resourceId + "/" + username;
    }

    /** The exact {@code rds-db:connect} resource of the proxy's one user, for the roles of its clients. */
    @Override
    public String getConnectArn() {
        return connectArn;
    }

    /** The database user clients connect as (the proxy holds its secret). */
    @Override
    public String getUsername() {
        return username;
    }

    public String getName() {
        return proxyName;
    }

    @Override
    public java.util.Optional<String> getProxyName() {
        return java.util.Optional.of(proxyName);
    }

    @Override
    public String getEndpoint() {
        return proxy.getEndpoint();
    }

    @Override
    public String getClientSecurityGroupId() {
        return clientGroupId;
    }

    public PolicyDocument getRolePolicy() {
        return rolePolicy;
    }
}
