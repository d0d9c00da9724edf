package dev.openhands.platform.modules.observability;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * @param name         prefix of alarm names, e.g. {@code openhands-prod}
 * @param app          the app service's cluster and service
 * @param loadBalancer the ALB and the app's target group, as their ARN suffixes (the metric dimensions)
 * @param orchestrator where the orchestrator publishes its metrics
 * @param database     the Aurora cluster, its maximum capacity and the proxy in front of it
 * @param webAcl       the front door's web ACL, when it has one
 * @param thresholds   when each alarm fires
 * @param tags         resource tags
 */
public record ServiceAlarmsProps(String name, App app, LoadBalancer loadBalancer, Orchestrator orchestrator, Database database,
                                 Optional<WebAcl> webAcl, Thresholds thresholds, Map<String, String> tags) {

    public ServiceAlarmsProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        Objects.requireNonNull(orchestrator, "orchestrator");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(webAcl, "webAcl");
        Objects.requireNonNull(thresholds, "thresholds");
        tags = Map.copyOf(tags);
    }

    public record App(String clusterName, String serviceName) {
    }

    /**
     * @param namespace   the namespace the orchestrator publishes in
     * @param environment the value of its Environment dimension (the environment's name)
     */
    public record Orchestrator(String namespace, String environment) {
    }

    /** {@code app/<name>/<id>} and {@code targetgroup/<name>/<id>}. */
    public record LoadBalancer(String arnSuffix, String targetGroupArnSuffix) {
    }

    public record Database(String clusterIdentifier, double maxAcu, java.util.Optional<String> proxyName) {
        public Database {
            if (maxAcu <= 0) {
                throw new IllegalArgumentException("maxAcu must be positive");
            }
        }
    }

    /**
     * @param name   the web ACL's name (its metric dimension)
     * @param region the Region dimension of a regional web ACL; empty for a CloudFront one, whose metrics are published in
     *               us-east-1 without it (create these alarms with a us-east-1 provider then)
     */
    public record WebAcl(String name, Optional<String> region) {
    }

    /**
     * @param http5xxPercent      ALB or target 5xx as a share of requests over 5 minutes
     * @param unhealthyTargets    unhealthy targets for 5 minutes
     * @param cpuPercent          app CPU for 15 minutes
     * @param memoryPercent       app memory for 15 minutes
     * @param startLatencySeconds p90 sandbox start latency for 15 minutes
     * @param wafBlockedRequests  blocked requests in 5 minutes
     */
    public record Thresholds(int http5xxPercent, int unhealthyTargets, int cpuPercent, int memoryPercent, int startLatencySeconds,
                             int wafBlockedRequests) {
        public Thresholds {
            for (int percent : new int[] {http5xxPercent, cpuPercent, memoryPercent}) {
                if (percent < 1 || percent > 100) {
                    throw new IllegalArgumentException("percent thresholds must be 1-100, not " + percent);
                }
            }
            if (unhealthyTargets < 1 || startLatencySeconds < 1 || wafBlockedRequests < 1) {
                throw new IllegalArgumentException("count and latency thresholds must be positive");
            }
        }
    }
}
