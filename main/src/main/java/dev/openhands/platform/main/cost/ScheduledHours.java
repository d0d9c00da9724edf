package dev.openhands.platform.main.cost;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Office hours read back from a synthesized stack: the EventBridge Scheduler pair that stops and starts an instance,
 * and the Application Auto Scaling pair that scales a service to 0 and back. The monthly hours follow the price
 * table's month: weekly hours x 730 / 168.
 */
final class ScheduledHours {

    /** {@code cron(minutes hours ? * days *)}, the form both services accept for a weekly time. */
    private static final Pattern WEEKLY = Pattern.compile("^cron\\((\\d{1,2}) (\\d{1,2}) \\? \\* ([A-Z,*-]+) \\*\\)$");
    private static final List<String> DAYS = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private ScheduledHours() {
    }

    /** A service's tasks inside and outside office hours, and the office hours in a month. */
    record Service(double hoursOn, int tasksOn, int tasksOff) {
    }

    /** The hours a month the instance named {@code name} runs, when schedules stop and start it. */
    static Optional<Double> instance(JsonNode stack, String name, double hoursPerMonth) {
        String reference = "${aws_instance." + name + ".id}";
        String start = null;
        String stop = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = stack.path("resource").path("aws_scheduler_schedule").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> schedule = it.next();
            JsonNode target = first(schedule.getValue().path("target"));
            if (!target.path("input").asText().contains(reference)) {
                continue;
            }
            String arn = target.path("arn").asText();
            if (arn.endsWith(":ec2:startInstances")) {
                start = schedule.getValue().path("schedule_expression").asText();
            } else if (arn.endsWith(":ec2:stopInstances")) {
                stop = schedule.getValue().path("schedule_expression").asText();
            }
        }
        if (start == null && stop == null) {
            return Optional.empty();
        }
        String where = "aws_instance." + name + "'s schedules";
        if (start == null || stop == null) {
            throw new IllegalStateException(where + ": found only a " + (start == null ? "stop" : "start")
                + " schedule; cost needs the pair to count the hours");
        }
        return Optional.of(monthly(start, stop, hoursPerMonth, where));
    }

    /** The office hours of the ECS service named {@code name}, when scheduled actions scale it. */
    static Optional<Service> service(JsonNode stack, String name, double hoursPerMonth) {
        String reference = "${aws_ecs_service." + name + ".name}";
        List<JsonNode> actions = new ArrayList<>();
        for (JsonNode action : (Iterable<JsonNode>) () -> stack.path("resource").path("aws_appautoscaling_scheduled_action").elements()) {
            if (action.path("resource_id").asText().contains(reference)) {
                actions.add(action);
            }
        }
        if (actions.isEmpty()) {
            return Optional.empty();
        }
        String where = "aws_ecs_service." + name + "'s scheduled actions";
        if (actions.size() != 2) {
            throw new IllegalStateException(where + ": found " + actions.size() + "; cost reads a start and a stop action");
        }
        JsonNode first = first(actions.get(0).path("scalable_target_action"));
        JsonNode second = first(actions.get(1).path("scalable_target_action"));
        boolean firstStarts = first.path("min_capacity").asInt() >= second.path("min_capacity").asInt();
        JsonNode start = firstStarts ? actions.get(0) : actions.get(1);
        JsonNode stop = firstStarts ? actions.get(1) : actions.get(0);
        double hoursOn = monthly(start.path("schedule").asText(), stop.path("schedule").asText(), hoursPerMonth, where);
        return Optional.of(new Service(hoursOn, first(start.path("scalable_target_action")).path("min_capacity").asInt(),
            first(stop.path("scalable_target_action")).path("min_capacity").asInt()));
    }

    /** Hours a month between a weekly start and stop on the same days (stop later in the day). */
    static double monthly(String startExpression, String stopExpression, double hoursPerMonth, String where) {
        Matcher start = weekly(startExpression, where);
        Matcher stop = weekly(stopExpression, where);
        Set<String> days = days(start.group(3), where);
        if (!days.equals(days(stop.group(3), where))) {
            throw new IllegalStateException(where + ": start runs on " + start.group(3) + " but stop on " + stop.group(3)
                + "; cost counts hours only for a start and a stop on the same days");
        }
        int from = Integer.parseInt(start.group(2)) * 60 + Integer.parseInt(start.group(1));
        int to = Integer.parseInt(stop.group(2)) * 60 + Integer.parseInt(stop.group(1));
        if (to <= from) {
            throw new IllegalStateException(where + ": stop " + stopExpression + " is not later in the day than start " + startExpression);
        }
        double weekly = days.size() * (to - from) / 60.0;
        return weekly * hoursPerMonth / (7 * 24);
    }

    private static Matcher weekly(String expression, String where) {
        Matcher m = WEEKLY.matcher(expression);
        if (!m.matches()) {
            throw new IllegalStateException(where + ": '" + expression + "' is not a weekly cron(minutes hours ? * days *) expression");
        }
        return m;
    }

    private static Set<String> days(String field, String where) {
        if (field.equals("*")) {
            return Set.copyOf(DAYS);
        }
        Set<String> days = new java.util.TreeSet<>();
        for (String part : field.split(",")) {
            String[] range = part.split("-");
            int from = DAYS.indexOf(range[0]);
            int to = DAYS.indexOf(range[range.length - 1]);
            if (range.length > 2 || from < 0 || to < from) {
                throw new IllegalStateException(where + ": cannot read the days '" + field + "' (write MON,TUE or MON-FRI)");
            }
            days.addAll(DAYS.subList(from, to + 1));
        }
        return days;
    }

    private static JsonNode first(JsonNode node) {
        return node.isArray() ? node.path(0) : node;
    }
}
