package dev.openhands.platform.modules.kms;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.iam.PolicyDocument;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param alias            alias without the {@code alias/} prefix, e.g. {@code openhands-pilot-logs}
 * @param location         account that owns the key (its root principal administers it through IAM) and its region
 * @param description      what the key protects, shown in the console
 * @param serviceGrants    extra key-policy statements for the AWS services that use the key
 * @param deletionWindowDays 7..30 days between scheduling deletion and the key being destroyed
 * @param tags             resource tags
 */
public record CustomerManagedKeyProps(String alias, AwsLocation location, String description,
                                      List<PolicyDocument.Statement> serviceGrants, int deletionWindowDays,
                                      Map<String, String> tags) {

    public CustomerManagedKeyProps {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(description, "description");
        if (!alias.matches("^[a-zA-Z0-9/_-]{1,250}$") || alias.startsWith("aws/")) {
            throw new IllegalArgumentException("KMS alias '" + alias + "' must match [a-zA-Z0-9/_-]+ and not start with aws/");
        }
        if (deletionWindowDays < 7 || deletionWindowDays > 30) {
            throw new IllegalArgumentException("deletionWindowDays must be 7..30");
        }
        serviceGrants = List.copyOf(serviceGrants);
        tags = Map.copyOf(tags);
    }
}
