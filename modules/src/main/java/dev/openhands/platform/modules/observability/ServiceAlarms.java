package dev.openhands.platform.modules.observability;

import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmMetricQuery;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmMetricQueryMetric;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-user service's alarms, on what users feel first: 5xx from the load balancer and from the app, unhealthy
 * app targets, app CPU and memory, slow sandbox starts (the orchestrator's own metric), Aurora pinned at its maximum
 * capacity, connections the database proxy refuses, and a spike of requests the front door's web ACL blocks.
 *
 * <p>No alarm names an action: the stack's {@link AlarmActions} aspect sends every one to the environment's alarm
 * topic, when it fires and when it recovers. The orchestrator's creation-failure and warm-pool alarms live with the
 * orchestrator; {@link #dashboardWidgets()} shows their metrics beside these.
 */
public class ServiceAlarms extends Construct {

    private static final int FIVE_MINUTES = 300;

    /** Metrics the orchestrator publishes (dev.openhands.platform.sandbox.metrics.SandboxMetrics) that these read. */
    public static final String START_LATENCY = "StartLatency";
    public static final String CREATION_FAILURES = "SandboxCreationFailures";
    public static final String WARM_POOL_AVAILABLE = "WarmPoolAvailable";

    private final Map<String, List<WatchedMetric>> widgets = new LinkedHashMap<>();
    private final ServiceAlarmsProps props;

    public ServiceAlarms(Construct scope, String id, ServiceAlarmsProps props) {
        super(scope, id);
        this.props = props;
        var thresholds = props.thresholds();
        Map<String, String> alb = Map.of("LoadBalancer", props.loadBalancer().arnSuffix());
        Map<String, String> target = Map.of("LoadBalancer", props.loadBalancer().arnSuffix(),
            "TargetGroup", props.loadBalancer().targetGroupArnSuffix());
        Map<String, String> service = Map.of("ClusterName", props.app().clusterName(), "ServiceName", props.app().serviceName());
        Map<String, String> environment = Map.of("Environment", props.orchestrator().environment());

        WatchedMetric requests = new WatchedMetric("AWS/ApplicationELB", "RequestCount", alb, "Sum", "requests");
        WatchedMetric albErrors = new WatchedMetric("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", alb, "Sum", "ALB 5xx");
        WatchedMetric targetRequests = new WatchedMetric("AWS/ApplicationELB", "RequestCount", target, "Sum", "app requests");
        WatchedMetric targetErrors = new WatchedMetric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", target, "Sum", "app 5xx");
        rate("alb-5xx", "The load balancer answered more than " + thresholds.http5xxPercent() + "% of requests with 5xx (no healthy app task,"
            + " or the front door itself failing)", albErrors, requests, thresholds.http5xxPercent());
        rate("app-5xx", "The app answered more than " + thresholds.http5xxPercent() + "% of requests with 5xx", targetErrors, targetRequests,
            thresholds.http5xxPercent());
        WatchedMetric unhealthy = new WatchedMetric("AWS/ApplicationELB", "UnHealthyHostCount", target, "Maximum", "unhealthy app targets");
        WatchedMetric healthy = new WatchedMetric("AWS/ApplicationELB", "HealthyHostCount", target, "Minimum", "healthy app targets");
        alarm("app-unhealthy-targets", "At least " + thresholds.unhealthyTargets() + " app task(s) failed the health check for 5 minutes",
            unhealthy, FIVE_MINUTES, 1, thresholds.unhealthyTargets(), "GreaterThanOrEqualToThreshold", "notBreaching");
        widgets.put("Requests and 5xx", List.of(requests, albErrors, targetErrors));
        widgets.put("App targets", List.of(healthy, unhealthy));

        WatchedMetric cpu = new WatchedMetric("AWS/ECS", "CPUUtilization", service, "Average", "app CPU %");
        WatchedMetric memory = new WatchedMetric("AWS/ECS", "MemoryUtilization", service, "Average", "app memory %");
        alarm("app-cpu", "The app service's CPU stayed above " + thresholds.cpuPercent() + "% for 15 minutes (autoscaling at its maximum?)",
            cpu, FIVE_MINUTES, 3, thresholds.cpuPercent(), "GreaterThanThreshold", "missing");
        alarm("app-memory", "The app service's memory stayed above " + thresholds.memoryPercent() + "% for 15 minutes",
            memory, FIVE_MINUTES, 3, thresholds.memoryPercent(), "GreaterThanThreshold", "missing");
        widgets.put("App service", List.of(cpu, memory));

        String sandboxes = props.orchestrator().namespace();
        WatchedMetric startLatency = new WatchedMetric(sandboxes, START_LATENCY, environment, "p90", "sandbox start p90 (ms)");
        alarm("sandbox-start-latency", "Sandboxes took longer than " + thresholds.startLatencySeconds() + " s to start (p90) for 15 minutes",
            startLatency, FIVE_MINUTES, 3, thresholds.startLatencySeconds() * 1000.0, "GreaterThanThreshold", "notBreaching");
        widgets.put("Sandboxes", List.of(startLatency,
            new WatchedMetric(sandboxes, CREATION_FAILURES, environment, "Sum", "creation failures"),
            new WatchedMetric(sandboxes, WARM_POOL_AVAILABLE, environment, "Minimum", "warm sandboxes available")));

        var database = props.database();
        WatchedMetric acu = new WatchedMetric("AWS/RDS", "ServerlessDatabaseCapacity", Map.of("DBClusterIdentifier", database.clusterIdentifier()),
            "Maximum", "Aurora ACUs");
        alarm("aurora-at-max-capacity", "Aurora ran at its maximum of " + database.maxAcu() + " ACUs for 15 minutes: raise data.aurora.maxAcu",
            acu, FIVE_MINUTES, 3, database.maxAcu(), "GreaterThanOrEqualToThreshold", "notBreaching");
        List<WatchedMetric> databaseWidgets = new java.util.ArrayList<>(List.of(acu));
        // Without RDS Proxy (allowed outside production) nothing publishes the proxy's connection metrics.
        database.proxyName().ifPresent(proxyName -> {
            Map<String, String> proxy = Map.of("ProxyName", proxyName);
            WatchedMetric failedAuth = new WatchedMetric("AWS/RDS", "ClientConnectionsSetupFailedAuth", proxy, "Sum", "proxy: failed client auth");
            WatchedMetric failedDatabase = new WatchedMetric("AWS/RDS", "DatabaseConnectionsSetupFailed", proxy, "Sum", "proxy: failed database connections");
            alarm("proxy-client-auth-failures", "Clients failed to authenticate to the database proxy (IAM token, TLS, or the wrong user)",
                failedAuth, FIVE_MINUTES, 1, 5, "GreaterThanOrEqualToThreshold", "notBreaching");
            alarm("proxy-database-connection-failures", "The database proxy could not open connections to Aurora",
                failedDatabase, FIVE_MINUTES, 1, 1, "GreaterThanOrEqualToThreshold", "notBreaching");
            databaseWidgets.add(failedAuth);
            databaseWidgets.add(failedDatabase);
        });
        widgets.put("Database", List.copyOf(databaseWidgets));

        props.webAcl().ifPresent(acl -> {
            Map<String, String> dims = new LinkedHashMap<>();
            dims.put("WebACL", acl.name());
            dims.put("Rule", "ALL");
            acl.region().ifPresent(region -> dims.put("Region", region));
            WatchedMetric blocked = new WatchedMetric("AWS/WAFV2", "BlockedRequests", dims, "Sum", "WAF blocked requests");
            alarm("waf-blocked-spike", "The web ACL blocked more than " + thresholds.wafBlockedRequests() + " requests in 5 minutes (an attack,"
                + " or a rule blocking real users)", blocked, FIVE_MINUTES, 1, thresholds.wafBlockedRequests(), "GreaterThanThreshold",
                "notBreaching");
            widgets.put("Front door", List.of(blocked));
        });
    }

    /** What the dashboard shows, widget title to metrics, in order. */
    public Map<String, List<WatchedMetric>> dashboardWidgets() {
        return new LinkedHashMap<>(widgets);
    }

    private void alarm(String id, String description, WatchedMetric metric, int period, int periods, double threshold, String comparison,
                       String missing) {
        var builder = CloudwatchMetricAlarm.Builder.create(this, id)
            .alarmName(props.name() + "-" + id)
            .alarmDescription(description)
            .namespace(metric.namespace())
            .metricName(metric.metricName())
            .dimensions(metric.dimensions())
            .period(period)
            .evaluationPeriods(periods)
            .threshold(threshold)
            .comparisonOperator(comparison)
            .treatMissingData(missing)
            .tags(props.tags());
        if (metric.statistic().startsWith("p")) {
            builder.extendedStatistic(metric.statistic());
        } else {
            builder.statistic(metric.statistic());
        }
        builder.build();
    }

    /** errors / requests as a percentage; no requests is no error rate, not a breach. */
    private void rate(String id, String description, WatchedMetric errors, WatchedMetric requests, int percent) {
        List<CloudwatchMetricAlarmMetricQuery> queries = new ArrayList<>();
        queries.add(query("errors", errors));
        queries.add(query("requests", requests));
        queries.add(CloudwatchMetricAlarmMetricQuery.builder().id("rate").expression("IF(requests > 0, 100 * errors / requests, 0)")
            .label(errors.label() + " %").returnData(true).build());
        CloudwatchMetricAlarm.Builder.create(this, id)
            .alarmName(props.name() + "-" + id)
            .alarmDescription(description)
            .metricQuery(queries)
            .evaluationPeriods(1)
            .threshold(percent)
            .comparisonOperator("GreaterThanThreshold")
            .treatMissingData("notBreaching")
            .tags(props.tags())
            .build();
    }

    private static CloudwatchMetricAlarmMetricQuery query(String id, WatchedMetric metric) {
        return CloudwatchMetricAlarmMetricQuery.builder().id(id).returnData(false)
            .metric(CloudwatchMetricAlarmMetricQueryMetric.builder()
                .namespace(metric.namespace())
                .metricName(metric.metricName())
                .dimensions(metric.dimensions())
                .stat(metric.statistic())
                .period(FIVE_MINUTES)
                .build())
            .build();
    }
}
