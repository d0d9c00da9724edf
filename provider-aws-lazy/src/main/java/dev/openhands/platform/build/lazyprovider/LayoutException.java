package dev.openhands.platform.build.lazyprovider;

/** The provider bundle is not laid out the way the lazy-loading rewrite was written for: the build must stop. */
public final class LayoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LayoutException(String message) {
        super(message);
    }
}
