package dev.openhands.platform.modules.compute;

import dev.openhands.platform.modules.identity.AwsPartition;
import dev.openhands.platform.modules.network.Ipv4Cidr;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * @param name                 prefix of resource names
 * @param accountId            account of the host
 * @param region               region of the host
 * @param instanceType         EC2 instance type, e.g. {@code m7g.xlarge}
 * @param amiId                a pinned AMI; when empty the AMI is read from {@code amiSsmParameter}
 * @param amiSsmParameter      public SSM parameter holding the current AMI id (used when no AMI is pinned)
 * @param vpcId                the VPC
 * @param vpcCidr              the VPC block: the host may reach the interface endpoints there on 443
 * @param subnetId             a private subnet
 * @param s3PrefixListId       prefix list of the S3 gateway endpoint (image layers, agent packages)
 * @param internetEgress       whether the host may open HTTP/HTTPS connections beyond the VPC (through NAT)
 * @param userData             rendered cloud-init document (sent gzip-compressed)
 * @param rootVolumeGib        size of the encrypted gp3 root volume
 * @param ebsKmsKeyArn         key that encrypts the root volume
 * @param detailedMonitoring   one-minute EC2 metrics (billed)
 * @param logGroupArn          log group the host writes to (exact ARN, no wildcard)
 * @param ecrRepositoryArns    repositories the host may pull from
 * @param bedrockResourceArns  model and inference-profile ARNs the host may invoke
 * @param tags                 resource tags
 */
public record PilotHostProps(String name, String accountId, String region, String instanceType, Optional<String> amiId,
                             String amiSsmParameter, String vpcId, String vpcCidr, String subnetId, String s3PrefixListId,
                             boolean internetEgress, String userData, int rootVolumeGib, String ebsKmsKeyArn,
                             boolean detailedMonitoring, String logGroupArn, List<String> ecrRepositoryArns,
                             List<String> bedrockResourceArns, Map<String, String> tags) {

    public PilotHostProps {
        for (Object value : new Object[] {name, accountId, instanceType, amiId, amiSsmParameter, vpcId, subnetId,
            s3PrefixListId, userData, ebsKmsKeyArn, logGroupArn}) {
            Objects.requireNonNull(value, "pilot host props must not be null");
        }
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        if (!instanceType.matches("^[a-z][a-z0-9-]*\\.[a-z0-9]+$")) {
            throw new IllegalArgumentException("'" + instanceType + "' is not an EC2 instance type");
        }
        amiId.ifPresent(id -> {
            if (!id.matches("^ami-[0-9a-f]{8,17}$")) {
                throw new IllegalArgumentException("'" + id + "' is not an AMI id");
            }
        });
        Ipv4Cidr.parse(vpcCidr);
        if (rootVolumeGib < 20 || rootVolumeGib > 16384) {
            throw new IllegalArgumentException("rootVolumeGib must be 20..16384");
        }
        ecrRepositoryArns = List.copyOf(ecrRepositoryArns);
        bedrockResourceArns = List.copyOf(bedrockResourceArns);
        tags = Map.copyOf(tags);
        if (bedrockResourceArns.isEmpty()) {
            throw new IllegalArgumentException("the host needs at least one Bedrock model ARN");
        }
        for (String arn : bedrockResourceArns) {
            if (!arn.startsWith("arn:") || arn.contains("*")) {
                throw new IllegalArgumentException("Bedrock resource '" + arn + "' must be an exact ARN");
            }
        }
    }
}
