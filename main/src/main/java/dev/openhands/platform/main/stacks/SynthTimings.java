package dev.openhands.platform.main.stacks;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;

/**
 * Phase marks for the synth benchmark: with {@code OPENHANDS_TIMING=1} each phase prints
 * {@code timing <phase> <ms>} to standard error. Off by default; costs nothing then.
 */
public final class SynthTimings {

    private static final boolean ENABLED = System.getenv("OPENHANDS_TIMING") != null;
    private static final PrintStream OUT = System.err;
    private static long last = System.nanoTime();

    private SynthTimings() {
    }

    /** Marks the time from JVM start to this call (the first in main). */
    public static void jvmStarted() {
        if (ENABLED) {
            long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            OUT.println("timing jvm-to-main " + sinceJvmStart);
            last = System.nanoTime();
        }
    }

    /** Marks the time since the previous mark under {@code phase}. */
    public static void mark(String phase) {
        if (ENABLED) {
            long now = System.nanoTime();
            OUT.println("timing " + phase + " " + (now - last) / 1_000_000);
            last = now;
        }
    }

    public static void total(long startNanos) {
        if (ENABLED) {
            OUT.println("timing total " + (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
