package dev.openhands.platform.sandbox.config;

/** A Lambda environment variable is missing or malformed; the message names the variable and the fix. */
public final class SettingsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SettingsException(String variable, String problem, String fix) {
        super("environment variable " + variable + ": " + problem + ". Fix: " + fix);
    }
}
