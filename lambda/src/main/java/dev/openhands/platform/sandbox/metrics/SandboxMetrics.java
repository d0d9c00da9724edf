package dev.openhands.platform.sandbox.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * CloudWatch metrics in embedded metric format: one JSON log line per flush, which CloudWatch Logs turns into
 * metrics without a PutMetricData call on the request path. Every name here is one an alarm may watch; an alarm
 * on anything else would watch a metric nobody publishes.
 */
public final class SandboxMetrics {

    public static final String START_LATENCY = "StartLatency";
    public static final String COLD_STARTS = "ColdStarts";
    public static final String WARM_STARTS = "WarmStarts";
    public static final String CREATION_FAILURES = "SandboxCreationFailures";
    public static final String WARM_POOL_AVAILABLE = "WarmPoolAvailable";
    public static final String IDLE_PAUSES = "IdlePauses";
    public static final String ORPHANS_STOPPED = "OrphanTasksStopped";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String namespace;
    private final String environment;
    private final PrintStream out;
    private final LongSupplier clock;
    private final Map<String, List<Double>> values = new TreeMap<>();
    private final Map<String, String> units = new TreeMap<>();

    public SandboxMetrics(String namespace, String environment, PrintStream out, LongSupplier clock) {
        this.namespace = namespace;
        this.environment = environment;
        this.out = out;
        this.clock = clock;
    }

    public synchronized void count(String name, double amount) {
        put(name, amount, "Count");
    }

    public synchronized void milliseconds(String name, double amount) {
        put(name, amount, "Milliseconds");
    }

    private void put(String name, double amount, String unit) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(amount);
        units.put(name, unit);
    }

    /** Writes what was recorded since the last flush as one EMF document, and forgets it. */
    public synchronized void flush() {
        if (values.isEmpty()) {
            return;
        }
        ObjectNode document = JSON.createObjectNode();
        ObjectNode aws = document.putObject("_aws");
        aws.put("Timestamp", clock.getAsLong());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        directive.putArray("Dimensions").addArray().add("Environment");
        ArrayNode metrics = directive.putArray("Metrics");
        document.put("Environment", environment);
        values.forEach((name, samples) -> {
            metrics.addObject().put("Name", name).put("Unit", units.get(name));
            if (samples.size() == 1) {
                document.put(name, samples.get(0));
            } else {
                samples.forEach(document.putArray(name)::add);
            }
        });
        out.println(document.toString());
        values.clear();
        units.clear();
    }
}
