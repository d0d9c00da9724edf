package dev.openhands.platform.main.cli;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * The test JVM's share of {@link JsiiRuntimeDirectory}: when the last test has run (jsii's Node child still up),
 * arranges for the jsii runtime directory this JVM unpacked to be deleted at exit, as the CLI does.
 * Registered in {@code META-INF/services}.
 */
public final class JsiiRuntimeCleanupListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        JsiiRuntimeDirectory.deleteAtExit();
    }
}
