package dev.openhands.platform.main.tiers;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.compute.AppService;
import dev.openhands.platform.modules.compute.AppServiceProps;
import dev.openhands.platform.modules.data.AuroraServerless;
import dev.openhands.platform.modules.egress.ForwardProxy;
import dev.openhands.platform.modules.iam.AwsPartition;
import dev.openhands.platform.modules.json.StableJson;
import dev.openhands.platform.modules.observability.LogSettings;
import dev.openhands.platform.modules.observability.ServiceAlarms;
import dev.openhands.platform.modules.observability.ServiceAlarmsProps;
import dev.openhands.platform.modules.observability.ServiceDashboard;
import dev.openhands.platform.modules.observability.ServiceDashboardProps;
import dev.openhands.platform.modules.sandbox.OrchestratorFunctions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Optional;

/**
 * The OpenHands app service (the {@code app} section) and what watches it: the stock app server with the platform
 * plugin on Fargate behind the front door, wired to the orchestrator (its private API and key), the database proxy
 * (IAM auth, TLS), the events bucket and Bedrock; the service alarms and the environment's dashboard.
 *
 * <p>The variables follow the contract with the plugin (docs/operations.md, "The app's environment"): {@code OHP_*} are
 * the plugin's, the rest are stock OpenHands settings. Every credential is an ECS secret.
 */
public final class AppTier {

    /** The port the app listens on and the target group forwards to. */
    public static final int APP_PORT = 3000;
    /** The app's unauthenticated health route (the target group's health check). */
    public static final String HEALTH_PATH = "/health";
    /** The plugin's ServerConfig subclass (OPENHANDS_CONFIG_CLS). */
    public static final String CONFIG_CLASS = "openhands_platform.server_config.PlatformServerConfig";
    /**
     * The plugin's V0 runtime (RUNTIME): a remote runtime that refuses deny-listed commands and names the user to the
     * orchestrator. The task's value wins over the image's, so it must be this one and not stock {@code remote}.
     */
    public static final String RUNTIME_CLASS = "openhands_platform.runtime.DenyListRemoteRuntime";
    /** The plugin's ASGI entry: it imports its injectors, then OpenHands' app. */
    public static final List<String> COMMAND = List.of("uvicorn", "openhands_platform.app:app", "--host", "0.0.0.0", "--port",
        Integer.toString(APP_PORT));

    private final AppService service;
    private final ServiceAlarms alarms;

    public AppTier(EnvironmentScope scope, EnvironmentConfig.App config, KeysTier keys, NetworkTier network, DataTier data,
                   EgressTier egress, SandboxTier sandbox, AppFrontDoor frontDoor) {
        String prefix = scope.prefix();
        var location = scope.location();
        EnvironmentConfig env = scope.env();
        // The loader admits the app only with an allow-list, whose proxy names albKeyHost (EgressTier): the one host
        // on the internet the app calls.
        ForwardProxy keyProxy = egress.proxy().orElseThrow(() -> new IllegalArgumentException(
            env.name() + ": the app needs the egress proxy to reach the ALB's signing keys (egress.mode allowlist)"));

        this.service = new AppService(scope.stack(), "app", new AppServiceProps(
            prefix, location, network.network(), network.endpoints(),
            new AppServiceProps.Container(config.image(), COMMAND, APP_PORT, config.cpu(), config.memoryMib(), config.readonlyRootFilesystem()),
            new AppServiceProps.Scaling(config.minTasks(), config.maxTasks(), config.targetCpuPercent(), config.requestsPerTarget(),
                scope.env().production() ? dev.openhands.platform.modules.ecs.FargateCapacity.ON_DEMAND : dev.openhands.platform.modules.ecs.FargateCapacity.SPOT),
            new AppServiceProps.LoadBalancer(frontDoor.targetGroupArn(), frontDoor.targetGroupArnSuffix(), frontDoor.albArnSuffix(),
                frontDoor.ingressSecurityGroupId()),
            new AppServiceProps.Access(data.events().getBucketArn(), keys.data().getArn(), scope.bedrockModelArns(),
                data.proxy().getConnectArn()),
            new AppServiceProps.Settings(environment(scope, config, data, sandbox, frontDoor, keyProxy),
                Map.of("SANDBOX_API_KEY", sandbox.orchestrator().getApiKeySecretArn()),
                keys.data().getArn(),
                Stream.concat(Stream.of(data.proxy().getClientSecurityGroupId(), sandbox.api().getClientSecurityGroupId(),
                    sandbox.template().getCallerSecurityGroupId()), frontDoor.taskSecurityGroupIds().stream()).toList(),
                Optional.of(keyProxy),
                config.ecsExec()),
            new LogSettings(keys.logs(), config.logRetentionDays()),
            EnvironmentScope.NO_EXTRA_TAGS));

        EnvironmentConfig.AppAlarms thresholds = config.alarms();
        this.alarms = new ServiceAlarms(scope.stack(), "service-alarms", new ServiceAlarmsProps(
            prefix,
            new ServiceAlarmsProps.App(service.getClusterName(), service.getServiceName()),
            new ServiceAlarmsProps.LoadBalancer(frontDoor.albArnSuffix(), frontDoor.targetGroupArnSuffix()),
            new ServiceAlarmsProps.Orchestrator(OrchestratorFunctions.METRICS_NAMESPACE, env.name()),
            new ServiceAlarmsProps.Database(data.database().getClusterIdentifier(), data.config().maxAcu(), data.proxy().getProxyName()),
            frontDoor.webAcl(),
            new ServiceAlarmsProps.Thresholds(thresholds.http5xxPercent(), thresholds.unhealthyTargets(), thresholds.cpuPercent(),
                thresholds.memoryPercent(), thresholds.startLatencySeconds(), thresholds.wafBlockedRequests()),
            EnvironmentScope.NO_EXTRA_TAGS));
        new ServiceDashboard(scope.stack(), "dashboard", new ServiceDashboardProps(prefix, alarms.dashboardWidgets(), location.region()));

        scope.output("app_cluster_name", "ECS cluster of the OpenHands app service", service.getClusterName());
        scope.output("app_service_name", "ECS service of the OpenHands app", service.getServiceName());
        scope.output("app_image", "The derived app image the service runs (push it before the first deploy)", config.image());
        scope.output("app_jwt_secret_arn", "Secret holding JWT_SECRET, shared by the app tasks", service.getJwtSecretArn());
        scope.output("app_security_group_id", "The app tasks' own group (the front door's ALB reaches their port " + APP_PORT + ")",
            service.getSecurityGroupId());
    }

