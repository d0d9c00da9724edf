package dev.openhands.platform.modules.kms;

import java.util.Objects;

/**
 * A KMS key that encrypts a construct's data at rest. {@link CustomerManagedKey} is one; {@link #ofArn} names a key
 * created elsewhere (its policy must admit the services that use it).
 */
public interface EncryptionKey {

    String getArn();

    static EncryptionKey ofArn(String arn) {
        Objects.requireNonNull(arn, "arn");
        if (!arn.startsWith("${") && !arn.matches("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$")) {
            throw new IllegalArgumentException("'" + arn + "' is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
        }
        return () -> arn;
    }
}
