package dev.openhands.platform.modules.schedule;

import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.providers.aws.appautoscaling_scheduled_action.AppautoscalingScheduledAction;
import com.hashicorp.cdktf.providers.aws.appautoscaling_scheduled_action.AppautoscalingScheduledActionScalableTargetAction;
import com.hashicorp.cdktf.providers.aws.appautoscaling_target.AppautoscalingTarget;
import software.constructs.Construct;

import java.util.ArrayList;
import java.util.List;

/**
 * Scales an ECS service to 0 tasks outside office hours and back in them: two Application Auto Scaling scheduled
 * actions on the service's scalable target. Application Auto Scaling rather than an EventBridge Scheduler
 * {@code ecs:UpdateService}: a service that autoscales would have its count overwritten by the target's minimum
 * anyway, the actions set the target's bounds (so target tracking cannot bring tasks back at night), they take a
 * time zone, and they run under Application Auto Scaling's service-linked role, so no role of ours may update services.
 */
public final class ServiceSchedule extends Construct {

    static final String NAMESPACE = "ecs";
    static final String DIMENSION = "ecs:service:DesiredCount";

    public ServiceSchedule(Construct scope, String id, ServiceScheduleProps props, List<ITerraformDependable> after) {
        super(scope, id);
        String resourceId = "service/" + props.clusterName() + "/" + props.serviceName();
        List<ITerraformDependable> dependsOn = new ArrayList<>(after);
        if (props.registersTarget()) {
            dependsOn.add(AppautoscalingTarget.Builder.create(this, "target")
                .serviceNamespace(NAMESPACE)
                .resourceId(resourceId)
                .scalableDimension(DIMENSION)
                .minCapacity(props.minTasks())
                .maxCapacity(props.maxTasks())
                .build());
        }
        action("start", props, resourceId, props.hours().startExpression(), props.minTasks(), props.maxTasks(), dependsOn);
        action("stop", props, resourceId, props.hours().stopExpression(), 0, 0, dependsOn);
    }

    private void action(String id, ServiceScheduleProps props, String resourceId, String expression, int min, int max,
                        List<ITerraformDependable> dependsOn) {
        AppautoscalingScheduledAction.Builder.create(this, id)
            .name(props.name() + "-" + id)
            .serviceNamespace(NAMESPACE)
            .resourceId(resourceId)
            .scalableDimension(DIMENSION)
            .schedule(expression)
            .timezone(props.hours().timezone())
            .scalableTargetAction(AppautoscalingScheduledActionScalableTargetAction.builder()
                .minCapacity(Integer.toString(min)).maxCapacity(Integer.toString(max)).build())
            .dependsOn(dependsOn)
            .build();
    }
}