    /**
     * The plain environment of the app container, by the plugin contract. Sorted by the props; nothing secret here
     * (AppServiceProps refuses credential-looking names).
     */
    static Map<String, String> environment(EnvironmentScope scope, EnvironmentConfig.App config, DataTier data, SandboxTier sandbox,
                                           AppFrontDoor frontDoor, ForwardProxy keyProxy) {
        String region = scope.location().region();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENHANDS_CONFIG_CLS", CONFIG_CLASS);
        env.put("OHP_AWS_REGION", region);
        env.put("OHP_ALB_ARN", frontDoor.albArn());
        env.put("OHP_OIDC_ISSUER", frontDoor.oidcIssuer());
        env.put("OHP_OIDC_CLIENT_ID", frontDoor.oidcClientId());
        // Only the key fetch uses the proxy (not HTTPS_PROXY): Bedrock, S3, the orchestrator and the sandboxes stay on
        // their direct VPC paths, which the proxy's allow-list would refuse.
        env.put("OHP_ALB_KEY_PROXY", keyProxy.getUrl());
        env.put("OHP_DEFAULT_LLM_MODEL", "bedrock/" + scope.env().bedrock().defaultModel());
        env.put("OHP_DB_HOST", data.proxy().getEndpoint());
        env.put("OHP_DB_PORT", Integer.toString(AuroraServerless.PORT));
        env.put("OHP_DB_NAME", AuroraServerless.DATABASE_NAME);
        env.put("OHP_DB_USER", data.proxy().getUsername());
        env.put("OHP_DB_IAM_AUTH", "true");
        // Several tasks may start at once: the plugin runs the migrations under a PostgreSQL advisory lock (docs/operations.md).
        env.put("OHP_DB_MIGRATIONS", "advisory-lock");
        env.put("OHP_DENY_COMMANDS", StableJson.write(config.denyCommands()));
        env.put("OHP_CONFIRMATION_MODE", Boolean.toString(config.confirmationMode()));
        // Only with derived sandbox images (the loader checks them): a stock agent server refuses such a conversation.
        scope.env().sandbox().filter(s -> s.denyList() == EnvironmentConfig.DenyList.TOOL)
            .ifPresent(s -> env.put("OHP_V1_DENY_LIST", s.denyList().setting()));
        // The V1 sandbox specs the app offers, the first its default: OpenHands' own default names a ghcr.io image
        // the orchestrator refuses (it starts only sandbox.images), so the plugin builds its specs from these.
        scope.env().sandbox().ifPresent(s -> env.put("OHP_SANDBOX_IMAGES", StableJson.write(s.images())));
        // Stock OpenHands settings (names checked against the pinned release; docs/operations.md, upgrading).
        env.put("FILE_STORE", "s3");
        env.put("FILE_STORE_PATH", data.events().getBucketName());
        env.put("RUNTIME", RUNTIME_CLASS);
        env.put("SANDBOX_REMOTE_RUNTIME_API_URL", sandbox.api().getUrl());
        env.put("OH_WEB_URL", config.publicUrl());
        env.put("AWS_REGION_NAME", region);
        return env;
    }

    /**
     * The regional endpoint that serves the ALB's token-signing public keys by key id (the plugin fetches
     * {@code https://<this>/<kid>}); it is on the internet, so the egress proxy's allow-list names it.
     */
    public static String albKeyHost(String region) {
        return "public-keys.auth.elb." + region + "." + AwsPartition.dnsSuffix(region);
    }

    public AppService service() {
        return service;
    }

    public ServiceAlarms alarms() {
        return alarms;
    }
}
