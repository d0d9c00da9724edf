package dev.openhands.platform.emulator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code moto_server} AWS emulator on a free loopback port, owned by this object: {@link #close()} stops it.
 * The emulator reports {@code accountId} as the caller's account, so the provider's account guard holds.
 */
public final class MotoServer implements AutoCloseable {

    public static final String INSTALL_HINT = "moto_server (moto 5.x with server extras) is not on PATH: install it with"
        + " `pip install 'moto[server]>=5.1'` or set OPENHANDS_MOTO_SERVER to its path.";

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static MotoServer start(String accountId) throws IOException, InterruptedException {
        return start(accountId, false);
    }

    /**
     * Like {@link #start(String)}; with {@code serialized}, the emulator answers one request at a time. moto checks a
     * DynamoDB condition and applies the write in two steps, so two threads can both pass a condition that AWS would
     * let only one pass; serving requests one at a time restores the per-item atomicity tests of conditional writes
     * rely on, while the callers still race each other.
     */
    public static MotoServer start(String accountId, boolean serialized) throws IOException, InterruptedException {
        String executable = locate();
        int port = freePort();
        Path log = Files.createTempFile("moto-server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().put("MOTO_ACCOUNT_ID", accountId);
        // AWS-managed policies (e.g. AWS Backup's service-role policies) exist only when moto loads them.
        builder.environment().put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
        if (serialized) {
            builder.environment().put("PYTHONPATH", serialHook().toString());
        }
        Process process = builder.start();
        MotoServer server = new MotoServer(process, port, log);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    /** A sitecustomize module, loaded by Python at start-up, that turns off the werkzeug server's threading. */
    private static Path serialHook() throws IOException {
        Path dir = Files.createTempDirectory("moto-serial-");
        Files.writeString(dir.resolve("sitecustomize.py"), String.join("\n",
            "import werkzeug.serving as _serving",
            "_run_simple = _serving.run_simple",
            "def _serial(*args, **kwargs):",
            "    kwargs['threaded'] = False",
            "    return _run_simple(*args, **kwargs)",
            "_serving.run_simple = _serial",
            ""));
        dir.toFile().deleteOnExit();
        dir.resolve("sitecustomize.py").toFile().deleteOnExit();
        return dir;
    }

    public static String locate() {
        String configured = System.getenv("OPENHANDS_MOTO_SERVER");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        List<String> candidates = new ArrayList<>();
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            candidates.add(dir + "/moto_server");
        }
        candidates.add(System.getProperty("user.home") + "/.pyenv/shims/moto_server");
        candidates.add(System.getProperty("user.home") + "/.local/bin/moto_server");
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException(INSTALL_HINT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start-up: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(endpoint() + "/moto-api/"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("moto_server did not answer on port " + port + " within " + timeout.toSeconds() + " s");
    }

    /**
     * moto walks an ECS task from RUNNING towards STOPPED a step per DescribeTasks; real tasks stay up until stopped.
     * This tells the emulator at {@code endpoint} to leave them running.
     */
    public static void keepEcsTasksRunning(String endpoint) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(endpoint + "/moto-api/state-manager/set-transition"))
            .POST(HttpRequest.BodyPublishers.ofString(
                "{\"model_name\":\"ecs::task\",\"transition\":{\"progression\":\"manual\",\"times\":1000000000}}"))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException("moto refused the ECS task transition setting: " + response.body());
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // the log is a temp file; leaving it is harmless
        }
    }
}
