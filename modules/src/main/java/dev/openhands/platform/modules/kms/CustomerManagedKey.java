package dev.openhands.platform.modules.kms;

import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import dev.openhands.platform.modules.iam.AwsPartition;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/** A symmetric customer-managed KMS key with yearly rotation, an alias and an explicit key policy. */
public class CustomerManagedKey extends Construct implements EncryptionKey {

    private final KmsKey key;
    private final PolicyDocument policy;
    // Read once: each read of a resource attribute is a round trip to Node, and the key's ARN is read by most tiers.
    private final String arn;
    private final String keyId;

    public CustomerManagedKey(Construct scope, String id, CustomerManagedKeyProps props) {
        super(scope, id);
        List<Statement> statements = new ArrayList<>();
        // The account root must keep full control or the key becomes unmanageable; this delegates
        // key administration to IAM policies in the account (AWS's default key policy does the same).
        statements.add(Statement.allow("AccountRootAdministersKeyThroughIam", List.of("kms:*"), List.of("*"))
            .withPrincipal("AWS", List.of(props.location().globalArn("iam", "root")))
            .allowingServiceWildcard());
        statements.addAll(props.serviceGrants());
        this.policy = new PolicyDocument(statements);

        this.key = KmsKey.Builder.create(this, "key")
            .description(props.description())
            .enableKeyRotation(true)
            .deletionWindowInDays(props.deletionWindowDays())
            .policy(policy.toJson())
            .tags(props.tags())
            .build();
        this.arn = key.getArn();
        this.keyId = key.getKeyId();
        KmsAlias.Builder.create(this, "alias")
            .name("alias/" + props.alias())
            .targetKeyId(keyId)
            .build();
    }

    /**
     * Lets CloudWatch Logs in {@code region} use the key for log groups whose ARN matches one of
     * {@code logGroupArnPatterns}, and nothing else.
     */
    public static Statement cloudWatchLogsGrant(String region, String... logGroupArnPatterns) {
        return Statement.allow("CloudWatchLogsEncryptsMatchingLogGroups",
                List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                    "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"),
                List.of("*"))
            .withPrincipal("Service", List.of("logs." + region + "." + AwsPartition.dnsSuffix(region)))
            .withCondition("ArnLike", "kms:EncryptionContext:aws:logs:arn", List.of(logGroupArnPatterns));
    }

    /** Refuses {@code terraform destroy} of the key: data it encrypts would become unreadable. */
    public void protectFromDestroy() {
        key.addOverride("lifecycle.prevent_destroy", true);
    }

    @Override
    public String getArn() {
        return arn;
    }

    public String getKeyId() {
        return keyId;
    }

    public PolicyDocument getPolicy() {
        return policy;
    }
}
