package dev.openhands.platform.main.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openhands.platform.main.ProjectFiles;
import dev.openhands.platform.modules.schedule.OfficeHours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The office-hours {@code schedule}: off unless set, on in the bundled pilot and staging, never in production. */
class ScheduleConfigTest {

    @TempDir
    Path dir;

    private static ObjectNode schedule(ObjectNode doc) {
        return (ObjectNode) doc.get("schedule");
    }

    @Test
    void bundledPilotAndStagingRunOnWeekdaysFromEightToSevenDublinTime() {
        for (EnvironmentConfig env : EnvironmentLoader.load(ProjectFiles.environments(), List.of("pilot", "staging"))) {
            OfficeHours hours = env.schedule().orElseThrow();
            assertThat(hours.timezone()).isEqualTo("Europe/Dublin");
            assertThat(hours.days()).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY);
            assertThat(hours.startExpression()).isEqualTo("cron(0 8 ? * MON,TUE,WED,THU,FRI *)");
            assertThat(hours.stopExpression()).isEqualTo("cron(0 19 ? * MON,TUE,WED,THU,FRI *)");
            assertThat(hours.hoursPerWeek()).isEqualTo(55.0);
        }
        assertThat(EnvironmentLoader.load(ProjectFiles.environments(), List.of("prod")).get(0).schedule()).isEmpty();
    }

    @Test
    void daysDefaultToTheWorkingWeek() throws IOException {
        ObjectNode doc = ConfigProblems.bundled("staging");
        schedule(doc).remove("days");
        schedule(doc).put("start", "07:30");
        ProjectFiles.write(dir, "staging", doc);
        OfficeHours hours = EnvironmentLoader.load(dir, List.of("staging")).get(0).schedule().orElseThrow();
        assertThat(hours.days()).hasSize(5).doesNotContain(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        assertThat(hours.start()).isEqualTo(LocalTime.of(7, 30));
        assertThat(hours.startExpression()).isEqualTo("cron(30 7 ? * MON,TUE,WED,THU,FRI *)");
    }

    @Test
    void productionRunsAroundTheClock() throws IOException {
        ConfigProblem problem = ConfigProblems.only(dir, "prod", doc -> doc.putObject("schedule").put("timezone", "UTC")
            .put("start", "08:00").put("stop", "19:00"));
        assertThat(problem.path()).isEqualTo("schedule");
        assertThat(problem.fix()).contains("remove \"schedule\"");
    }

    @Test
    void anUnknownTimeZoneIsNamedWithExamples() throws IOException {
        ConfigProblem problem = ConfigProblems.only(dir, "pilot", doc -> schedule(doc).put("timezone", "Europe/Atlantis"));
        assertThat(problem.path()).isEqualTo("schedule.timezone");
        assertThat(problem.message()).contains("Europe/Atlantis");
        assertThat(problem.fix()).contains("Europe/Dublin");
    }

    @Test
    void stopMustBeLaterTheSameDay() throws IOException {
        ConfigProblem problem = ConfigProblems.only(dir, "staging", doc -> schedule(doc).put("stop", "07:00"));
        assertThat(problem.path()).isEqualTo("schedule.stop");
        assertThat(problem.message()).contains("07:00").contains("08:00");
    }

    @Test
    void aMalformedTimeOrDayIsRefusedByTheSchema() throws IOException {
        ConfigProblem time = ConfigProblems.only(dir, "pilot", doc -> schedule(doc).put("start", "8am"));
        assertThat(time.path()).isEqualTo("schedule.start");
        assertThat(time.fix()).contains("08:00");
        ConfigProblem day = ConfigProblems.only(dir, "pilot", doc -> ((com.fasterxml.jackson.databind.node.ArrayNode) schedule(doc).get("days")).add("FUN"));
        assertThat(day.path()).startsWith("schedule.days");
    }
}
