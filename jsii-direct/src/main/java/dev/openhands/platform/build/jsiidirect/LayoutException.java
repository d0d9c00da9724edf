package dev.openhands.platform.build.jsiidirect;

/** The jsii runtime is not laid out the way the direct channel was written for: the build must stop. */
public final class LayoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LayoutException(String message) {
        super(message);
    }
}
