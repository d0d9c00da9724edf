package dev.openhands.platform.sandbox.lifecycle;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Session API keys: 256 random bits, URL-safe. A new {@link SecureRandom} per key reads the OS entropy source, so
 * Lambda SnapStart clones restored from one snapshot never hand out the same key.
 */
public final class SessionKeys {

    private SessionKeys() {
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
