package dev.openhands.platform.modules.network;

import com.hashicorp.cdktf.providers.aws.data_aws_ssm_parameter.DataAwsSsmParameter;
import com.hashicorp.cdktf.providers.aws.eip.Eip;
import com.hashicorp.cdktf.providers.aws.instance.Instance;
import com.hashicorp.cdktf.providers.aws.instance.InstanceMetadataOptions;
import com.hashicorp.cdktf.providers.aws.instance.InstanceRootBlockDevice;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_ingress_rule.VpcSecurityGroupIngressRule;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import software.constructs.Construct;

import java.util.List;

/**
 * A NAT instance in place of a NAT gateway, for environments where an hour of egress downtime is acceptable: a
 * t4g.nano costs about a tenth of the gateway's hourly charge and nothing per GB processed. Hardened as the pilot host
 * is: IMDSv2 only with a hop limit of 1, an encrypted root volume, no key pair, no instance role (nothing on it calls
 * AWS), and a security group that admits HTTP and HTTPS from the private subnets only and sends only HTTP and HTTPS
 * out. Its public address is an Elastic IP, like the gateway's, never one handed out by the subnet. The kernel
 * forwards and masquerades only traffic from the private subnets' blocks; an nftables forward chain drops the rest.
 */
public class NatInstance extends Construct {

    /** Amazon Linux 2023 (minimal, arm64) from AWS's public parameter: patched at each replacement, no AMI to keep. */
    static final String AMI_PARAMETER = "/aws/service/ami-amazon-linux-latest/al2023-ami-minimal-kernel-default-arm64";

    private final Instance instance;

    public NatInstance(Construct scope, String id, NatInstanceProps props) {
        super(scope, id);
        SecurityGroup group = SecurityGroup.Builder.create(this, "sg")
            .name(props.name() + "-nat")
            .description("NAT instance: HTTP(S) from the private subnets, HTTP(S) out")
            .vpcId(props.vpcId())
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-nat"))
            .build();
        String groupId = group.getId();
        for (int port : List.of(80, 443)) {
            for (int i = 0; i < props.privateSubnetCidrs().size(); i++) {
                VpcSecurityGroupIngressRule.Builder.create(this, "from-private-" + i + "-" + port)
                    .securityGroupId(groupId).cidrIpv4(props.privateSubnetCidrs().get(i))
                    .ipProtocol("tcp").fromPort(port).toPort(port).description("Port " + port + " from private subnet " + i).build();
            }
            VpcSecurityGroupEgressRule.Builder.create(this, "out-" + port)
                .securityGroupId(groupId).cidrIpv4("0.0.0.0/0")
                .ipProtocol("tcp").fromPort(port).toPort(port).description("Port " + port + " to the internet").build();
        }
        DataAwsSsmParameter ami = DataAwsSsmParameter.Builder.create(this, "ami").name(AMI_PARAMETER).build();
        this.instance = Instance.Builder.create(this, "instance")
            .ami(ami.getValue())
            .instanceType(props.instanceType())
            .subnetId(props.publicSubnetId())
            .vpcSecurityGroupIds(List.of(groupId))
            // It forwards packets that are neither from nor to itself.
            .sourceDestCheck(false)
            .metadataOptions(InstanceMetadataOptions.builder()
                .httpTokens("required").httpPutResponseHopLimit(1).httpEndpoint("enabled").instanceMetadataTags("disabled").build())
            .rootBlockDevice(InstanceRootBlockDevice.builder()
                .volumeType("gp3").volumeSize(8).encrypted(true).deleteOnTermination(true).build())
            .userData(userData(props.privateSubnetCidrs()))
            .userDataReplaceOnChange(true)
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-nat"))
            .volumeTags(PrivateNetwork.named(props.tags(), props.name() + "-nat"))
            // A new AMI release must not replace the instance (and cut egress) on the next plan.
            .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("ami")).build())
            .build();
        Eip.Builder.create(this, "eip")
            .domain("vpc")
            .instance(instance.getId())
            .dependsOn(List.of(props.internetGateway()))
            .tags(PrivateNetwork.named(props.tags(), props.name() + "-nat"))
            .build();
    }

    /** Forwarding on, masquerade and forward only the private blocks' HTTP(S) and its replies; dnf brings nftables. */
    static String userData(List<String> privateBlocks) {
        String sources = String.join(", ", privateBlocks);
        return String.join("\n",
            "#!/bin/bash",
            "set -euo pipefail",
            "dnf install -y nftables",
            "echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-nat.conf",
            "sysctl --system",
            "cat > /etc/sysconfig/nftables.conf <<'NFT'",
            "table ip nat {",
            "  chain postrouting {",
            "    type nat hook postrouting priority srcnat; policy accept;",
            "    ip saddr { " + sources + " } masquerade",
            "  }",
            "}",
            "table inet forward_filter {",
            "  chain forward {",
            "    type filter hook forward priority filter; policy drop;",
            "    ct state established,related accept",
            "    ip saddr { " + sources + " } tcp dport { 80, 443 } accept",
            "  }",
            "}",
            "NFT",
            "systemctl enable --now nftables",
            "");
    }

    public String getPrimaryNetworkInterfaceId() {
        return instance.getPrimaryNetworkInterfaceId();
    }
}
