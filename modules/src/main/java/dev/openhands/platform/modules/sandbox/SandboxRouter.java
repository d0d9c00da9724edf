package dev.openhands.platform.modules.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceLoadBalancer;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionVolume;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import dev.openhands.platform.modules.ecs.Fargate;
import dev.openhands.platform.modules.iam.TaskExecutionRole;
import dev.openhands.platform.modules.json.StableJson;
import dev.openhands.platform.modules.network.EndpointAccess;
import dev.openhands.platform.modules.network.EndpointAccessProps;
import dev.openhands.platform.modules.network.PrivateNetwork;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * The sandbox router: nginx running {@link SandboxRouterConfig#nginxConf()} as an ECS Fargate service (ARM64, private
 * subnets, spread over their zones) in its own cluster, registered in the target groups of the load balancers that
 * forward sandbox host names to it. It maps {@code <label>.<public domain>} (and the {@code vscode-}/{@code work-N-}
 * names) to the sandbox's private name, which the orchestrator keeps, and so to the task's address.
 *
 * <p>No image is built: a stock nginx image mirrored into the account's ECR runs the generated configuration, which
 * the task definition carries in an environment variable and the container writes to a file before it starts nginx
 * (as the egress proxy does with squid). A route change is a new task definition revision, visible in the plan diff,
 * rolled out beside the old tasks and rolled back by the circuit breaker. The root file system is read-only; nginx
 * writes its configuration, pid file and buffers to a task-local volume at {@code /tmp}, which a short init container
 * makes writable for nginx's unprivileged user (a Fargate volume is root's). The task has no role: it calls no AWS API.
 *
 * <p>Network: the router's group admits its port only from the load balancers' groups and reaches only the route
 * ports of the sandbox group (and its image and log endpoints). DNS to the VPC's resolver needs no rule: security
 * groups do not filter traffic to the Amazon-provided DNS server.
 */
public class SandboxRouter extends Construct {

    /** The interface endpoints the router's tasks call: image pulls (ECR) and their log stream. */
    public static final List<String> ENDPOINT_SERVICES = List.of("ecr.api", "ecr.dkr", "logs");
    public static final String CONTAINER_NAME = "nginx";
    static final String INIT_CONTAINER_NAME = "prepare-tmp";
    /** 0.25 vCPU and 0.5 GiB per task: nginx relays bytes and holds idle WebSockets. */
    public static final int CPU = 256;
    public static final int MEMORY_MIB = 512;
    static final String CONFIG_VARIABLE = "NGINX_CONF";
    static final String RUNTIME_DIRECTORY = "/tmp";
    /** The stock image's nginx user and group (uid and gid 101 in both the Debian and the Alpine variants). */
    static final String NGINX_USER = "101:101";

    private final SecurityGroup securityGroup;
    private final String securityGroupId; // read once: each attribute read is a round trip to Node
    private final EcsService service;
    private final EcsCluster cluster;
    private final EncryptedLogGroup logGroup;
    private final SandboxRouterConfig routes;

