package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.identity.AwsPartition;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name                    prefix of resource names, e.g. {@code openhands-prod}
 * @param environmentName         the environment (a metric dimension)
 * @param accountId               the environment's account
 * @param region                  the environment's region
 * @param artifact                the handlers' deployment package
 * @param vpcId                   the VPC the functions run in
 * @param vpcCidr                 the VPC block (interface endpoints live in it)
 * @param subnetIds               private subnets for the functions and the sandbox tasks
 * @param dynamoDbPrefixListId    the DynamoDB gateway endpoint's prefix list
 * @param registryTableName       the registry table
 * @param registryTableArn        its ARN
 * @param clusterArn              the sandbox cluster
 * @param clusterName             its name
 * @param templateTaskDefinitionArn the template task definition
 * @param runtimeFamily           family of per-sandbox revisions
 * @param executionRoleArn        the sandbox execution role (passed to ECS)
 * @param taskRoleArn             the sandbox task role (passed to ECS)
 * @param sandboxSecurityGroupIds groups sandbox tasks get (the sandbox group, the workspace client group)
 * @param callerSecurityGroupId   the group that may call agent servers; the functions carry it
 * @param fileSystemId            the workspaces file system
 * @param fileSystemArn           its ARN
 * @param dataKmsKeyArn           key of the registry, the API key secret, the dead-letter queue and the functions' environment
 * @param logsKmsKeyArn           key of the functions' log groups
 * @param logRetentionDays        days function logs are kept
 * @param images                  images sandboxes may run
 * @param agentPort               the agent server's port
 * @param idleTimeoutMinutes      inactivity after which the reaper pauses a sandbox
 * @param orphanGraceMinutes      age after which an unclaimed sandbox task is stopped
 * @param warmPoolSize            warm sandboxes kept ready (0: off)
 * @param warmPoolEnvironment     the environment warm sandboxes start with
 * @param tags                    resource tags
 */
public record OrchestratorFunctionsProps(String name, String environmentName, String accountId, String region,
                                         LambdaArtifact artifact, String vpcId, String vpcCidr, List<String> subnetIds,
                                         String dynamoDbPrefixListId, String registryTableName, String registryTableArn,
                                         String clusterArn, String clusterName, String templateTaskDefinitionArn,
                                         String runtimeFamily, String executionRoleArn, String taskRoleArn,
                                         List<String> sandboxSecurityGroupIds, String callerSecurityGroupId,
                                         String fileSystemId, String fileSystemArn, String dataKmsKeyArn,
                                         String logsKmsKeyArn, int logRetentionDays, List<String> images, int agentPort,
                                         int idleTimeoutMinutes, int orphanGraceMinutes, int warmPoolSize,
                                         Map<String, String> warmPoolEnvironment, Map<String, String> tags) {

    public OrchestratorFunctionsProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(artifact, "artifact");
        if (!AwsPartition.isRegion(region)) {
            throw new IllegalArgumentException("region '" + region + "' is not an AWS region name");
        }
        subnetIds = List.copyOf(subnetIds);
        sandboxSecurityGroupIds = List.copyOf(sandboxSecurityGroupIds);
        images = List.copyOf(images);
        warmPoolEnvironment = Map.copyOf(warmPoolEnvironment);
        tags = Map.copyOf(tags);
        if (subnetIds.isEmpty()) {
            throw new IllegalArgumentException("the functions need at least one private subnet");
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("at least one sandbox image is needed");
        }
        if (idleTimeoutMinutes < 5 || idleTimeoutMinutes > 10080) {
            throw new IllegalArgumentException("idleTimeoutMinutes must be 5 to 10080");
        }
        if (orphanGraceMinutes < 1 || orphanGraceMinutes > 1440) {
            throw new IllegalArgumentException("orphanGraceMinutes must be 1 to 1440");
        }
        if (warmPoolSize < 0 || warmPoolSize > 50) {
            throw new IllegalArgumentException("warmPoolSize must be 0 to 50");
        }
    }
}
