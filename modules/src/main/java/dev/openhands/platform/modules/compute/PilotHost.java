package dev.openhands.platform.modules.compute;

import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.data_aws_ssm_parameter.DataAwsSsmParameter;
import com.hashicorp.cdktf.providers.aws.iam_instance_profile.IamInstanceProfile;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.instance.Instance;
import com.hashicorp.cdktf.providers.aws.instance.InstanceMetadataOptions;
import com.hashicorp.cdktf.providers.aws.instance.InstanceRootBlockDevice;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import dev.openhands.platform.modules.iam.BedrockModelAccess;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.network.EndpointAccess;
import dev.openhands.platform.modules.network.EndpointAccessProps;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pilot's single OpenHands host: a private instance with no public address, no key pair and no inbound
 * rule (operators arrive through SSM Session Manager), IMDSv2 only, an encrypted gp3 root volume and an
 * instance role limited to SSM, its own log group, the project's repositories and the configured models.
 */
public class PilotHost extends Construct {

    /**
     * Actions that accept no resource-level restriction, so their statements must name {@code "*"}; every other
     * statement of the instance role names exact ARNs.
     */
    public static final Set<String> ACTIONS_WITHOUT_RESOURCE_SCOPE = Set.of(
        "ssm:UpdateInstanceInformation",
        "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
        "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
        "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage",
        "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply",
        "ecr:GetAuthorizationToken", "logs:DescribeLogGroups");

    /**
     * The interface endpoints the host calls, and the only ones its group may reach: Bedrock (the app), Session
     * Manager (ssm, ssmmessages, ec2messages), logs (the CloudWatch agent), STS and ECR (the credential helper).
     */
    public static final List<String> ENDPOINT_SERVICES = List.of(
        "bedrock-runtime", "ssm", "ssmmessages", "ec2messages", "logs", "sts", "ecr.api", "ecr.dkr");

    /**
     * The interface endpoints a host needs. With a NAT path the host's own agents (Session Manager, CloudWatch, STS,
     * ECR) reach the public AWS endpoints through it, so each of those endpoints would be paid for in every zone and
     * buy no reachability; Bedrock keeps its endpoint because its policy admits only the configured models (a second
     * fence beside IAM) and the prompts, which carry the users' code, stay off the internet path.
     */
    public static List<String> endpointServices(boolean internetEgress) {
        return internetEgress ? List.of("bedrock-runtime") : ENDPOINT_SERVICES;
    }

    /** The port the OpenHands UI listens on, on the host's loopback. */
    public static final int UI_PORT = 3000;

    private final Instance instance;
    private final String instanceId;
    private final IamRole role;
    private final SecurityGroup securityGroup;
    private final String securityGroupId;
    private final PolicyDocument rolePolicy;

