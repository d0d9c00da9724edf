package dev.openhands.platform.modules.egress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceServiceRegistries;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.service_discovery_private_dns_namespace.ServiceDiscoveryPrivateDnsNamespace;
import com.hashicorp.cdktf.providers.aws.service_discovery_service.ServiceDiscoveryService;
import com.hashicorp.cdktf.providers.aws.service_discovery_service.ServiceDiscoveryServiceDnsConfig;
import com.hashicorp.cdktf.providers.aws.service_discovery_service.ServiceDiscoveryServiceDnsConfigDnsRecords;
import com.hashicorp.cdktf.providers.aws.service_discovery_service.ServiceDiscoveryServiceHealthCheckCustomConfig;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import dev.openhands.platform.modules.ecs.Fargate;
import dev.openhands.platform.modules.iam.TaskExecutionRole;
import dev.openhands.platform.modules.json.StableJson;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import software.constructs.Construct;

import java.util.List;

/**
 * The egress proxy of a VPC's sandboxes: squid with the {@link EgressProxyPolicy} allow-list, as an ECS Fargate service
 * (ARM64, private subnets, spread over their zones, on demand or on Spot) in its own cluster, reachable at a Cloud Map private DNS name.
 * Its security group admits nothing until a client group is admitted (the clients' construct adds that rule) and
 * lets it out to the internet on 443 and 80 only, through the VPC's NAT gateway.
 *
 * <p>No image is built: a stock squid image mirrored into the account's ECR runs the generated configuration, which
 * the task definition carries in an environment variable and the container writes to a file before it starts squid.
 * A change of the allow-list is a new task definition revision, rolled out by ECS with the old tasks serving until
 * the new ones run, and rolled back by the circuit breaker if they do not start. The access log goes to the task's
 * standard output ({@code tail -F} of squid's log file: squid drops root, and a non-root process cannot reopen the
 * container's stdout), so into an encrypted log group.
 */
public class EgressProxyService extends Construct implements ForwardProxy {

    /** The interface endpoints the proxy's tasks call: image pulls (ECR) and their log stream. */
    public static final List<String> ENDPOINT_SERVICES = List.of("ecr.api", "ecr.dkr", "logs");

    public static final String CONTAINER_NAME = "squid";
    /** 0.25 vCPU and 0.5 GiB per task: squid relays TLS tunnels without decrypting them. */
    public static final int CPU = 256;
    public static final int MEMORY_MIB = 512;
    static final String CONFIG_VARIABLE = "SQUID_CONF";
    static final String CONFIG_FILE = "/etc/squid/egress-allowlist.conf";
    static final String ACCESS_LOG = "/var/log/squid/access.log";
    /** Cloud Map's record TTL: how long a client may keep the address of a task that was replaced. */
    static final int DNS_TTL_SECONDS = 10;

    private final EgressProxyPolicy policy;
    private final SecurityGroup securityGroup;
    private final String securityGroupId; // read once: each attribute read is a round trip to Node
    private final EcsService service;
    private final EcsCluster cluster;
    private final EncryptedLogGroup logGroup;
    private final String host;

