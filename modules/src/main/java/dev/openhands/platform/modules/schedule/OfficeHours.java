package dev.openhands.platform.modules.schedule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * When an environment runs: on {@code days}, from {@code start} to {@code stop} in {@code timezone} (an IANA name,
 * so daylight saving time moves with the wall clock). Outside these hours its always-on compute is stopped.
 *
 * @param timezone IANA time zone, e.g. {@code Europe/Dublin}
 * @param days     the days it starts and stops, without repeats
 * @param start    when it starts (whole minutes)
 * @param stop     when it stops, later the same day
 */
public record OfficeHours(String timezone, List<DayOfWeek> days, LocalTime start, LocalTime stop) {

    /** Hours in the average month of the price table (8,760 / 12), over the 168 hours of a week. */
    public static final double WEEKS_PER_MONTH = 730.0 / 168.0;

    public OfficeHours {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(stop, "stop");
        try {
            ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("timezone '" + timezone + "' is not an IANA time zone such as Europe/Dublin");
        }
        days = List.copyOf(days);
        if (days.isEmpty() || EnumSet.copyOf(days).size() != days.size()) {
            throw new IllegalArgumentException("days " + days + " must name at least one day, each once");
        }
        if (!stop.isAfter(start)) {
            throw new IllegalArgumentException("stop " + stop + " must be after start " + start + " on the same day");
        }
        if (start.getSecond() != 0 || stop.getSecond() != 0 || start.getNano() != 0 || stop.getNano() != 0) {
            throw new IllegalArgumentException("start and stop are whole minutes");
        }
    }

    /** EventBridge Scheduler and Application Auto Scaling cron: {@code cron(minutes hours ? * days *)}. */
    public String startExpression() {
        return cron(start);
    }

    public String stopExpression() {
        return cron(stop);
    }

    /** Hours running in a week. */
    public double hoursPerWeek() {
        return days.size() * (stop.toSecondOfDay() - start.toSecondOfDay()) / 3600.0;
    }

    private String cron(LocalTime time) {
        String dayList = days.stream().sorted().map(d -> d.name().substring(0, 3)).collect(Collectors.joining(","));
        return "cron(" + time.getMinute() + " " + time.getHour() + " ? * " + dayList + " *)";
    }
}
