package dev.openhands.platform.modules.schedule;

import java.util.Objects;

/**
 * @param name            prefix of the scheduled actions
 * @param clusterName     the service's cluster
 * @param serviceName     the ECS service
 * @param minTasks        tasks at least, in office hours
 * @param maxTasks        tasks at most, in office hours (at least minTasks)
 * @param registersTarget whether this construct registers the service as a scalable target (a service without
 *                        autoscaling of its own); otherwise the service's owner has registered it, and
 *                        {@code minTasks}/{@code maxTasks} must be that target's
 * @param hours           when the service runs; outside them it has 0 tasks
 */
public record ServiceScheduleProps(String name, String clusterName, String serviceName, int minTasks, int maxTasks,
                                   boolean registersTarget, OfficeHours hours) {
    public ServiceScheduleProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(hours, "hours");
        if (minTasks < 1 || maxTasks < minTasks) {
            throw new IllegalArgumentException("office hours need 1 <= minTasks <= maxTasks, got " + minTasks + " and " + maxTasks);
        }
    }
}
