package dev.openhands.platform.main.tiers;

import dev.openhands.platform.modules.observability.ServiceAlarmsProps;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the app service needs of the front door (its own tier: Cognito, CloudFront/WAF, the public ALB): the app's
 * target group (ip targets, port 3000, health check on /health), the ALB, its security group, and the sign-in the ALB
 * enforces, whose identity token the app's plugin verifies.
 *
 * @param targetGroupArn       the app target group
 * @param targetGroupArnSuffix {@code targetgroup/<name>/<id>} (metrics, request-count scaling)
 * @param albArn               the ALB's ARN: the {@code signer} of the identity token the plugin accepts
 * @param albArnSuffix         {@code app/<name>/<id>}
 * @param ingressSecurityGroupId the front door's group that admits the ALB (its only source) on the app port; the tasks
 *                             wear it and the app service adds no rule of its own
 * @param oidcIssuer           {@code https://cognito-idp.<region>.amazonaws.com/<userPoolId>}
 * @param oidcClientId         the Cognito app client of the ALB's authenticate action
 * @param taskSecurityGroupIds further groups the app tasks wear for the front door (the client group of the sandboxes' entry)
 * @param webAcl               the web ACL in front of the ALB or the distribution, when there is one
 */
public record AppFrontDoor(String targetGroupArn, String targetGroupArnSuffix, String albArn, String albArnSuffix, String ingressSecurityGroupId,
                           String oidcIssuer, String oidcClientId, List<String> taskSecurityGroupIds,
                           Optional<ServiceAlarmsProps.WebAcl> webAcl) {

    public AppFrontDoor {
        Objects.requireNonNull(targetGroupArn, "targetGroupArn");
        Objects.requireNonNull(targetGroupArnSuffix, "targetGroupArnSuffix");
        Objects.requireNonNull(albArn, "albArn");
        Objects.requireNonNull(albArnSuffix, "albArnSuffix");
        Objects.requireNonNull(ingressSecurityGroupId, "ingressSecurityGroupId");
        Objects.requireNonNull(oidcIssuer, "oidcIssuer");
        Objects.requireNonNull(oidcClientId, "oidcClientId");
        taskSecurityGroupIds = List.copyOf(taskSecurityGroupIds);
        Objects.requireNonNull(webAcl, "webAcl");
    }
}
