package dev.openhands.platform.main.tiers;

import dev.openhands.platform.main.config.EnvironmentConfig;
import dev.openhands.platform.modules.compute.AppService;
import dev.openhands.platform.modules.sandbox.SandboxRouter;
import dev.openhands.platform.modules.schedule.InstanceSchedule;
import dev.openhands.platform.modules.schedule.InstanceScheduleProps;
import dev.openhands.platform.modules.schedule.ServiceSchedule;
import dev.openhands.platform.modules.schedule.ServiceScheduleProps;

import java.util.List;

/**
 * The environment's {@code schedule}: what stops outside office hours. Only the always-on compute stops; the data,
 * keys, endpoints and load balancers stay, so a morning start needs no apply and loses nothing stored.
 */
public final class OfficeHoursTier {

    private OfficeHoursTier() {
    }

    private static int proxyTasks(EnvironmentConfig env) {
        return env.egress().proxy().orElseThrow().desiredCount();
    }

    /** The pilot host stops and starts. */
    public static void pilot(EnvironmentScope scope, PilotHostTier host, KeysTier keys) {
        scope.env().schedule().ifPresent(hours -> new InstanceSchedule(scope.stack(), "office-hours", new InstanceScheduleProps(
            scope.prefix(), scope.location(), host.host().getInstanceId(), keys.data().getArn(), hours, EnvironmentScope.NO_EXTRA_TAGS)));
    }

    /**
     * The app service, the sandbox router and the egress proxy scale to 0 tasks. Sandboxes are not touched: they stop
     * on their own idle timeout, and the orchestrator (Lambda) costs nothing idle. The proxy serves the app (its
     * sign-in keys) and sandboxes; with the app and the router at 0 nobody reaches a sandbox, so a sandbox left running
     * after hours loses only its allow-listed internet until it stops.
     */
    public static void services(EnvironmentScope scope, EnvironmentConfig.App app, AppService appService,
                                EnvironmentConfig.FrontDoor frontDoor, SandboxRouter router, EgressTier egress) {
        scope.env().schedule().ifPresent(hours -> {
            new ServiceSchedule(scope.stack(), "app-office-hours", new ServiceScheduleProps(scope.prefix() + "-app",
                appService.getClusterName(), appService.getServiceName(), app.minTasks(), app.maxTasks(), false, hours),
                List.of(appService.getScalingTarget()));
            new ServiceSchedule(scope.stack(), "router-office-hours", new ServiceScheduleProps(scope.prefix() + "-sandbox-router",
                router.getClusterName(), router.getServiceName(), frontDoor.routerTasks(), frontDoor.routerTasks(), true, hours),
                List.of());
            egress.proxy().ifPresent(proxy -> new ServiceSchedule(scope.stack(), "egress-proxy-office-hours",
                new ServiceScheduleProps(scope.prefix() + "-egress-proxy", proxy.getClusterName(), proxy.getServiceName(),
                    proxyTasks(scope.env()), proxyTasks(scope.env()), true, hours), List.of()));
        });
    }
}
