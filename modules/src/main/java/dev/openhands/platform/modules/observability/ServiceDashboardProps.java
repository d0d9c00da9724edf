package dev.openhands.platform.modules.observability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * @param name    the dashboard's name, e.g. {@code openhands-prod}
 * @param widgets widget title to the metrics it plots, in display order
 * @param region  the region of the metrics
 */
public record ServiceDashboardProps(String name, Map<String, List<WatchedMetric>> widgets, String region) {

    public ServiceDashboardProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        if (!name.matches("^[A-Za-z0-9_-]{1,255}$")) {
            throw new IllegalArgumentException("dashboard name '" + name + "' must be 1-255 letters, digits, '-' or '_'");
        }
        Map<String, List<WatchedMetric>> copy = new LinkedHashMap<>();
        widgets.forEach((title, metrics) -> copy.put(title, List.copyOf(metrics)));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a dashboard needs at least one widget");
        }
        widgets = copy;
    }
}
