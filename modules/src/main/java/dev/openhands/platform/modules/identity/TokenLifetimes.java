package dev.openhands.platform.modules.identity;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the app client's tokens live. Cognito accepts access and id tokens of 5 minutes to 1 day and refresh
 * tokens of 1 hour to 10 years.
 *
 * @param access  access token lifetime
 * @param id      id token lifetime
 * @param refresh refresh token lifetime: how long a user stays signed in without entering a password
 */
public record TokenLifetimes(Duration access, Duration id, Duration refresh) {

    private static final Duration SHORTEST = Duration.ofMinutes(5);
    private static final Duration LONGEST_ACCESS = Duration.ofDays(1);

    public TokenLifetimes {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(refresh, "refresh");
        within("access token lifetime", access, SHORTEST, LONGEST_ACCESS);
        within("id token lifetime", id, SHORTEST, LONGEST_ACCESS);
        within("refresh token lifetime", refresh, Duration.ofHours(1), Duration.ofDays(3650));
        if (access.toSeconds() % 60 != 0 || id.toSeconds() % 60 != 0 || refresh.toSeconds() % 60 != 0) {
            throw new IllegalArgumentException("token lifetimes are whole minutes");
        }
    }

    /** Access 1 h, id 1 h, refresh 30 days: users sign in about once a month. */
    public static TokenLifetimes defaults() {
        return new TokenLifetimes(Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30));
    }

    private static void within(String what, Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
        }
    }
}
