package dev.openhands.platform.sandbox.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyVerifierTest {

    @Test
    void theSecretIsCachedForItsTtlAndRotationTakesEffectAfterIt() {
        AtomicInteger fetches = new AtomicInteger();
        AtomicReference<String> secret = new AtomicReference<>("first-key");
        AtomicLong clock = new AtomicLong();
        ApiKeyVerifier verifier = new ApiKeyVerifier(() -> {
            fetches.incrementAndGet();
            return List.of(secret.get());
        }, Duration.ofMinutes(5), clock::get);

        assertThat(verifier.accepts("first-key")).isTrue();
        assertThat(verifier.accepts("first-key")).isTrue();
        assertThat(fetches.get()).isEqualTo(1);

        secret.set("second-key");
        clock.addAndGet(Duration.ofMinutes(4).toMillis());
        assertThat(verifier.accepts("second-key")).isFalse();
        clock.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(verifier.accepts("second-key")).isTrue();
        assertThat(verifier.accepts("first-key")).isFalse();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void missingEmptyAndNearMissKeysAreRefused() {
        ApiKeyVerifier verifier = new ApiKeyVerifier(() -> List.of("s3cret-value"), Duration.ofMinutes(5), () -> 0);
        assertThat(verifier.accepts(null)).isFalse();
        assertThat(verifier.accepts("")).isFalse();
        assertThat(verifier.accepts("s3cret-valuE")).isFalse();
        assertThat(verifier.accepts("s3cret-value ")).isFalse();
        assertThat(verifier.accepts("s3cret-value")).isTrue();
    }

    @Test
    void anEmptySecretIsAConfigurationErrorNotAnOpenDoor() {
        ApiKeyVerifier verifier = new ApiKeyVerifier(() -> Arrays.asList("  ", "old-key"), Duration.ofMinutes(5), () -> 0);
        assertThatThrownBy(() -> verifier.accepts("old-key")).hasMessageContaining("secret is empty");
    }

    @Test
    void duringARotationTheCurrentAndThePreviousKeyAreAcceptedAndNothingOlder() {
        AtomicReference<List<String>> versions = new AtomicReference<>(Arrays.asList("first-key", null));
        AtomicLong clock = new AtomicLong();
        ApiKeyVerifier verifier = new ApiKeyVerifier(versions::get, Duration.ofMinutes(5), clock::get);
        assertThat(verifier.accepts("first-key")).isTrue();
        assertThat(verifier.accepts("second-key")).isFalse();

        versions.set(List.of("second-key", "first-key"));
        clock.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(verifier.accepts("second-key")).isTrue();
        assertThat(verifier.accepts("first-key")).isTrue();

        versions.set(List.of("third-key", "second-key"));
        clock.addAndGet(Duration.ofMinutes(5).toMillis());
        assertThat(verifier.accepts("third-key")).isTrue();
        assertThat(verifier.accepts("second-key")).isTrue();
        assertThat(verifier.accepts("first-key")).isFalse();
        assertThat(verifier.accepts("")).isFalse();
    }
}
