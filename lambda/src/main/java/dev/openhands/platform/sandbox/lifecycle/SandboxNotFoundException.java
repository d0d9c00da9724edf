package dev.openhands.platform.sandbox.lifecycle;

/** No live registry item for the id: the API answers 404. */
public final class SandboxNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxNotFoundException(String id) {
        super("no sandbox for " + id);
    }
}
