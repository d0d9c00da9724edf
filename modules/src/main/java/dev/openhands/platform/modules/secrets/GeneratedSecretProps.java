package dev.openhands.platform.modules.secrets;

import java.util.Map;
import java.util.Objects;

/**
 * @param name          the secret's name, e.g. {@code openhands-prod/app-jwt-secret}
 * @param description   what reads the value and why
 * @param kmsKeyArn     the customer key the secret is encrypted with
 * @param generatorName the ephemeral password resource's name, unique in the stack (letters, digits, underscores)
 * @param length        the generated value's length in characters (no punctuation)
 * @param version       the write-only value's version: raising it writes a new value (rotation)
 * @param tags          resource tags
 */
public record GeneratedSecretProps(String name, String description, String kmsKeyArn, String generatorName,
                                   int length, int version, Map<String, String> tags) {

    public GeneratedSecretProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
        Objects.requireNonNull(generatorName, "generatorName");
        if (!generatorName.matches("^[A-Za-z_][A-Za-z0-9_]*$")) {
            throw new IllegalArgumentException("generatorName '" + generatorName
                + "' must be a Terraform name: letters, digits and underscores, not starting with a digit");
        }
        // Secrets Manager's GetRandomPassword accepts 1-4096; below 32 characters a signing key is too weak.
        if (length < 32 || length > 4096) {
            throw new IllegalArgumentException("length " + length + " of secret '" + name + "' must be 32-4096");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version " + version + " of secret '" + name + "' must be 1 or more");
        }
        tags = Map.copyOf(tags);
    }

    /** Built by name: four strings and two numbers side by side would swap unnoticed in a positional call. */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String name;
        private String description;
        private String kmsKeyArn;
        private String generatorName;
        private int length;
        private int version = 1;
        private Map<String, String> tags = Map.of();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder kmsKeyArn(String kmsKeyArn) {
            this.kmsKeyArn = kmsKeyArn;
            return this;
        }

        /** The generator's name: {@code prefix} followed by {@code suffix} with every other character than A-Z, a-z, 0-9 and _ as '_'. */
        public Builder generatorName(String prefix, String suffix) {
            this.generatorName = prefix + suffix.replaceAll("[^A-Za-z0-9_]", "_");
            return this;
        }

        public Builder length(int length) {
            this.length = length;
            return this;
        }

        /** Default 1; raise it to write a new value. */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public GeneratedSecretProps build() {
            return new GeneratedSecretProps(name, description, kmsKeyArn, generatorName, length, version, tags);
        }
    }
}
