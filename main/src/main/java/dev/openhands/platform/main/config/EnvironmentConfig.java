package dev.openhands.platform.main.config;

import dev.openhands.platform.modules.compute.EgressMode;
import dev.openhands.platform.modules.compute.HostProvisioning;
import dev.openhands.platform.modules.schedule.OfficeHours;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated environment file. Only {@link EnvironmentLoader} builds these, after every check has passed, so
 * holders may rely on the values (defaults applied, cross-field rules satisfied).
 */
public record EnvironmentConfig(String name, String sourceFile, Platform platform, boolean production, Aws aws, State state,
                                Map<String, String> tags, Network network, Bedrock bedrock, Egress egress, Optional<Pilot> pilot,
                                Optional<Data> data, Optional<Sandbox> sandbox, Optional<FrontDoor> frontDoor, Optional<App> app,
                                Alerts alerts, Costs costs, Optional<OfficeHours> schedule) {

    public EnvironmentConfig {
        tags = Map.copyOf(tags);
    }

    public enum Platform { EC2_PILOT, ECS_FARGATE }

    public enum Architecture { ARM64, X86_64 }

    public record Aws(String accountId, String region, Optional<String> deployRoleArn) {
    }

    /** Remote state: {@code kmsKeyId} is resolved (the bootstrap's alias ARN when the file names none). */
    public record State(String bucket, String key, String region, Optional<String> roleArn, String kmsKeyId,
                        int noncurrentVersionExpiryDays) {

        /** Name of the bootstrap stack that creates this bucket. */
        public String bootstrapStackName() {
            return "state-" + bucket;
        }
    }

    /**
     * {@code endpointZones} is a non-empty subset of {@code availabilityZones}, in their order; {@code natInstance}
     * (a NAT instance instead of the gateway) only with an internet path, outside production.
     */
    public record Network(String vpcCidr, List<String> availabilityZones, List<String> privateSubnetCidrs,
                          List<String> publicSubnetCidrs, int flowLogRetentionDays, List<String> endpointZones,
                          boolean natInstance) {
        public Network {
            availabilityZones = List.copyOf(availabilityZones);
            endpointZones = List.copyOf(endpointZones);
            privateSubnetCidrs = List.copyOf(privateSubnetCidrs);
            publicSubnetCidrs = List.copyOf(publicSubnetCidrs);
        }
    }

    /** {@code models.get(0)} is the default model. */
    public record Bedrock(List<String> models, Map<String, List<String>> inferenceProfileRegions) {
        public Bedrock {
            models = List.copyOf(models);
            inferenceProfileRegions = Map.copyOf(inferenceProfileRegions);
        }

        public String defaultModel() {
            return models.get(0);
        }
    }

    /** {@code proxy} is present exactly for an ecs-fargate environment with an allow-list. */
    public record Egress(EgressMode mode, List<String> allowedHosts, Optional<EgressProxy> proxy) {
        public Egress {
            allowedHosts = List.copyOf(allowedHosts);
        }
    }

    /** The Fargate egress proxy, defaults applied. */
    public record EgressProxy(String image, int desiredCount, int logRetentionDays) {
    }

    /**
     * The ecs-fargate data tier, defaults applied. {@code autoPauseSeconds} is empty unless minAcu is 0; without
     * {@code proxyEnabled} the proxy settings are unused.
     */
    public record Data(String engineVersion, double minAcu, double maxAcu, int readers, Optional<Integer> autoPauseSeconds,
                       int backupRetentionDays, int slowQueryMillis, boolean proxyEnabled, int idleClientTimeoutSeconds,
                       int connectionBorrowTimeoutSeconds, int maxConnectionsPercent, int eventsNoncurrentVersionExpiryDays,
                       String backupSchedule, int backupRetentionDaysInVault, Optional<String> backupCopyToVaultArn,
                       dev.openhands.platform.modules.data.DataProtection protection) {
    }

    /**
     * Sandbox orchestration of the ecs-fargate platform, defaults applied. With {@code denyList} {@link DenyList#TOOL}
     * every image is a derived one (checked by its tag, {@link DenyList#DERIVED_TAG}).
     */
    public record Sandbox(List<String> images, int cpu, int memoryMib, int idleTimeoutMinutes, int orphanGraceMinutes,
                          int stoppedRetentionDays,
                          int warmPoolSize, String warmPoolWebhooks, Map<String, String> warmPoolEnvironment,
                          List<dev.openhands.platform.modules.iam.PolicyDocument.Statement> taskPolicyStatements,
                          int apiRateLimitPerSecond, int apiKeyVersion, int logRetentionDays,
                          dev.openhands.platform.modules.ecs.FargateCapacity capacity, DenyList denyList, boolean tracing) {
        public Sandbox {
            images = List.copyOf(images);
            warmPoolEnvironment = Map.copyOf(warmPoolEnvironment);
            taskPolicyStatements = List.copyOf(taskPolicyStatements);
        }
    }

    /**
     * Where V1 conversations' deny-list is enforced (the agent runs inside the sandbox there; V0's is the app's runtime
     * and always on). {@code TOOL}: the app asks the sandbox for {@code DenyListBashTool} ({@code OHP_V1_DENY_LIST=tool}),
     * which only the derived sandbox image (plugin/sandbox.Containerfile) registers; a stock image refuses the
     * conversation. {@code OFF}: V1 conversations have confirmation mode only.
     */
    public enum DenyList {
        OFF, TOOL;

        /**
         * The tag scripts/build-sandbox-image.sh gives a derived image: the agent server's source build
         * ({@code <sdk commit>-source}), {@code -ohp-} and the plugin's commit. A digest reference cannot show it, so the config names the tag.
         */
        public static final java.util.regex.Pattern DERIVED_TAG = java.util.regex.Pattern.compile(":[A-Za-z0-9._-]+-ohp-[0-9a-f]{7,40}$");

        /** The config's and the plugin's spelling. */
        public String setting() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static boolean isDerived(String image) {
            return DERIVED_TAG.matcher(image).find();
        }
    }

    /**
     * The public entrance of an ecs-fargate environment, defaults applied. {@code domains.get(0)} is the primary
     * domain; sandboxes are reached below {@code <sandboxSubdomain>.<primary>}.
     */
    public record FrontDoor(List<String> domains, HostedZone hostedZone, SignIn signIn, Waf waf, boolean accessLogs,
                            dev.openhands.platform.modules.edge.OriginAccess originAccess, int originSecretGeneration,
                            String sandboxSubdomain, String routerImage, int routerTasks) {
        public FrontDoor {
            domains = List.copyOf(domains);
        }

        public String primaryDomain() {
            return domains.get(0);
        }

        /** {@code *.<sandboxSubdomain>.<primary>}: every sandbox host name. */
        public String sandboxWildcard() {
            return "*." + sandboxDomain();
        }

        /** {@code <sandboxSubdomain>.<primary>}: the domain the sandboxes' host names lie under. */
        public String sandboxDomain() {
            return sandboxSubdomain + "." + primaryDomain();
        }

        /** {@code origin.<primary>}: the load balancer's name on its certificate, CloudFront's origin domain. */
        public String originDomain() {
            return "origin." + primaryDomain();
        }
    }

    public record HostedZone(String id, String name) {
    }

    public record SignIn(String domainPrefix, dev.openhands.platform.modules.identity.MfaMode mfa, boolean selfSignUp,
                         dev.openhands.platform.modules.identity.ThreatProtection threatProtection,
                         dev.openhands.platform.modules.identity.TokenLifetimes tokens, List<String> groups,
                         Optional<dev.openhands.platform.modules.identity.ExternalIdentityProvider> federation) {
        public SignIn {
            groups = List.copyOf(groups);
        }
    }

    /** {@code allowCidrs} empty: every client network may try. */
    public record Waf(long rateLimitPer5Minutes, List<String> allowCidrs, boolean anonymousIpList) {
        public Waf {
            allowCidrs = List.copyOf(allowCidrs);
        }
    }

    /**
     * The OpenHands app service of the ecs-fargate platform, defaults applied. The image is
     * {@code <repository>:<openhandsVersion>-platform}: the stock image with the platform plugin (docs/operations.md).
     */
    public record App(String openhandsVersion, String repository, String publicUrl, int cpu, int memoryMib, int minTasks,
                      int maxTasks, int targetCpuPercent, int requestsPerTarget, boolean confirmationMode, List<String> denyCommands,
                      boolean ecsExec, boolean readonlyRootFilesystem, int logRetentionDays, AppAlarms alarms) {
        public App {
            denyCommands = List.copyOf(denyCommands);
        }

        /** The derived image the service runs. */
        public String image() {
            return repository + ":" + openhandsVersion + "-platform";
        }
    }

    /** Alarm thresholds of the app service and what it depends on. */
    public record AppAlarms(int http5xxPercent, int unhealthyTargets, int cpuPercent, int memoryPercent, int startLatencySeconds,
                            int wafBlockedRequests) {
    }

    public record PinnedAmi(String id, Architecture architecture) {
    }

    public record Pilot(String instanceType, Optional<PinnedAmi> ami, HostProvisioning hostProvisioning, int rootVolumeGib,
                        boolean detailedMonitoring, int logRetentionDays, String openhandsVersion, boolean confirmationMode) {
    }

    /** Who is notified: addresses (and an optional HTTPS chat webhook) subscribed to the environment's alarm topic. */
    public record Alerts(List<String> emails, Optional<String> chatWebhookUrl) {
        public Alerts {
            emails = List.copyOf(emails);
        }
    }

    /**
     * Spending limits: a monthly budget in US dollars, and daily Bedrock tokens per model.
     */
    public record Costs(Optional<Long> monthlyBudgetUsd, Optional<DailyTokens> dailyTokens) {
    }

    /** Tokens per model per UTC day. */
    public record DailyTokens(long input, long output) {
    }
}
