package dev.openhands.platform.modules.observability;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One CloudWatch metric an alarm or a dashboard widget reads: where it is published and how it is aggregated.
 *
 * @param namespace  e.g. {@code AWS/ApplicationELB} or the orchestrator's {@code OpenHands/Sandbox}
 * @param metricName the metric's name
 * @param dimensions the dimensions that pick one series (sorted, for the same bytes on every synth)
 * @param statistic  Sum, Average, Maximum, or a percentile such as p90
 * @param label      what a person sees on the dashboard
 */
public record WatchedMetric(String namespace, String metricName, Map<String, String> dimensions, String statistic, String label) {

    public WatchedMetric {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(statistic, "statistic");
        Objects.requireNonNull(label, "label");
        dimensions = new TreeMap<>(dimensions);
    }
}
