package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.identity.AwsPartition;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                 prefix of resource names
 * @param accountId            the environment's account
 * @param region               the environment's region
 * @param vpcId                the VPC
 * @param subnetIds            subnets of the execute-api endpoint's network interfaces
 * @param functionName         the API function
 * @param functionAliasName    the alias the API invokes
 * @param functionAliasInvokeArn the alias's invoke ARN
 * @param logsKmsKeyArn        key of the access log group
 * @param logRetentionDays     days access logs are kept
 * @param rateLimitPerSecond   steady request rate the stage admits
 * @param burstLimit           burst the stage admits
 * @param tags                 resource tags
 */
public record PrivateSandboxApiProps(String name, String accountId, String region, String vpcId, List<String> subnetIds,
                                     String functionName, String functionAliasName, String functionAliasInvokeArn,
                                     String logsKmsKeyArn, int logRetentionDays, int rateLimitPerSecond, int burstLimit,
                                     Map<String, String> tags) {

    public PrivateSandboxApiProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vpcId, "vpcId");
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
        if (subnetIds.isEmpty()) {
            throw new IllegalArgumentException("the execute-api endpoint needs at least one subnet");
        }
        if (rateLimitPerSecond < 1 || burstLimit < 1) {
            throw new IllegalArgumentException("rate and burst limits must be positive");
        }
    }
}
