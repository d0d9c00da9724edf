package dev.openhands.platform.sandbox.lifecycle;

/** A task could not be started; whatever was started was stopped and the record marked ERROR. */
public final class SandboxStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxStartException(String id, Throwable cause) {
        super("could not start the sandbox for " + id + ": " + cause.getMessage(), cause);
    }
}
