package dev.openhands.platform.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Checks the X-API-Key header against the key in Secrets Manager. The key is cached for a TTL (rotation takes
 * effect within it). Both sides are hashed before a constant-time comparison, so neither the key's content nor its
 * length leaks through timing.
 */
public final class ApiKeyVerifier {

    private final Supplier<String> fetchKey;
    private final Duration ttl;
    private final LongSupplier clock;
    private byte[] cachedDigest;
    private long fetchedAt;

    public ApiKeyVerifier(Supplier<String> fetchKey, Duration ttl, LongSupplier clock) {
        this.fetchKey = fetchKey;
        this.ttl = ttl;
        this.clock = clock;
    }

    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(digest(presented), expected());
    }

    private synchronized byte[] expected() {
        long now = clock.getAsLong();
        if (cachedDigest == null || now - fetchedAt >= ttl.toMillis()) {
            String key = fetchKey.get();
            if (key == null || key.isBlank()) {
                throw new IllegalStateException("the API key secret is empty; put the key in its SecretString");
            }
            cachedDigest = digest(key.trim());
            fetchedAt = now;
        }
        return cachedDigest;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
