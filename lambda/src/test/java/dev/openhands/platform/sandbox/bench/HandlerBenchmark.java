package dev.openhands.platform.sandbox.bench;

import dev.openhands.platform.sandbox.handler.ApiHandler;
import dev.openhands.platform.sandbox.testing.ProxyClient;
import dev.openhands.platform.sandbox.testing.SandboxEmulator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The orchestrator's speed on this machine, against moto_server (run by bench/lambda-bench.sh, not by the tests).
 *
 * <ul>
 *   <li><b>cold init</b>: a fresh JVM per run, started the way Lambda starts the java21 runtime without SnapStart:
 *   from JVM start to the first response of {@code GET /sessions/{id}} through the handler's no-argument
 *   constructor (settings from the environment, SDK clients built, the API key fetched from Secrets Manager).</li>
 *   <li><b>per-request overhead</b>: one warm handler, {@code GET /sessions/{id}} on a ready sandbox; the handler's
 *   latency minus that of the same DynamoDB read made directly with the SDK, percentile by percentile.</li>
 * </ul>
 */
public final class HandlerBenchmark {

    private HandlerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child();
            return;
        }
        int coldRuns = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        try (SandboxEmulator emulator = SandboxEmulator.start()) {
            ProxyClient client = new ProxyClient(new ApiHandler(emulator.orchestrator(Map.of())), SandboxEmulator.API_KEY);
            client.post("/start", ProxyClient.v1Start("bench-conversation", SandboxEmulator.IMAGE, Map.of()));
            if (!"ready".equals(client.get("/sessions/bench-conversation").body().get("pod_status").asText())) {
                throw new IllegalStateException("the benchmark sandbox did not become ready");
            }

            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < coldRuns; i++) {
                cold.add(coldStart(emulator));
            }
            System.out.printf("cold init (JVM start to first response), %d runs: median %.0f ms, min %.0f, max %.0f%n",
                coldRuns, median(cold), min(cold), max(cold));

            for (int i = 0; i < 200; i++) {
                client.get("/sessions/bench-conversation");
                directRead(emulator);
            }
            double[] handler = new double[requests];
            double[] direct = new double[requests];
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                ProxyClient.Reply reply = client.get("/sessions/bench-conversation");
                long t1 = System.nanoTime();
                directRead(emulator);
                long t2 = System.nanoTime();
                if (reply.status() != 200) {
                    throw new IllegalStateException("request " + i + " failed: " + reply);
                }
                handler[i] = (t1 - t0) / 1e6;
                direct[i] = (t2 - t1) / 1e6;
            }
            Arrays.sort(handler);
            Arrays.sort(direct);
            System.out.printf("GET /sessions/{id} through the handler, %d requests: p50 %.2f ms, p99 %.2f ms%n", requests,
                percentile(handler, 50), percentile(handler, 99));
            System.out.printf("the same DynamoDB GetItem made directly: p50 %.2f ms, p99 %.2f ms%n",
                percentile(direct, 50), percentile(direct, 99));
            System.out.printf("handler overhead: p50 %.2f ms, p99 %.2f ms%n",
                percentile(handler, 50) - percentile(direct, 50), percentile(handler, 99) - percentile(direct, 99));
        }
    }

    private static void directRead(SandboxEmulator emulator) {
        emulator.clients().dynamo().getItem(b -> b.tableName(SandboxEmulator.TABLE).consistentRead(true)
            .key(Map.of("conversation_id", AttributeValue.fromS("bench-conversation"))));
    }

    /** Starts a JVM as Lambda would and returns its "init to first response" in milliseconds. */
    private static double coldStart(SandboxEmulator emulator) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
            "-cp", System.getProperty("java.class.path"), HandlerBenchmark.class.getName(), "child");
        builder.environment().putAll(emulator.environment(Map.of()));
        builder.environment().put("AWS_REGION", "eu-west-1");
        builder.environment().put("AWS_ACCESS_KEY_ID", "emulator");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "emulator");
        builder.environment().put("AWS_ENDPOINT_URL", emulator.endpoint());
        builder.environment().put("BENCH_API_KEY", SandboxEmulator.API_KEY);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("cold-start child failed: " + output);
        }
        String[] lines = output.split("\n");
        if (System.getenv("BENCH_PHASES") != null) {
            System.out.println(output);
        }
        return Double.parseDouble(lines[lines.length - 1].trim());
    }

    /** The child: the handler as Lambda constructs it, then one request; prints milliseconds since JVM start. */
    private static void child() {
        long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        long mainAt = System.currentTimeMillis() - jvmStart;
        ApiHandler handler = new ApiHandler();
        long constructed = System.currentTimeMillis() - jvmStart;
        if (System.getenv("BENCH_PHASES") != null) {
            System.err.println("phase main " + mainAt + " constructed " + constructed);
        }
        ProxyClient.Reply reply = new ProxyClient(handler, System.getenv("BENCH_API_KEY")).get("/sessions/bench-conversation");
        long elapsed = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        if (reply.status() != 200) {
            throw new IllegalStateException("first request failed: " + reply);
        }
        System.out.println(elapsed);
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
