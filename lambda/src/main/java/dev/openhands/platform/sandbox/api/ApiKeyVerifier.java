package dev.openhands.platform.sandbox.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Checks the X-API-Key header against the keys in Secrets Manager: the current version and, while a rotation is under
 * way, the previous one (an app server that has not restarted yet still sends it). The keys are cached for a TTL
 * (a rotation takes effect within it). Both sides are hashed before a constant-time comparison with every accepted
 * key, so neither a key's content, its length nor which version matched leaks through timing.
 */
public final class ApiKeyVerifier {

    private final Supplier<List<String>> fetchKeys;
    private final Duration ttl;
    private final LongSupplier clock;
    private List<byte[]> cachedDigests;
    private long fetchedAt;

    /**
     * @param fetchKeys the current key first, then the previous one (null or absent when there is none)
     */
    public ApiKeyVerifier(Supplier<List<String>> fetchKeys, Duration ttl, LongSupplier clock) {
        this.fetchKeys = fetchKeys;
        this.ttl = ttl;
        this.clock = clock;
    }

    public boolean accepts(String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        byte[] digest = digest(presented);
        boolean accepted = false;
        for (byte[] expected : expected()) {
            accepted |= MessageDigest.isEqual(digest, expected);
        }
        return accepted;
    }

    private synchronized List<byte[]> expected() {
        long now = clock.getAsLong();
        if (cachedDigests == null || now - fetchedAt >= ttl.toMillis()) {
            List<String> keys = fetchKeys.get();
            String current = keys.isEmpty() ? null : keys.get(0);
            if (current == null || current.isBlank()) {
                throw new IllegalStateException("the API key secret is empty; put the key in its SecretString");
            }
            List<byte[]> digests = new ArrayList<>();
            for (String key : keys) {
                if (key != null && !key.isBlank()) {
                    digests.add(digest(key.trim()));
                }
            }
            cachedDigests = List.copyOf(digests);
            fetchedAt = now;
        }
        return cachedDigests;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
