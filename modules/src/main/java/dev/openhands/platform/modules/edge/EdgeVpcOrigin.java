package dev.openhands.platform.modules.edge;

import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_security_group.DataAwsSecurityGroup;
import com.hashicorp.cdktf.providers.aws.data_aws_security_group.DataAwsSecurityGroupFilter;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import software.constructs.Construct;

import java.util.List;
import java.util.TreeMap;

import static dev.openhands.platform.modules.json.StableJson.object;

/**
 * A CloudFront VPC origin for an internal Application Load Balancer, and the one rule that lets CloudFront in.
 *
 * <p>CloudFront reaches a VPC origin through elastic network interfaces it creates in the load balancer's subnets,
 * wearing a group it creates and manages, {@value #SERVICE_GROUP}, once per VPC (docs/architecture.md, "CloudFront VPC
 * origins", has the sources). The load balancer's group admits 443 from that group only: an exact reference to the
 * interfaces that carry CloudFront's requests, where the origin-facing prefix list would name CloudFront's public
 * addresses. The group exists only after the first VPC origin of the VPC is deployed, so it is looked up after this
 * one (a data source that depends on it). HTTPS only with TLS 1.2 to the load balancer, as with the header.
 *
 * <p>Needs provider 5.82 or later; the prebuilt bindings predate the resource, so it is a raw {@code TerraformResource}
 * (terraform validate checks it against the real provider).
 */
public class EdgeVpcOrigin extends Construct {

    public static final String RESOURCE_TYPE = "aws_cloudfront_vpc_origin";
    /** The group CloudFront puts on its VPC-origin interfaces (created and managed by CloudFront; never edited here). */
    public static final String SERVICE_GROUP = "CloudFront-VPCOrigins-Service-SG";
    /** Deploying a VPC origin takes up to about 15 minutes; updates and deletes as long. */
    static final String TIMEOUT = "30m";

    private final TerraformResource origin;

    public EdgeVpcOrigin(Construct scope, String id, EdgeVpcOriginProps props) {
        super(scope, id);
        this.origin = new TerraformResource(this, "vpc-origin", TerraformResourceConfig.builder()
            .terraformResourceType(RESOURCE_TYPE)
            .build());
        origin.addOverride("vpc_origin_endpoint_config", List.of(object(
            "name", props.name(),
            "arn", props.loadBalancerArn(),
            "http_port", 80,
            "https_port", 443,
            "origin_protocol_policy", "https-only",
            "origin_ssl_protocols", List.of(object("items", List.of("TLSv1.2"), "quantity", 1)))));
        origin.addOverride("timeouts", object("create", TIMEOUT, "update", TIMEOUT, "delete", TIMEOUT));
        if (!props.tags().isEmpty()) {
            origin.addOverride("tags", new TreeMap<>(props.tags()));
        }

        DataAwsSecurityGroup cloudFront = DataAwsSecurityGroup.Builder.create(this, "service-group")
            .filter(List.of(
                DataAwsSecurityGroupFilter.builder().name("group-name").values(List.of(SERVICE_GROUP)).build(),
                DataAwsSecurityGroupFilter.builder().name("vpc-id").values(List.of(props.vpcId())).build()))
            .dependsOn(List.of(origin))
            .build();
        VpcSecurityGroupIngressRule.Builder.create(this, "https-from-cloudfront")
            .securityGroupId(props.loadBalancerSecurityGroupId()).referencedSecurityGroupId(cloudFront.getId())
            .ipProtocol("tcp").fromPort(443).toPort(443)
            .description("HTTPS from CloudFront's VPC origin interfaces")
            .build();
    }

    /** What the distribution's origin names in {@code vpc_origin_config}. */
    public String getId() {
        return origin.getStringAttribute("id");
    }

    public String getArn() {
        return origin.getStringAttribute("arn");
    }
}
