package dev.openhands.platform.modules.sandbox;

import dev.openhands.platform.modules.data.DataProtection;
import dev.openhands.platform.modules.kms.EncryptionKey;

import java.util.Map;
import java.util.Objects;

/**
 * @param tableName  DynamoDB table name
 * @param key        customer key for encryption at rest
 * @param protection deletion protection (AWS refuses to delete the table) and prevent_destroy (Terraform refuses
 *                   plans that destroy it); the final-snapshot setting does not apply to a table
 * @param tags       resource tags (the backup plan selects by tag)
 */
public record SandboxRegistryTableProps(String tableName, EncryptionKey key, DataProtection protection, Map<String, String> tags) {

    public SandboxRegistryTableProps {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(protection, "protection");
        if (!tableName.matches("^[A-Za-z0-9_.-]{3,255}$")) {
            throw new IllegalArgumentException("table name '" + tableName + "' has characters DynamoDB refuses");
        }
        tags = Map.copyOf(tags);
    }
}
