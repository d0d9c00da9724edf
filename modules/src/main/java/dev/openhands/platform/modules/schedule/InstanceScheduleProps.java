package dev.openhands.platform.modules.schedule;

import dev.openhands.platform.modules.iam.AwsLocation;

import java.util.Map;
import java.util.Objects;

/**
 * @param name        prefix of the schedules and the role
 * @param location    account and region of the instance
 * @param instanceId  the instance to stop and start
 * @param volumeKeyArn the customer key its EBS volumes are encrypted with: starting the instance makes EC2 create a
 *                    grant on it for the caller
 * @param hours       when it runs
 * @param tags        resource tags
 */
public record InstanceScheduleProps(String name, AwsLocation location, String instanceId, String volumeKeyArn, OfficeHours hours,
                                    Map<String, String> tags) {
    public InstanceScheduleProps {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(volumeKeyArn, "volumeKeyArn");
        Objects.requireNonNull(hours, "hours");
        tags = Map.copyOf(tags);
    }
}
