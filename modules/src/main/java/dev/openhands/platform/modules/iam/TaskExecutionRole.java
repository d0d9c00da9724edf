package dev.openhands.platform.modules.iam;

import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import software.constructs.Construct;

import java.util.List;
import java.util.Map;

/**
 * The execution role of a Fargate service that runs one mirrored image and calls no AWS API itself (the egress proxy,
 * the sandbox router): ECS may pull that image's repository and write that log group, nothing else. Built in the
 * caller's scope under the ids {@code execution-role} and {@code execution-policy}.
 */
public final class TaskExecutionRole {

    private TaskExecutionRole() {
    }

    /**
     * @param what a word for the statement ids, e.g. {@code Proxy}: {@code Pull<what>Image}, {@code Write<what>Logs}
     */
    public static IamRole pullAndLog(Construct scope, AwsLocation location, String roleName, String description, String what,
                                     String repositoryArn, String logGroupArn, Map<String, String> tags) {
        IamRole role = IamRole.Builder.create(scope, "execution-role")
            .name(roleName)
            .description(description)
            .assumeRolePolicy(PolicyDocument.of(Statement.allow("EcsTasksAssumeRole", List.of("sts:AssumeRole"), List.of("*"))
                .withPrincipal("Service", List.of("ecs-tasks.amazonaws.com"))
                .withCondition("StringEquals", "aws:SourceAccount", List.of(location.accountId()))).toJson())
            .tags(tags)
            .build();
        IamRolePolicy.Builder.create(scope, "execution-policy")
            .name("pull-and-log")
            .role(role.getName())
            .policy(PolicyDocument.of(
                Statement.allow("RegistryLogin", List.of("ecr:GetAuthorizationToken"), List.of("*")),
                Statement.allow("Pull" + what + "Image", List.of("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
                    "ecr:GetDownloadUrlForLayer"), List.of(repositoryArn)),
                Statement.allow("Write" + what + "Logs", List.of("logs:CreateLogStream", "logs:PutLogEvents"), List.of(logGroupArn + ":*"))
            ).toJson())
            .build();
        return role;
    }
}
