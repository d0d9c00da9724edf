package dev.openhands.platform.modules.network;

import com.hashicorp.cdktf.providers.aws.default_security_group.DefaultSecurityGroup;
import com.hashicorp.cdktf.providers.aws.eip.Eip;
import com.hashicorp.cdktf.providers.aws.flow_log.FlowLog;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.internet_gateway.InternetGateway;
import com.hashicorp.cdktf.providers.aws.nat_gateway.NatGateway;
import com.hashicorp.cdktf.providers.aws.route.Route;
import com.hashicorp.cdktf.providers.aws.route_table.RouteTable;
import com.hashicorp.cdktf.providers.aws.route_table_association.RouteTableAssociation;
import com.hashicorp.cdktf.providers.aws.subnet.Subnet;
import com.hashicorp.cdktf.providers.aws.vpc.Vpc;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.observability.EncryptedLogGroup;
import dev.openhands.platform.modules.observability.EncryptedLogGroupProps;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A VPC whose workloads live in private subnets, with VPC flow logs to an encrypted log group and the default
 * security group stripped of all rules. Public subnets (an internet gateway, a public route table) exist when their
 * blocks are given, for an internet-facing load balancer or the NAT gateway; the private subnets' route table gets a
 * default route only with {@code natGateway} on (one NAT gateway, or a {@link NatInstance} in its
 * place, in a public subnet), so without it nothing in the
 * private subnets can reach the internet, public subnets or not.
 */
public class PrivateNetwork extends Construct implements NetworkPlacement {

    // Ids are read once, right after their resource is built: every read of a resource attribute is a round trip to
    // Node that makes a new token for the same reference, and the network's ids are used by most constructs of a
    // stack (docs/performance.md).
    private final String vpcId;
    private final List<String> privateSubnetIds = new ArrayList<>();
    private final List<String> publicSubnetIds = new ArrayList<>();
    private InternetGateway internetGateway;
    private final String privateRouteTableId;
    private final String cidr;
    private final EncryptedLogGroup flowLogGroup;

    public PrivateNetwork(Construct scope, String id, PrivateNetworkProps props) {
        super(scope, id);
        this.cidr = props.vpcCidr();
        String name = props.name();

        this.vpcId = Vpc.Builder.create(this, "vpc")
            .cidrBlock(props.vpcCidr())
            .enableDnsSupport(true)
            .enableDnsHostnames(true)
            .tags(named(props.tags(), name))
            .build().getId();

        // Adopting the default security group with no rules leaves it unusable, so nothing lands in it by accident.
        DefaultSecurityGroup.Builder.create(this, "default-sg-locked")
            .vpcId(vpcId)
            .tags(named(props.tags(), name + "-default-unused"))
            .build();

        this.privateRouteTableId = RouteTable.Builder.create(this, "private-routes")
            .vpcId(vpcId)
            .tags(named(props.tags(), name + "-private"))
            .build().getId();

        privateSubnetIds.addAll(subnets("private", props.privateSubnetCidrs(), privateRouteTableId, props));

        if (!props.publicSubnetCidrs().isEmpty()) {
            publicSubnetIds.addAll(addPublicSubnets(props));
        }
        if (props.natGateway()) {
            addNatEgress(props);
        }

        this.flowLogGroup = new EncryptedLogGroup(this, "flow-log-group", new EncryptedLogGroupProps(
            "/openhands/" + name + "/vpc-flow-logs", props.flowLogs(), props.tags()));
        String groupArn = flowLogGroup.arnIn(props.location());
        PolicyDocument trust = PolicyDocument.of(Statement.allow("VpcFlowLogsAssumesRole", List.of("sts:AssumeRole"), List.of("*"))
            .withPrincipal("Service", List.of("vpc-flow-logs.amazonaws.com"))
            .withCondition("StringEquals", "aws:SourceAccount", List.of(props.location().accountId())));
        IamRole role = IamRole.Builder.create(this, "flow-log-role")
            .name(name + "-vpc-flow-logs")
            .assumeRolePolicy(trust.toJson())
            .tags(props.tags())
            .build();
        IamRolePolicy.Builder.create(this, "flow-log-policy")
            .name("deliver-to-own-log-group")
            .role(role.getId())
            .policy(PolicyDocument.of(Statement.allow("DeliverFlowLogs",
                List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
                List.of(groupArn, groupArn + ":log-stream:*"))).toJson())
            .build();
        FlowLog.Builder.create(this, "flow-log")
            .vpcId(vpcId)
            .trafficType("ALL")
            .logDestinationType("cloud-watch-logs")
            .logDestination(flowLogGroup.getArn())
            .iamRoleArn(role.getArn())
            .maxAggregationInterval(60)
            .tags(named(props.tags(), name + "-flow-log"))
            .build();
    }

