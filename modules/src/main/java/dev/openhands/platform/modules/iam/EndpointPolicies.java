package dev.openhands.platform.modules.iam;

import dev.openhands.platform.modules.iam.PolicyDocument.Statement;

import java.util.List;

/**
 * The statements VPC endpoint policies are made of. Without a policy an endpoint passes any request, so a workload
 * in the VPC could send data to another account's bucket, log group or secret through it; with the account perimeter
 * only principals of this account reach resources of this account. AWS-owned resources a workload reads (the ECR
 * layer bucket, agent downloads) are named one by one.
 */
public final class EndpointPolicies {

    private EndpointPolicies() {
    }

    /** Any action, but only by principals of {@code accountId} on resources of {@code accountId}. */
    public static Statement accountPerimeter(String accountId) {
        return Statement.allow("OwnPrincipalsOnOwnResources", List.of("*"), List.of("*"))
            .withPrincipal("*", List.of("*"))
            .withCondition("StringEquals", PolicyDocument.PRINCIPAL_ACCOUNT, List.of(accountId))
            .withCondition("StringEquals", PolicyDocument.RESOURCE_ACCOUNT, List.of(accountId));
    }

    /** A policy of the account perimeter alone: what every endpoint gets unless it needs a narrower one. */
    public static PolicyDocument perimeter(String accountId) {
        return PolicyDocument.of(accountPerimeter(accountId));
    }

    /**
     * Reads of objects in AWS-owned buckets, by bucket name. No account condition: ECR hands out layer downloads as
     * URLs presigned by an ECR account, and agent packages are fetched without credentials, so neither the principal
     * nor the bucket belongs to this account; naming the buckets is what keeps the statement narrow.
     */
    public static Statement awsOwnedObjectReads(String partition, List<String> bucketNames) {
        requireBucketNames(bucketNames);
        return Statement.allow("ReadAwsOwnedBuckets", List.of("s3:GetObject"),
                bucketNames.stream().map(bucket -> "arn:" + partition + ":s3:::" + bucket + "/*").toList())
            .withPrincipal("*", List.of("*"));
    }

    /** Refuses anything but plain bucket names (an ARN or a path would widen or break the statement). */
    public static void requireBucketNames(List<String> bucketNames) {
        for (String bucket : bucketNames) {
            if (!bucket.matches("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")) {
                throw new IllegalArgumentException("'" + bucket + "' is not an S3 bucket name (give the name, not an ARN or a path)");
            }
        }
    }

    /** The AWS-owned bucket ECR serves private image layers from in a region. */
    public static String ecrLayerBucket(String region) {
        return "prod-" + region + "-starport-layer-bucket";
    }
}
