package dev.openhands.platform.sandbox.launch;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * Asks a sandbox's agent server whether it answers: {@code GET <url>/alive}, unauthenticated in the agent server.
 * A sandbox is reported {@code ready} only after this succeeds once.
 */
public final class AgentProbe {

    private final Duration timeout;
    private final Function<String, String> probeBase;

    /**
     * @param timeout   connect and read timeout
     * @param probeBase maps the sandbox's public URL to the base the probe calls; identity in production, a local
     *                  stand-in server in tests (the task addresses an emulator hands out route nowhere)
     */
    public AgentProbe(Duration timeout, Function<String, String> probeBase) {
        this.timeout = timeout;
        this.probeBase = probeBase;
    }

    public boolean answers(String sandboxUrl) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) URI.create(probeBase.apply(sandboxUrl) + "/alive").toURL().openConnection();
            connection.setConnectTimeout((int) timeout.toMillis());
            connection.setReadTimeout((int) timeout.toMillis());
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status == 200;
        } catch (IOException | IllegalArgumentException unreachable) {
            return false;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }
}