    private List<String> addPublicSubnets(PrivateNetworkProps props) {
        String name = props.name();
        this.internetGateway = InternetGateway.Builder.create(this, "igw")
            .vpcId(vpcId)
            .tags(named(props.tags(), name))
            .build();
        String publicRoutes = RouteTable.Builder.create(this, "public-routes")
            .vpcId(vpcId)
            .tags(named(props.tags(), name + "-public"))
            .build().getId();
        Route.Builder.create(this, "public-default-route")
            .routeTableId(publicRoutes)
            .destinationCidrBlock("0.0.0.0/0")
            .gatewayId(internetGateway.getId())
            .build();
        return subnets("public", props.publicSubnetCidrs(), publicRoutes, props);
    }

    private void addNatEgress(PrivateNetworkProps props) {
        String name = props.name();
        Route.Builder defaultRoute = Route.Builder.create(this, "private-default-route")
            .routeTableId(privateRouteTableId)
            .destinationCidrBlock("0.0.0.0/0");
        if (props.natInstanceType().isPresent()) {
            NatInstance nat = new NatInstance(this, "nat-instance", new NatInstanceProps(name, vpcId,
                publicSubnetIds.get(0), props.privateSubnetCidrs(), props.natInstanceType().get(), internetGateway,
                props.tags()));
            defaultRoute.networkInterfaceId(nat.getPrimaryNetworkInterfaceId()).build();
            return;
        }
        // One NAT gateway: the pilot trades zone redundancy of its egress for half the idle cost.
        Eip natAddress = Eip.Builder.create(this, "nat-eip")
            .domain("vpc")
            .tags(named(props.tags(), name + "-nat"))
            .build();
        NatGateway nat = NatGateway.Builder.create(this, "nat")
            .allocationId(natAddress.getId())
            .subnetId(publicSubnetIds.get(0))
            .tags(named(props.tags(), name))
            .dependsOn(List.of(internetGateway))
            .build();
        defaultRoute.natGatewayId(nat.getId()).build();
    }

    /** One subnet per zone (block i in zone i), none mapping public addresses, all on route table {@code routes}; their ids. */
    private List<String> subnets(String kind, List<String> blocks, String routes, PrivateNetworkProps props) {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < props.availabilityZones().size(); i++) {
            String zone = props.availabilityZones().get(i);
            String subnet = Subnet.Builder.create(this, kind + "-" + i)
                .vpcId(vpcId)
                .cidrBlock(blocks.get(i))
                .availabilityZone(zone)
                .mapPublicIpOnLaunch(false)
                .tags(named(props.tags(), props.name() + "-" + kind + "-" + zone))
                .build().getId();
            RouteTableAssociation.Builder.create(this, kind + "-" + i + "-routes")
                .subnetId(subnet)
                .routeTableId(routes)
                .build();
            created.add(subnet);
        }
        return created;
    }

    public static Map<String, String> named(Map<String, String> tags, String name) {
        Map<String, String> all = new LinkedHashMap<>(tags);
        all.put("Name", name);
        return all;
    }

    @Override
    public String getVpcId() {
        return vpcId;
    }

    @Override
    public String getVpcCidr() {
        return cidr;
    }

    @Override
    public List<String> getPrivateSubnetIds() {
        return List.copyOf(privateSubnetIds);
    }

    /** The public subnets, one per zone (empty when none are configured). */
    public List<String> getPublicSubnetIds() {
        return List.copyOf(publicSubnetIds);
    }

    public String getPrivateRouteTableId() {
        return privateRouteTableId;
    }

    public String getFlowLogGroupName() {
        return flowLogGroup.getName();
    }
}