    public PilotHost(Construct scope, String id, PilotHostProps props) {
        super(scope, id);
        this.securityGroup = SecurityGroup.Builder.create(this, "sg")
            .name(props.name() + "-host")
            .description("OpenHands pilot host: no inbound rules; outbound to the VPC endpoints"
                + (props.internetEgress() ? " and HTTP(S) through NAT" : " only"))
            .vpcId(props.network().getVpcId())
            .tags(Map.of("Name", props.name() + "-host"))
            .build();
        this.securityGroupId = securityGroup.getId();
        new EndpointAccess(this, "endpoints-https", new EndpointAccessProps("pilot-host", securityGroupId,
            props.endpoints().interfaceEndpoints(endpointServices(props.internetEgress()))));
        egress("s3-gateway-https", "HTTPS to S3 through the gateway endpoint", null, props.endpoints().getS3PrefixListId(), 443);
        if (props.internetEgress()) {
            egress("internet-https", "HTTPS out through NAT (allow-list proxy, OS packages)", "0.0.0.0/0", null, 443);
            egress("internet-http", "HTTP out through NAT (Ubuntu archive, allow-list proxy)", "0.0.0.0/0", null, 80);
        }

        PolicyDocument trust = PolicyDocument.of(Statement.allow("Ec2AssumesRole", List.of("sts:AssumeRole"), List.of("*"))
            .withPrincipal("Service", List.of("ec2.amazonaws.com")));
        this.role = IamRole.Builder.create(this, "role")
            .name(roleName(props.name()))
            .description("OpenHands pilot host: SSM, own logs, project images, configured Bedrock models")
            .assumeRolePolicy(trust.toJson())
            .tags(props.tags())
            .build();
        this.rolePolicy = hostPolicy(props);
        IamRolePolicy.Builder.create(this, "role-policy")
            .name("openhands-pilot-host")
            .role(role.getId())
            .policy(rolePolicy.toJson())
            .build();
        IamInstanceProfile profile = IamInstanceProfile.Builder.create(this, "profile")
            .name(props.name() + "-host")
            .role(role.getName())
            .tags(props.tags())
            .build();

        HostMachine machine = props.machine();
        String ami = machine.amiId().orElseGet(() -> DataAwsSsmParameter.Builder.create(this, "ami")
            .name(machine.amiSsmParameter().orElseThrow())
            .build()
            .getValue());

        Map<String, String> instanceTags = new LinkedHashMap<>(props.tags());
        instanceTags.put("Name", props.name() + "-host");
        this.instance = Instance.Builder.create(this, "instance")
            .ami(ami)
            .instanceType(machine.instanceType())
            .subnetId(props.subnetId())
            .vpcSecurityGroupIds(List.of(securityGroupId))
            .iamInstanceProfile(profile.getName())
            // No public address: the subnet never maps one (map_public_ip_on_launch = false) and has no route to an
            // internet gateway. The attribute is left to the subnet on purpose: setting it sends a network-interface
            // spec that some EC2 emulators misread as a request for a public address.
            .monitoring(machine.detailedMonitoring())
            .metadataOptions(InstanceMetadataOptions.builder()
                .httpEndpoint("enabled")
                .httpTokens("required")
                // 1 hop: the app container shares the host's network namespace, so it reaches the instance role
                // without a hop; a container behind a NAT or bridge (one hop more) gets no token, and sandboxes are
                // firewalled off on the host besides.
                .httpPutResponseHopLimit(1)
                .instanceMetadataTags("disabled")
                .build())
            .rootBlockDevice(InstanceRootBlockDevice.builder()
                .volumeType("gp3")
                .volumeSize(machine.rootVolumeGib())
                .encrypted(true)
                .kmsKeyId(machine.volumeKey().getArn())
                .deleteOnTermination(true)
                .build())
            // Compressed: the state keeps user_data as a hash anyway, so the plan never showed the text; the
            // readable document is what the module renders and the tests check.
            .userDataBase64(PilotUserData.compressed(machine.userData()))
            // cloud-init runs once per instance: a changed host set-up only takes effect on a new instance.
            .userDataReplaceOnChange(true)
            .tags(instanceTags)
            .volumeTags(instanceTags)
            // A new AMI release must not replace the running host on the next plan; take it with
            // `terraform apply -replace` when the operators choose to.
            .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("ami")).build())
            .build();
        this.instanceId = instance.getId();
    }

    private void egress(String id, String description, String cidr, String prefixListId, int port) {
        VpcSecurityGroupEgressRule.Builder rule = VpcSecurityGroupEgressRule.Builder.create(this, id)
            .securityGroupId(securityGroupId)
            .ipProtocol("tcp")
            .fromPort(port)
            .toPort(port)
            .description(description);
        if (cidr != null) {
            rule.cidrIpv4(cidr);
        } else {
            rule.prefixListId(prefixListId);
        }
        rule.build();
    }

    private static PolicyDocument hostPolicy(PilotHostProps props) {
        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.allow("SessionManagerCore", List.of(
            "ssm:UpdateInstanceInformation",
            "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel",
            "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
            "ec2messages:AcknowledgeMessage", "ec2messages:DeleteMessage", "ec2messages:FailMessage",
            "ec2messages:GetEndpoint", "ec2messages:GetMessages", "ec2messages:SendReply"), List.of("*")));
        String logGroupArn = props.logGroup().arnIn(props.location());
        statements.add(Statement.allow("WriteOwnLogGroup",
            List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"),
            List.of(logGroupArn, logGroupArn + ":log-stream:*")));
        statements.add(Statement.allow("CloudWatchAgentFindsLogGroups", List.of("logs:DescribeLogGroups"), List.of("*")));
        statements.add(Statement.allow("EcrLogin", List.of("ecr:GetAuthorizationToken"), List.of("*")));
        if (!props.ecrRepositoryArns().isEmpty()) {
            statements.add(Statement.allow("PullProjectImages",
                List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"),
                props.ecrRepositoryArns()));
        }
        statements.add(BedrockModelAccess.invokeStatement(props.bedrockResourceArns()));
        // The role's credentials are on the host's metadata service: copied off the host they must not reach Bedrock.
        statements.addAll(BedrockModelAccess.onlyThroughEndpoint(props.location().partition(),
            props.endpoints().interfaceEndpoint("bedrock-runtime").endpointId()));
        return new PolicyDocument(statements);
    }

    public String getInstanceId() {
        return instanceId;
    }

    public String getRoleArn() {
        return role.getArn();
    }

    public String getSecurityGroupId() {
        return securityGroupId;
    }

    public PolicyDocument getRolePolicy() {
        return rolePolicy;
    }

    /** The name of the host's instance role (the app calls Bedrock with it), for operators' tools. */
    public static String roleName(String name) {
        return name + "-host";
    }
}
