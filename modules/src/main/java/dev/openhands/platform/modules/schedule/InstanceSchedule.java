package dev.openhands.platform.modules.schedule;

import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role_policy.IamRolePolicy;
import com.hashicorp.cdktf.providers.aws.scheduler_schedule.SchedulerSchedule;
import com.hashicorp.cdktf.providers.aws.scheduler_schedule.SchedulerScheduleFlexibleTimeWindow;
import com.hashicorp.cdktf.providers.aws.scheduler_schedule.SchedulerScheduleTarget;
import com.hashicorp.cdktf.providers.aws.scheduler_schedule.SchedulerScheduleTargetRetryPolicy;
import dev.openhands.platform.modules.iam.PolicyDocument;
import dev.openhands.platform.modules.iam.PolicyDocument.Statement;
import dev.openhands.platform.modules.iam.ServiceTrust;
import software.constructs.Construct;

import java.util.List;

/**
 * Stops an EC2 instance outside office hours and starts it again: two EventBridge Scheduler schedules calling
 * {@code ec2:StopInstances} and {@code ec2:StartInstances} through Scheduler's universal target, with a role allowed
 * exactly those two actions on exactly this instance. The instance keeps its volumes, so a stop loses only what was
 * in memory (running conversations end; their workspaces stay on disk).
 */
public final class InstanceSchedule extends Construct {

    private final PolicyDocument rolePolicy;
    private final String instanceArn;

    public InstanceSchedule(Construct scope, String id, InstanceScheduleProps props) {
        super(scope, id);
        this.instanceArn = props.location().arn("ec2", "instance/" + props.instanceId());
        PolicyDocument trust = ServiceTrust.of("SchedulerAssumesRole", "scheduler.amazonaws.com", props.location());
        IamRole role = IamRole.Builder.create(this, "role")
            .name(props.name() + "-office-hours")
            .description("EventBridge Scheduler: stop and start " + props.name() + "'s host outside and inside office hours")
            .assumeRolePolicy(trust.toJson())
            .tags(props.tags())
            .build();
        this.rolePolicy = rolePolicy(instanceArn, props.volumeKeyArn());
        IamRolePolicy.Builder.create(this, "role-policy")
            .name("stop-and-start-the-host")
            .role(role.getId())
            .policy(rolePolicy.toJson())
            .build();
        schedule("start", props, "startInstances", props.hours().startExpression(), role.getArn());
        schedule("stop", props, "stopInstances", props.hours().stopExpression(), role.getArn());
    }

    static PolicyDocument rolePolicy(String instanceArn, String volumeKeyArn) {
        return PolicyDocument.of(
            Statement.allow("StopAndStartTheHost", List.of("ec2:StartInstances", "ec2:StopInstances"), List.of(instanceArn)),
            // Starting an instance whose volumes use a customer key makes EC2 create a grant on the key for the caller;
            // without it the instance goes back to stopped. Only grants EC2 creates for its own resources.
            Statement.allow("LetEc2AttachTheEncryptedVolumes", List.of("kms:CreateGrant"), List.of(volumeKeyArn))
                .withCondition("Bool", "kms:GrantIsForAWSResource", List.of("true")));
    }

    private void schedule(String id, InstanceScheduleProps props, String action, String expression, String roleArn) {
        SchedulerSchedule.Builder.create(this, id)
            .name(props.name() + "-host-" + id)
            .description((id.equals("start") ? "Start" : "Stop") + " the host: office hours " + props.hours().start() + "-"
                + props.hours().stop() + " " + props.hours().timezone())
            .scheduleExpression(expression)
            .scheduleExpressionTimezone(props.hours().timezone())
            .flexibleTimeWindow(SchedulerScheduleFlexibleTimeWindow.builder().mode("OFF").build())
            .target(SchedulerScheduleTarget.builder()
                .arn("arn:" + props.location().partition() + ":scheduler:::aws-sdk:ec2:" + action)
                .roleArn(roleArn)
                .input("{\"InstanceIds\":[\"" + props.instanceId() + "\"]}")
                .retryPolicy(SchedulerScheduleTargetRetryPolicy.builder().maximumRetryAttempts(3).maximumEventAgeInSeconds(3600).build())
                .build())
            .build();
    }

    /** The role's permissions, for tests and reviews. */
    public PolicyDocument getRolePolicy() {
        return rolePolicy;
    }

    public String getInstanceArn() {
        return instanceArn;
    }
}
