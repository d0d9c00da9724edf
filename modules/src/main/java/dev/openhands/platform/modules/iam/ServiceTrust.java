package dev.openhands.platform.modules.iam;

import dev.openhands.platform.modules.iam.PolicyDocument.Statement;

import java.util.List;

/**
 * Trust policies of roles that an AWS service assumes on the account's behalf (AWS Backup, RDS Proxy), pinned to the
 * account against the confused deputy: the service may assume the role only for work of this account.
 *
 * <p>{@code StringEqualsIfExists}, not {@code StringEquals}: AWS documents {@code aws:SourceAccount} as present only
 * where the calling service passes it, and does not document it for these two services' role assumption. Where the
 * service sends it, another account's value is refused exactly as with {@code StringEquals}; where it does not, a
 * strict match would leave the role unusable (backups and the database proxy failing in AWS, where no emulator
 * shows it) while protecting nothing more. Such roles can only be handed to the service with {@code iam:PassRole}
 * inside this account anyway. {@code aws:SourceArn} is left out for the same reason: its form for these calls is
 * not documented, and a wrong guess would lock the service out.
 */
public final class ServiceTrust {

    private ServiceTrust() {
    }

    public static PolicyDocument of(String sid, String servicePrincipal, AwsLocation location) {
        return PolicyDocument.of(Statement.allow(sid, List.of("sts:AssumeRole"), List.of("*"))
            .withPrincipal("Service", List.of(servicePrincipal))
            .withCondition("StringEqualsIfExists", "aws:SourceAccount", List.of(location.accountId())));
    }

    /**
     * The trust of an ECS task or execution role: ECS sends {@code aws:SourceAccount} when it assumes them, so the
     * condition is strict here.
     */
    public static PolicyDocument ecsTasks(AwsLocation location) {
        return PolicyDocument.of(Statement.allow("EcsTasksAssumeRole", List.of("sts:AssumeRole"), List.of("*"))
            .withPrincipal("Service", List.of("ecs-tasks.amazonaws.com"))
            .withCondition("StringEquals", "aws:SourceAccount", List.of(location.accountId())));
    }
}
