package dev.openhands.platform.main.tiers;

import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultAction;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroupHealthCheck;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.vpc_security_group_egress_rule.VpcSecurityGroupEgressRule;
import dev.openhands.platform.modules.network.PrivateNetwork;

import java.util.List;
import java.util.Optional;

/**
 * STAND-IN, REPLACED AT MERGE by the front-door tier (branch front-door): an internal ALB with no inbound rule, the app
 * target group the real front door also creates (ip targets, {@link AppTier#APP_PORT}, health on {@link AppTier#HEALTH_PATH})
 * and a plain listener, so that the app service has a target group attached to a load balancer and its wiring can be
 * synthesized, validated and applied on its own. Nobody can reach it: its group admits nothing. The identity values
 * are placeholders the real tier replaces with its Cognito pool and client.
 */
public final class FrontDoorStandIn {

    private FrontDoorStandIn() {
    }

    public static AppFrontDoor create(EnvironmentScope scope, NetworkTier network) {
        String prefix = scope.prefix();
        SecurityGroup albGroup = SecurityGroup.Builder.create(scope.stack(), "standin-alb-sg")
            .name(prefix + "-alb")
            .description("STAND-IN load balancer of the app (replaced by the front door): no inbound")
            .vpcId(network.network().getVpcId())
            .tags(PrivateNetwork.named(EnvironmentScope.NO_EXTRA_TAGS, prefix + "-alb"))
            .build();
        Lb alb = Lb.Builder.create(scope.stack(), "standin-alb")
            .name(prefix + "-app")
            .internal(true)
            .loadBalancerType("application")
            .securityGroups(List.of(albGroup.getId()))
            .subnets(network.network().getPrivateSubnetIds())
            .dropInvalidHeaderFields(true)
            .build();
        LbTargetGroup targets = LbTargetGroup.Builder.create(scope.stack(), "standin-app-targets")
            .name(prefix + "-app")
            .targetType("ip")
            .protocol("HTTP")
            .port(AppTier.APP_PORT)
            .vpcId(network.network().getVpcId())
            .deregistrationDelay("30")
            .healthCheck(LbTargetGroupHealthCheck.builder().path(AppTier.HEALTH_PATH).matcher("200").protocol("HTTP")
                .port(Integer.toString(AppTier.APP_PORT)).build())
            .build();
        LbListener.Builder.create(scope.stack(), "standin-listener")
            .loadBalancerArn(alb.getArn())
            .port(80)
            .protocol("HTTP")
            .defaultAction(List.of(LbListenerDefaultAction.builder().type("forward").targetGroupArn(targets.getArn()).build()))
            .build();
        String region = scope.location().region();
        return new AppFrontDoor(targets.getArn(), targets.getArnSuffix(), alb.getArn(), alb.getArnSuffix(), albGroup.getId(),
            "https://cognito-idp." + region + ".amazonaws.com/" + region + "_STANDIN", "standin-client-id", Optional.empty());
    }

    /** The load balancer's way to the app port (the real front door owns this rule on its group). */
    public static void admitApp(EnvironmentScope scope, AppFrontDoor frontDoor, String appSecurityGroupId) {
        VpcSecurityGroupEgressRule.Builder.create(scope.stack(), "standin-alb-to-app")
            .securityGroupId(frontDoor.albSecurityGroupId()).referencedSecurityGroupId(appSecurityGroupId)
            .ipProtocol("tcp").fromPort(AppTier.APP_PORT).toPort(AppTier.APP_PORT)
            .description("The app port of the app tasks").build();
    }
}
