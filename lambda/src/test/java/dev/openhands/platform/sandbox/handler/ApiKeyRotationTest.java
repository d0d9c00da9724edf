package dev.openhands.platform.sandbox.handler;

import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating the API key (a new secret version: Secrets Manager moves AWSCURRENT to it and AWSPREVIOUS to the old one)
 * does not lock out an app server that still sends the old key: both versions are accepted until the next rotation.
 */
class ApiKeyRotationTest {

    @Test
    void theCurrentAndThePreviousKeyAreAcceptedDuringARotation() throws Exception {
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            ApiHandler handler = new ApiHandler(emulator.orchestrator(Map.of()));
            String secret = emulator.environment(Map.of()).get("API_KEY_SECRET_ARN");
            assertThat(statusWith(handler, SandboxEmulator.API_KEY)).isEqualTo(200);
            assertThat(statusWith(handler, "second-key-0123456789")).isEqualTo(401);

            emulator.clients().secrets().putSecretValue(b -> b.secretId(secret).secretString("second-key-0123456789"));
            emulator.advanceMinutes(6);
            assertThat(statusWith(handler, "second-key-0123456789")).isEqualTo(200);
            assertThat(statusWith(handler, SandboxEmulator.API_KEY)).as("the previous key, during the rotation").isEqualTo(200);

            emulator.clients().secrets().putSecretValue(b -> b.secretId(secret).secretString("third-key-0123456789"));
            emulator.advanceMinutes(6);
            assertThat(statusWith(handler, "third-key-0123456789")).isEqualTo(200);
            assertThat(statusWith(handler, "second-key-0123456789")).isEqualTo(200);
            assertThat(statusWith(handler, SandboxEmulator.API_KEY)).as("two rotations ago").isEqualTo(401);
        }
    }

    private static int statusWith(ApiHandler handler, String key) {
        return new ProxyClient(handler, key).get("/sessions/batch", Map.of("ids", List.of("nothing"))).status();
    }
}
