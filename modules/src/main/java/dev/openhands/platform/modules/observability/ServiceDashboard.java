package dev.openhands.platform.modules.observability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.cloudwatch_dashboard.CloudwatchDashboard;
import dev.openhands.platform.modules.json.StableJson;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/** One CloudWatch dashboard per environment: a line graph per widget, two widgets a row, five-minute points. */
public class ServiceDashboard extends Construct {

    private static final int WIDTH = 12;
    private static final int HEIGHT = 6;

    private final CloudwatchDashboard dashboard;

    public ServiceDashboard(Construct scope, String id, ServiceDashboardProps props) {
        super(scope, id);
        this.dashboard = CloudwatchDashboard.Builder.create(this, "dashboard")
            .dashboardName(props.name())
            .dashboardBody(body(props))
            .build();
    }

    static String body(ServiceDashboardProps props) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode widgets = root.putArray("widgets");
        int i = 0;
        for (Map.Entry<String, List<WatchedMetric>> entry : props.widgets().entrySet()) {
            ObjectNode widget = widgets.addObject();
            widget.put("type", "metric");
            widget.put("x", (i % 2) * WIDTH);
            widget.put("y", (i / 2) * HEIGHT);
            widget.put("width", WIDTH);
            widget.put("height", HEIGHT);
            ObjectNode properties = widget.putObject("properties");
            properties.put("title", entry.getKey());
            properties.put("region", props.region());
            properties.put("view", "timeSeries");
            properties.put("period", 300);
            ArrayNode metrics = properties.putArray("metrics");
            for (WatchedMetric metric : entry.getValue()) {
                ArrayNode row = metrics.addArray();
                row.add(metric.namespace()).add(metric.metricName());
                metric.dimensions().forEach((k, v) -> row.add(k).add(v));
                row.addObject().put("stat", metric.statistic()).put("label", metric.label());
            }
            i++;
        }
        return StableJson.write(root);
    }

    public String getName() {
        return dashboard.getDashboardName();
    }
}
