package dev.openhands.platform.main.tiers;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.ecs.FargateCapacity;
import dev.openhands.platform.modules.egress.EgressProxyService;
import dev.openhands.platform.modules.egress.EgressProxyServiceProps;
import dev.openhands.platform.modules.egress.ProxyClientSettings;
import dev.openhands.platform.modules.network.EndpointAccess;
import dev.openhands.platform.modules.network.EndpointAccessProps;
import dev.openhands.platform.modules.sandbox.SandboxTaskTemplate;
import dev.openhands.platform.modules.observability.LogSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ecs-fargate environment's internet egress (the {@code egress} section): with an allow-list, the egress proxy
 * service that is the sandboxes' only path out, and what sandboxes are told to reach it; with none, nothing.
 */
public final class EgressTier {

    private final Optional<EgressProxyService> proxy;
    private final Optional<ProxyClientSettings> sandboxSettings;

    public EgressTier(EnvironmentScope scope, KeysTier keys, NetworkTier network) {
        EnvironmentConfig.Egress egress = scope.env().egress();
        this.proxy = egress.proxy().map(config -> new EgressProxyService(scope.stack(), "egress-proxy", new EgressProxyServiceProps(
            scope.prefix(), scope.location(), network.network(), allowedHosts(scope.env()), config.image(), config.desiredCount(),
            // Outside production an interrupted proxy task means a short gap in allow-listed egress, as Spot does to the app.
            scope.env().production() ? FargateCapacity.ON_DEMAND : FargateCapacity.SPOT,
            new LogSettings(keys.logs(), config.logRetentionDays()), EnvironmentScope.NO_EXTRA_TAGS)));
        this.sandboxSettings = proxy.map(service -> ProxyClientSettings.inVpc(service, scope.location().region(),
            network.network().getVpcCidr(), SandboxTaskTemplate.ENDPOINT_SERVICES));
        proxy.ifPresent(service -> {
            // Each interface endpoint admits only the groups declared here: the proxy pulls its image and ships its log.
            new EndpointAccess(scope.stack(), "egress-proxy-endpoints", new EndpointAccessProps("egress-proxy",
                service.getSecurityGroupId(), network.endpoints().interfaceEndpoints(EgressProxyService.ENDPOINT_SERVICES)));
            scope.output("egress_proxy_url", "HTTP(S)_PROXY of the sandboxes: the allow-list egress proxy (resolves inside the VPC only)",
                service.getUrl());
            scope.output("egress_proxy_log_group", "Access log of the egress proxy: every request, allowed or refused", service.getLogGroupName());
        });
    }

    /**
     * The configured hosts, and the one the app itself needs: the ALB's key endpoint (it verifies every user's
     * token with those keys). Sandboxes may reach it too; it serves public keys only.
     */
    static List<String> allowedHosts(EnvironmentConfig env) {
        List<String> hosts = new ArrayList<>(env.egress().allowedHosts());
        String keyHost = AppTier.albKeyHost(env.aws().region());
        // Not again when an entry already admits it (the proxy policy refuses a host listed twice, or under its own ".domain").
        boolean admitted = hosts.stream().anyMatch(h -> h.equals(keyHost) || h.startsWith(".") && keyHost.endsWith(h));
        if (env.app().isPresent() && !admitted) {
            hosts.add(keyHost);
        }
        return List.copyOf(hosts);
    }

    /** The proxy service, when the environment has an allow-list. */
    public Optional<EgressProxyService> proxy() {
        return proxy;
    }

    /** The proxy and NO_PROXY settings sandboxes get; empty when they have no internet at all. */
    public Optional<ProxyClientSettings> sandboxSettings() {
        return sandboxSettings;
    }
}
