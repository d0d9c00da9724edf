package dev.openhands.platform.modules.edge;

import dev.openhands.platform.modules.iam.AwsLocation;
import dev.openhands.platform.modules.identity.UserSignIn;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The load balancer behind CloudFront: internet-facing with the origin header ({@link OriginAccess#HEADER}), or
 * internal behind a CloudFront VPC origin ({@link OriginAccess#VPC_ORIGIN}). Build with {@link #builder()}.
 *
 * @param name           prefix of resource names, e.g. {@code openhands-prod} (at most 28 characters: target group
 *                       names add a suffix and may be 32 long)
 * @param location       account and region (the access log bucket policy names the account)
 * @param placement      how only CloudFront reaches it, the subnets it sits in and its idle timeout
 * @param certificateArn regional ACM certificate for the HTTPS listener (covers the app hosts and the sandbox hosts)
 * @param routes         host names, ports and health checks of the app and of the sandbox router
 * @param signIn         the Cognito user pool, client and domain {@code authenticate-cognito} uses
 * @param sessionTimeout how long the load balancer's sign-in session cookie lasts
 * @param targets        security groups (and ports) the load balancer may reach: the app's and the router's
 * @param accessLogs     the access log bucket's name and retention
 * @param production     deletion protection on
 * @param tags           resource tags
 */
public record OriginLoadBalancerProps(String name, AwsLocation location, Placement placement, String certificateArn,
                                      Routes routes, UserSignIn signIn, Duration sessionTimeout, List<TargetAccess> targets,
                                      AccessLogs accessLogs, boolean production, Map<String, String> tags) {

    /** The ALB's own default idle timeout. */
    public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;


    /**
     * ALB rules allow five condition values; with the header two are its current and previous value during a rotation,
     * through a VPC origin two are the sandbox-call paths (scoped to the app hosts).
     */
    public static final int MAX_APP_HOSTS = 3;
    static final Pattern NAME = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{0,26}[a-z0-9])?$");
    static final Pattern FQDN = Pattern.compile("^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");
    static final Pattern ACM_ARN = Pattern.compile("^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[0-9a-f-]+$");

    /** The VPC and the load balancer's subnets (one per zone): public with the header, private through a VPC origin. */
    public record Subnets(String vpcId, List<String> subnetIds) {
        public Subnets {
            Objects.requireNonNull(vpcId, "vpcId");
            subnetIds = List.copyOf(subnetIds);
            if (subnetIds.size() < 2) {
                throw new IllegalArgumentException("an Application Load Balancer needs subnets in at least two zones, got " + subnetIds);
            }
        }
    }

    /**
     * @param access             header: internet-facing in public subnets; vpc-origin: internal in private subnets
     * @param subnets            the VPC and the load balancer's subnets
     * @param idleTimeoutSeconds how long a connection may idle (an internal caller's WebSocket to a sandbox idles while
     *                           the agent thinks)
     */
    public record Placement(OriginAccess access, Subnets subnets, int idleTimeoutSeconds) {
        public Placement {
            Objects.requireNonNull(access, "access");
            Objects.requireNonNull(subnets, "subnets");
            if (idleTimeoutSeconds < 1 || idleTimeoutSeconds > 4000) {
                throw new IllegalArgumentException("idleTimeoutSeconds must be 1..4000 (the ALB's range), was " + idleTimeoutSeconds);
            }
        }
    }

    /**
     * @param appHosts        host names users reach the app at (1 to {@value #MAX_APP_HOSTS})
     * @param sandboxDomain   the sandboxes' domain: agent servers answer at {@code <id>.<sandboxDomain>}, VS Code and the
     *                        agent's web servers at {@code vscode-<id>.} and {@code work-<n>-<id>.<sandboxDomain>}
     * @param appPort         the app container's port
     * @param appHealthPath   the app's health check path
     */
    public record Routes(List<String> appHosts, String sandboxDomain, int appPort, String appHealthPath) {
        public Routes {
            appHosts = List.copyOf(appHosts);
            if (appHosts.isEmpty() || appHosts.size() > MAX_APP_HOSTS) {
                throw new IllegalArgumentException("appHosts must name 1 to " + MAX_APP_HOSTS + " hosts (a listener rule holds five"
                    + " condition values, two of them the origin header's), got " + appHosts.size());
            }
            for (String host : appHosts) {
                if (!FQDN.matcher(host).matches()) {
                    throw new IllegalArgumentException("app host '" + host + "' is not a lower-case fully qualified domain name");
                }
            }
            if (new LinkedHashSet<>(appHosts).size() != appHosts.size()) {
                throw new IllegalArgumentException("app hosts repeat: " + appHosts);
            }
            if (sandboxDomain == null || !FQDN.matcher(sandboxDomain).matches()) {
                throw new IllegalArgumentException("sandbox domain '" + sandboxDomain + "' is not a lower-case fully qualified domain name");
            }
            for (String host : appHosts) {
                if (host.endsWith("." + sandboxDomain)) {
                    throw new IllegalArgumentException("app host '" + host + "' lies under the sandbox domain " + sandboxDomain
                        + ": the sandbox rules would route it to a sandbox");
                }
            }
            if (appPort < 1 || appPort > 65535) {
                throw new IllegalArgumentException("appPort must be 1..65535, was " + appPort);
            }
            if (appHealthPath == null || !appHealthPath.matches("^/[A-Za-z0-9/_.-]{0,1023}$")) {
                throw new IllegalArgumentException("appHealthPath '" + appHealthPath + "' must be an absolute path");
            }
        }
    }

    /** A security group the load balancer forwards to, and the port it listens on. */
    public record TargetAccess(String securityGroupId, int port) {
        public TargetAccess {
            if (securityGroupId == null || !(securityGroupId.startsWith("sg-") || securityGroupId.startsWith("${"))) {
                throw new IllegalArgumentException("target security group '" + securityGroupId + "' is not an sg- id or a reference");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("target port must be 1..65535, was " + port);
            }
        }
    }

    /** Where the access logs go and how long they stay. */
    public record AccessLogs(String bucketName, int retentionDays) {
        public AccessLogs {
            Objects.requireNonNull(bucketName, "bucketName");
        }
    }

    public OriginLoadBalancerProps {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("load balancer name '" + name + "' must be 1-28 lower-case letters, digits and"
                + " hyphens (target group names add '-app' and must fit in 32)");
        }
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(routes, "routes");
        Objects.requireNonNull(signIn, "signIn");
        Objects.requireNonNull(accessLogs, "accessLogs");
        if (certificateArn == null || !(certificateArn.startsWith("${") || ACM_ARN.matcher(certificateArn).matches())) {
            throw new IllegalArgumentException("certificateArn '" + certificateArn + "' is not an ACM certificate ARN");
        }
        if (!certificateArn.startsWith("${") && !certificateArn.split(":")[3].equals(location.region())) {
            throw new IllegalArgumentException("certificate " + certificateArn + " is not in " + location.region()
                + ": the load balancer needs a regional certificate (the us-east-1 one is CloudFront's)");
        }
        if (sessionTimeout == null || sessionTimeout.toSeconds() < 60 || sessionTimeout.toDays() > 7) {
            throw new IllegalArgumentException("sessionTimeout must be between 1 minute and 7 days (the ALB maximum), was " + sessionTimeout);
        }
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets is empty: the load balancer's group would reach nothing");
        }
        tags = Map.copyOf(tags);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: the origin header, a 7-day sign-in session, the ALB's 60-second idle timeout, production (deletion protection) on. */
    public static final class Builder {
        private String name;
        private AwsLocation location;
        private OriginAccess access = OriginAccess.HEADER;
        private Subnets subnets;
        private String certificateArn;
        private Routes routes;
        private UserSignIn signIn;
        private Duration sessionTimeout = Duration.ofDays(7);
        private List<TargetAccess> targets = List.of();
        private AccessLogs accessLogs;
        private int idleTimeoutSeconds = DEFAULT_IDLE_TIMEOUT_SECONDS;
        private boolean production = true;
        private Map<String, String> tags = Map.of();

        private Builder() {
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder location(AwsLocation location) {
            this.location = location;
            return this;
        }

        public Builder access(OriginAccess access) {
            this.access = access;
            return this;
        }

        public Builder idleTimeoutSeconds(int idleTimeoutSeconds) {
            this.idleTimeoutSeconds = idleTimeoutSeconds;
            return this;
        }

        public Builder subnets(Subnets subnets) {
            this.subnets = subnets;
            return this;
        }

        public Builder certificateArn(String certificateArn) {
            this.certificateArn = certificateArn;
            return this;
        }

        public Builder routes(Routes routes) {
            this.routes = routes;
            return this;
        }

        public Builder signIn(UserSignIn signIn) {
            this.signIn = signIn;
            return this;
        }

        /** @param sessionTimeout the sign-in session cookie's lifetime (default 7 days, the ALB maximum) */
        public Builder sessionTimeout(Duration sessionTimeout) {
            this.sessionTimeout = sessionTimeout;
            return this;
        }

        public Builder targets(List<TargetAccess> targets) {
            this.targets = targets;
            return this;
        }

        public Builder accessLogs(AccessLogs accessLogs) {
            this.accessLogs = accessLogs;
            return this;
        }

        /** @param production deletion protection (default on) */
        public Builder production(boolean production) {
            this.production = production;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public OriginLoadBalancerProps build() {
            return new OriginLoadBalancerProps(name, location, subnets == null ? null : new Placement(access, subnets, idleTimeoutSeconds),
                certificateArn, routes, signIn, sessionTimeout, targets, accessLogs, production, tags);
        }
    }
}
