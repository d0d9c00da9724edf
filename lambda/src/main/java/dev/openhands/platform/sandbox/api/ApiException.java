package dev.openhands.platform.sandbox.api;

/** A request the API refuses, with the HTTP status and a message that says what to change. */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
