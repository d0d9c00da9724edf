package dev.openhands.platform.modules.network;

import java.util.Objects;

/**
 * The free gateway endpoints of a VPC, as security-group egress rules need them: the managed prefix lists of S3 and
 * DynamoDB. {@link ServiceEndpoints} is one; {@link #of} names the lists of endpoints created elsewhere.
 */
public interface GatewayEndpoints {

    /** S3's managed prefix list (image layers come from S3 through the gateway). */
    String getS3PrefixListId();

    /** DynamoDB's managed prefix list; fails when the VPC has no DynamoDB gateway. */
    String getDynamoDbPrefixListId();

    static GatewayEndpoints of(String s3PrefixListId, String dynamoDbPrefixListId) {
        Objects.requireNonNull(s3PrefixListId, "s3PrefixListId");
        Objects.requireNonNull(dynamoDbPrefixListId, "dynamoDbPrefixListId");
        return new GatewayEndpoints() {
            @Override
            public String getS3PrefixListId() {
                return s3PrefixListId;
            }

            @Override
            public String getDynamoDbPrefixListId() {
                return dynamoDbPrefixListId;
            }
        };
    }
}
