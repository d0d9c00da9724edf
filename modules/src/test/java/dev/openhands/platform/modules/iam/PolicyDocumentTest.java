package dev.openhands.platform.modules.iam;

import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyDocumentTest {

    @Test
    void refusesWildcardActions() {
        assertThatThrownBy(() -> PolicyDocument.of(Statement.allow("All", List.of("*"), List.of("arn:aws:s3:::b"))))
            .hasMessageContaining("wildcard action '*'");
        assertThatThrownBy(() -> PolicyDocument.of(Statement.allow("AllS3", List.of("s3:*"), List.of("arn:aws:s3:::b"))))
            .hasMessageContaining("wildcard action 's3:*'");
        assertThatThrownBy(() -> PolicyDocument.of(Statement.allow("All", List.of("*"), List.of("*")).allowingServiceWildcard()))
            .hasMessageContaining("wildcard action '*'");
    }

    @Test
    void rendersIamJson() {
        String json = PolicyDocument.of(Statement.allow("Read", List.of("s3:GetObject"), List.of("arn:aws:s3:::b/*"))
            .withPrincipal("*", List.of("*"))
            .withCondition("StringEquals", "aws:PrincipalAccount", List.of("123456789012"))).toJson();
        assertThat(json).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Principal\":\"*\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalAccount\":\"123456789012\"}}}]}");
    }

    @Test
    void anEndpointPerimeterMayNameEveryActionOnlyWhilePinnedToOneAccountOnBothSides() {
        String json = EndpointPolicies.perimeter("123456789012").toJson();
        assertThat(json).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"OwnPrincipalsOnOwnResources\","
            + "\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":"
            + "{\"aws:PrincipalAccount\":\"123456789012\",\"aws:ResourceAccount\":\"123456789012\"}}}]}");
        Statement principalOnly = Statement.allow("Half", List.of("*"), List.of("*")).withPrincipal("*", List.of("*"))
            .withCondition("StringEquals", "aws:PrincipalAccount", List.of("123456789012"));
        assertThatThrownBy(() -> PolicyDocument.of(principalOnly)).hasMessageContaining("wildcard action '*'");
        assertThatThrownBy(() -> PolicyDocument.of(principalOnly.withCondition("StringEquals", "aws:ResourceAccount",
            List.of("210987654321")))).as("two different accounts").hasMessageContaining("wildcard action '*'");
        assertThatThrownBy(() -> PolicyDocument.of(principalOnly.withCondition("StringLike", "aws:ResourceAccount",
            List.of("123456789012")))).as("not an exact match").hasMessageContaining("wildcard action '*'");
    }

    @Test
    void awsOwnedBucketReadsNameTheBucketsAndRefuseArns() {
        Statement reads = EndpointPolicies.awsOwnedObjectReads("aws", List.of(EndpointPolicies.ecrLayerBucket("eu-west-1")));
        assertThat(reads.actions()).containsExactly("s3:GetObject");
        assertThat(reads.resources()).containsExactly("arn:aws:s3:::prod-eu-west-1-starport-layer-bucket/*");
        assertThat(reads.conditions()).as("the requests are presigned by ECR or anonymous: no account to pin").isEmpty();
        assertThatThrownBy(() -> EndpointPolicies.awsOwnedObjectReads("aws", List.of("arn:aws:s3:::b")))
            .hasMessageContaining("not an S3 bucket name");
    }
}
