package dev.openhands.platform.modules.identity;

import dev.openhands.platform.modules.identity.PolicyDocument.Statement;
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
}