    public SandboxRouter(Construct scope, String id, SandboxRouterProps props) {
        super(scope, id);
        String name = props.name();
        this.routes = props.routes();
        if (!routes.runtimeDirectory().equals(RUNTIME_DIRECTORY)) {
            throw new IllegalArgumentException("routes keep nginx's files in " + routes.runtimeDirectory() + "; the task's writable volume is "
                + RUNTIME_DIRECTORY + " (use SandboxRouterConfig.inVpc)");
        }
        this.logGroup = new EncryptedLogGroup(this, "logs", new EncryptedLogGroupProps(
            "/openhands/" + name + "/sandbox-router", props.logs(), props.tags()));

        IamRole executionRole = TaskExecutionRole.builder(props.location(), "Router")
            .roleName(name + "-sandbox-router-execution")
            .description("Pulls the sandbox router image and writes its logs")
            .image(props.repositoryArn())
            .logGroupArn(logGroup.getArn())
            .tags(props.tags())
            .build(this);

        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(name + "-sandbox-router")
            .description("Sandbox router: its port from the load balancers only; out to the sandboxes' route ports")
            .vpcId(props.network().getVpcId())
            .tags(PrivateNetwork.named(props.tags(), name + "-sandbox-router"))
            .build();
        this.securityGroupId = securityGroup.getId();
        int index = 0;
        for (LoadBalancerAttachment lb : props.loadBalancers()) {
            VpcSecurityGroupIngressRule.Builder.create(this, "from-load-balancer-" + index)
                .securityGroupId(securityGroupId).referencedSecurityGroupId(lb.loadBalancerSecurityGroupId())
                .ipProtocol("tcp").fromPort(routes.listenPort()).toPort(routes.listenPort())
                .description("Sandbox host names forwarded by a load balancer").build();
            VpcSecurityGroupEgressRule.Builder.create(this, "load-balancer-" + index + "-to-router")
                .securityGroupId(lb.loadBalancerSecurityGroupId()).referencedSecurityGroupId(securityGroupId)
                .ipProtocol("tcp").fromPort(routes.listenPort()).toPort(routes.listenPort())
                .description("To the sandbox router").build();
            index++;
        }
        for (int port : routes.sandboxPorts()) {
            VpcSecurityGroupEgressRule.Builder.create(this, "to-sandboxes-" + port)
                .securityGroupId(securityGroupId).referencedSecurityGroupId(props.sandboxSecurityGroupId())
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .description("Sandbox route port " + port).build();
            VpcSecurityGroupIngressRule.Builder.create(this, "sandboxes-from-router-" + port)
                .securityGroupId(props.sandboxSecurityGroupId()).referencedSecurityGroupId(securityGroupId)
                .ipProtocol("tcp").fromPort(port).toPort(port)
                .description("The sandbox router, port " + port).build();
        }
        new EndpointAccess(this, "https-to-endpoints", new EndpointAccessProps("sandbox-router", securityGroupId,
            props.endpoints().interfaceEndpoints(ENDPOINT_SERVICES)));
        VpcSecurityGroupEgressRule.Builder.create(this, "https-to-s3")
            .securityGroupId(securityGroupId).prefixListId(props.endpoints().getS3PrefixListId())
            .ipProtocol("tcp").fromPort(443).toPort(443)
            .description("Image layers from S3 through the gateway endpoint").build();

        this.cluster = Fargate.cluster(this, name + "-sandbox-router", props.tags());
        EcsTaskDefinition task = Fargate.armTask(this, "task", name + "-sandbox-router", CPU, MEMORY_MIB)
            .executionRoleArn(executionRole.getArn())
            .volume(List.of(EcsTaskDefinitionVolume.builder().name("tmp").build()))
            .containerDefinitions(containerDefinitions(props))
            .tags(props.tags())
            .build();
        List<EcsServiceLoadBalancer> targets = new ArrayList<>();
        for (LoadBalancerAttachment lb : props.loadBalancers()) {
            targets.add(EcsServiceLoadBalancer.builder().targetGroupArn(lb.targetGroupArn())
                .containerName(CONTAINER_NAME).containerPort(routes.listenPort()).build());
        }
        this.service = Fargate.spreadOverZones(Fargate.service(this, name + "-sandbox-router", cluster, task, props.tasks().count(),
                props.tasks().capacity(), props.network(), List.of(securityGroupId))
            .loadBalancer(targets)
            .healthCheckGracePeriodSeconds(30)
            .tags(props.tags()));
    }

    /** The container command: write the configuration from the environment, run nginx on it in front. */
    static String startCommand() {
        String conf = RUNTIME_DIRECTORY + "/nginx.conf";
        return "printf '%s' \"$" + CONFIG_VARIABLE + "\" > " + conf + " && exec nginx -e stderr -c " + conf;
    }

    private String containerDefinitions(SandboxRouterProps props) {
        ArrayNode definitions = JsonNodeFactory.instance.arrayNode();
        // A Fargate volume is root's; nginx runs as its own user and writes its files there.
        ObjectNode init = definitions.addObject();
        init.put("name", INIT_CONTAINER_NAME);
        init.put("image", props.image());
        init.put("essential", false);
        init.put("memory", 32);
        init.putArray("entryPoint").add("/bin/sh").add("-c");
        init.putArray("command").add("chmod 1777 " + RUNTIME_DIRECTORY);
        init.put("user", "0");
        commonSettings(init, props);

        ObjectNode nginx = definitions.addObject();
        nginx.put("name", CONTAINER_NAME);
        nginx.put("image", props.image());
        nginx.put("essential", true);
        nginx.put("memory", MEMORY_MIB - 32);
        nginx.putArray("entryPoint").add("/bin/sh").add("-c");
        nginx.putArray("command").add(startCommand());
        nginx.put("user", NGINX_USER);
        nginx.putArray("environment").addObject().put("name", CONFIG_VARIABLE).put("value", routes.nginxConf());
        nginx.putArray("portMappings").addObject().put("containerPort", routes.listenPort()).put("hostPort", routes.listenPort()).put("protocol", "tcp");
        nginx.putArray("dependsOn").addObject().put("containerName", INIT_CONTAINER_NAME).put("condition", "SUCCESS");
        commonSettings(nginx, props);
        return StableJson.write(definitions);
    }

    private void commonSettings(ObjectNode container, SandboxRouterProps props) {
        container.put("privileged", false);
        container.put("readonlyRootFilesystem", true);
        container.putArray("mountPoints").addObject().put("sourceVolume", "tmp").put("containerPath", RUNTIME_DIRECTORY).put("readOnly", false);
        container.putObject("linuxParameters").put("initProcessEnabled", true);
        logGroup.writeLogConfiguration(container, props.location().region(), "sandbox-router");
    }

    public String getSecurityGroupId() {
        return securityGroupId;
    }

    /** What the router routes: its nginx configuration is {@code getRoutes().nginxConf()}. */
    public SandboxRouterConfig getRoutes() {
        return routes;
    }

    public String getServiceName() {
        return service.getName();
    }

    public String getClusterArn() {
        return cluster.getArn();
    }

    public String getClusterName() {
        return cluster.getName();
    }

    public String getLogGroupName() {
        return logGroup.getName();
    }
}
