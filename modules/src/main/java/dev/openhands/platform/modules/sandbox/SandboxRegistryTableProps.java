package dev.openhands.platform.modules.sandbox;

import java.util.Map;
import java.util.Objects;

/**
 * @param tableName          DynamoDB table name
 * @param kmsKeyArn          customer key for encryption at rest
 * @param deletionProtection AWS refuses to delete the table
 * @param preventDestroy     Terraform refuses plans that destroy the table
 * @param tags               resource tags (the backup plan selects by tag)
 */
public record SandboxRegistryTableProps(String tableName, String kmsKeyArn, boolean deletionProtection,
                                        boolean preventDestroy, Map<String, String> tags) {

    public SandboxRegistryTableProps {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
        if (!tableName.matches("^[A-Za-z0-9_.-]{3,255}$")) {
            throw new IllegalArgumentException("table name '" + tableName + "' has characters DynamoDB refuses");
        }
        tags = Map.copyOf(tags);
    }
}
