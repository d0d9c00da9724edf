package dev.openhands.platform.modules.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openhands.platform.modules.SynthHarness;
import dev.openhands.platform.modules.iam.AwsLocation;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The host's stop/start schedules and a service's scheduled actions, as synthesized. */
class OfficeHoursScheduleTest {

    static final AwsLocation LOCATION = new AwsLocation(SynthHarness.ACCOUNT, SynthHarness.REGION);
    static final OfficeHours WEEKDAYS = new OfficeHours("Europe/Dublin",
        List.of(DayOfWeek.FRIDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY),
        LocalTime.of(8, 0), LocalTime.of(19, 30));
    static final String KEY = "arn:aws:kms:eu-west-1:123456789012:key/data";

    @Test
    void theHostStopsAndStartsThroughSchedulerWithARoleForExactlyThatInstance() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack ->
            new InstanceSchedule(stack, "hours", new InstanceScheduleProps("openhands-pilot", LOCATION, "i-0123456789abcdef0", KEY,
                WEEKDAYS, Map.of()))));
        List<JsonNode> schedules = SynthHarness.resources(doc, "aws_scheduler_schedule");
        assertThat(schedules).extracting(s -> s.path("schedule_expression").asText())
            .containsExactly("cron(0 8 ? * MON,TUE,WED,THU,FRI *)", "cron(30 19 ? * MON,TUE,WED,THU,FRI *)");
        assertThat(schedules).extracting(s -> s.path("schedule_expression_timezone").asText()).containsOnly("Europe/Dublin");
        assertThat(schedules).extracting(s -> s.path("target").path("arn").asText())
            .containsExactly("arn:aws:scheduler:::aws-sdk:ec2:startInstances", "arn:aws:scheduler:::aws-sdk:ec2:stopInstances");
        assertThat(schedules).extracting(s -> s.path("target").path("input").asText()).containsOnly("{\"InstanceIds\":[\"i-0123456789abcdef0\"]}");

        JsonNode role = SynthHarness.onlyResource(doc, "aws_iam_role");
        JsonNode trust = SynthHarness.policy(role, "assume_role_policy");
        assertThat(trust.toString()).contains("scheduler.amazonaws.com").contains(SynthHarness.ACCOUNT);
        List<Map<String, List<String>>> statements = SynthHarness.statements(SynthHarness.policy(
            SynthHarness.onlyResource(doc, "aws_iam_role_policy"), "policy"));
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0).get("Action")).containsExactlyInAnyOrder("ec2:StartInstances", "ec2:StopInstances");
        assertThat(statements.get(0).get("Resource")).containsExactly("arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0");
        assertThat(statements.get(1).get("Action")).containsExactly("kms:CreateGrant");
        assertThat(statements.get(1).get("Resource")).containsExactly(KEY);
        assertThat(SynthHarness.policy(SynthHarness.onlyResource(doc, "aws_iam_role_policy"), "policy").toString())
            .contains("kms:GrantIsForAWSResource");
    }

    @Test
    void aServiceScalesToZeroOutsideTheHoursAndBackToItsBoundsInThem() {
        JsonNode doc = SynthHarness.parse(SynthHarness.synth(stack ->
            new ServiceSchedule(stack, "router", new ServiceScheduleProps("openhands-staging-sandbox-router", "cluster-a", "router",
                1, 1, true, WEEKDAYS), List.of())));
        JsonNode target = SynthHarness.onlyResource(doc, "aws_appautoscaling_target");
        assertThat(target.path("resource_id").asText()).isEqualTo("service/cluster-a/router");
        assertThat(target.path("min_capacity").asInt()).isEqualTo(1);
        List<JsonNode> actions = SynthHarness.resources(doc, "aws_appautoscaling_scheduled_action");
        assertThat(actions).extracting(a -> a.path("schedule").asText())
            .containsExactly("cron(0 8 ? * MON,TUE,WED,THU,FRI *)", "cron(30 19 ? * MON,TUE,WED,THU,FRI *)");
        assertThat(actions).extracting(a -> a.path("timezone").asText()).containsOnly("Europe/Dublin");
        assertThat(actions).extracting(a -> a.path("scalable_target_action").path("max_capacity").asText()).containsExactly("1", "0");
        assertThat(actions).extracting(a -> a.path("scalable_target_action").path("min_capacity").asText()).containsExactly("1", "0");
        assertThat(actions).allSatisfy(a -> assertThat(a.path("depends_on").toString()).contains("aws_appautoscaling_target"));
    }

    @Test
    void hoursThatCannotBeScheduledAreRefusedUpFront() {
        assertThat(WEEKDAYS.hoursPerWeek()).isEqualTo(57.5);
        assertThatThrownBy(() -> new OfficeHours("Mars/Olympus", List.of(DayOfWeek.MONDAY), LocalTime.of(8, 0), LocalTime.of(9, 0)))
            .hasMessageContaining("Mars/Olympus");
        assertThatThrownBy(() -> new OfficeHours("UTC", List.of(DayOfWeek.MONDAY), LocalTime.of(19, 0), LocalTime.of(8, 0)))
            .hasMessageContaining("after start");
        assertThatThrownBy(() -> new OfficeHours("UTC", List.of(DayOfWeek.MONDAY, DayOfWeek.MONDAY), LocalTime.of(8, 0), LocalTime.of(9, 0)))
            .hasMessageContaining("each once");
        assertThatThrownBy(() -> new ServiceScheduleProps("x", "c", "s", 0, 1, false, WEEKDAYS)).hasMessageContaining("minTasks");
    }
}
