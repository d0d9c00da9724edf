package dev.openhands.platform.modules.compute;

import dev.openhands.platform.modules.kms.EncryptionKey;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param repositoryNames     ECR repository names, e.g. {@code openhands-pilot/app}
 * @param key                 customer-managed key that encrypts the images
 * @param untaggedExpiryDays  days after which untagged images are expired
 * @param tags                resource tags
 */
public record ContainerRegistryProps(List<String> repositoryNames, EncryptionKey key, int untaggedExpiryDays,
                                     Map<String, String> tags) {

    public ContainerRegistryProps {
        repositoryNames = List.copyOf(repositoryNames);
        Objects.requireNonNull(key, "key");
        tags = Map.copyOf(tags);
        if (repositoryNames.isEmpty()) {
            throw new IllegalArgumentException("give at least one repository name");
        }
        for (String name : repositoryNames) {
            if (!name.matches("^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$") || name.length() > 256) {
                throw new IllegalArgumentException("'" + name + "' is not a valid ECR repository name");
            }
        }
        if (untaggedExpiryDays < 1) {
            throw new IllegalArgumentException("untaggedExpiryDays must be at least 1");
        }
    }
}
