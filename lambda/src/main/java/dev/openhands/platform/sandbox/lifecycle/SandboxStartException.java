package dev.openhands.platform.sandbox.lifecycle;

/**
 * A task could not be started; whatever was started was stopped and the record marked ERROR. The message and cause
 * carry AWS's detail (for the log only); {@link #correlationId()} is what the client and the record are given.
 */
public final class SandboxStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String correlationId;

    public SandboxStartException(String id, String correlationId, Throwable cause) {
        super("could not start the sandbox for " + id + ": " + cause.getMessage(), cause);
        this.correlationId = correlationId;
    }

    public String correlationId() {
        return correlationId;
    }
}