    public EgressProxyService(Construct scope, String id, EgressProxyServiceProps props) {
        super(scope, id);
        String name = props.name();
        this.policy = EgressProxyPolicy.builder()
            .allowedHosts(props.allowedHosts())
            .listen("0.0.0.0", EgressProxyPolicy.DEFAULT_PORT)
            .clientSources(List.of(props.network().getVpcCidr()))
            .extraDeniedDestinations(List.of(props.network().getVpcCidr()))
            .accessLog(ACCESS_LOG)
            .build();

        this.logGroup = new EncryptedLogGroup(this, "logs", new EncryptedLogGroupProps(
            "/openhands/" + name + "/egress-proxy", props.logs(), props.tags()));

        IamRole executionRole = TaskExecutionRole.builder(props.location(), "Proxy")
            .roleName(name + "-egress-proxy-execution")
            .description("Pulls the egress proxy image and writes its logs")
            .image(props.repositoryArn())
            .logGroupArn(logGroup.getArn())
            .tags(props.tags())
            .build(this);

        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(name + "-egress-proxy")
            .description("Egress proxy: its port from admitted client groups only; out to the internet on 443 and 80")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), name + "-egress-proxy"))
            .build();
        this.securityGroupId = securityGroup.getId();
        for (int port : new int[] {443, 80}) {
            // The allow-list is squid's: a security group cannot name hosts. Image pulls and logs use 443 to the VPC's endpoints.
            VpcSecurityGroupEgressRule.Builder.create(this, "internet-" + port)
                .securityGroupId(securityGroupId).cidrIpv4("0.0.0.0/0")
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .description("Allow-listed hosts through the NAT gateway; squid refuses the rest").build();
        }

        ServiceDiscoveryPrivateDnsNamespace namespace = ServiceDiscoveryPrivateDnsNamespace.Builder.create(this, "namespace")
            .name("egress." + name + ".internal")
            .description("Private name of the egress proxy")
            .vpc(props.network().getVpcId())
            .tags(props.tags())
            .build();
        ServiceDiscoveryService discovery = ServiceDiscoveryService.Builder.create(this, "discovery")
            .name("proxy")
            .description("Egress proxy tasks (A records, one per running task)")
            .dnsConfig(ServiceDiscoveryServiceDnsConfig.builder()
                .namespaceId(namespace.getId())
                .routingPolicy("MULTIVALUE")
                .dnsRecords(List.of(ServiceDiscoveryServiceDnsConfigDnsRecords.builder().type("A").ttl(DNS_TTL_SECONDS).build()))
                .build())
            .healthCheckCustomConfig(ServiceDiscoveryServiceHealthCheckCustomConfig.builder().build())
            .tags(props.tags())
            .build();
        this.host = "proxy.egress." + name + ".internal";

        this.cluster = Fargate.cluster(this, name + "-egress", props.tags());
        EcsTaskDefinition task = Fargate.armTask(this, "task", name + "-egress-proxy", CPU, MEMORY_MIB)
            .executionRoleArn(executionRole.getArn())
            .containerDefinitions(containerDefinitions(props, policy, logGroup))
            .tags(props.tags())
            .build();
        this.service = Fargate.spreadOverZones(Fargate.service(this, name + "-egress-proxy", cluster, task, props.desiredCount(),
                props.capacity(), props.network(), List.of(securityGroupId))
            .serviceRegistries(EcsServiceServiceRegistries.builder().registryArn(discovery.getArn()).build())
            .tags(props.tags()));
    }

    /** The container command: write the configuration from the environment, ship the access log, run squid in front. */
    static String startCommand() {
        return "printf '%s' \"$" + CONFIG_VARIABLE + "\" > " + CONFIG_FILE
            + " && { tail -F -q -n +1 " + ACCESS_LOG + " 2>/dev/null & }"
            + " && exec squid -N -d 1 -f " + CONFIG_FILE;
    }

    private static String containerDefinitions(EgressProxyServiceProps props, EgressProxyPolicy policy, EncryptedLogGroup logGroup) {
        ArrayNode definitions = JsonNodeFactory.instance.arrayNode();
        ObjectNode squid = definitions.addObject();
        squid.put("name", CONTAINER_NAME);
        squid.put("image", props.image());
        squid.put("essential", true);
        squid.put("memory", MEMORY_MIB);
        squid.putArray("entryPoint").add("/bin/sh").add("-c");
        squid.putArray("command").add(startCommand());
        squid.putArray("environment").addObject().put("name", CONFIG_VARIABLE).put("value", policy.squidConf());
        squid.putArray("portMappings").addObject().put("containerPort", policy.port()).put("hostPort", policy.port()).put("protocol", "tcp");
        squid.put("privileged", false);
        // squid writes its pid file, logs and configuration copy in the image's own directories.
        squid.put("readonlyRootFilesystem", false);
        squid.putObject("linuxParameters").put("initProcessEnabled", true);
        logGroup.writeLogConfiguration(squid, props.location().region(), "egress-proxy");
        return StableJson.write(definitions);
    }

    @Override
    public String getSecurityGroupId() {
        return securityGroupId;
    }

    @Override
    public int getPort() {
        return policy.port();
    }

    @Override
    public String getUrl() {
        return policy.proxyUrl(host);
    }

    /** The private DNS name clients resolve to the running tasks' addresses. */
    public String getHost() {
        return host;
    }

    /** What the proxy lets through: its squid configuration is {@code getPolicy().squidConf()}. */
    public EgressProxyPolicy getPolicy() {
        return policy;
    }

    public String getServiceName() {
        return service.getName();
    }

    public String getClusterName() {
        return cluster.getName();
    }

    public String getClusterArn() {
        return cluster.getArn();
    }

    public String getLogGroupName() {
        return logGroup.getName();
    }
}
