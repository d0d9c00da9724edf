package dev.openhands.platform.build.jsiidirect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * Build step (run by the jsii-direct module's POM): installs jsii's kernel ({@code lib/program.js} and its type-index
 * worker, byte for byte from the jsii-runtime jar) beside this project's launcher ({@code jsii-runtime}) and preload
 * ({@code direct-channel.js}), so that {@code JSII_RUNTIME} can start the kernel as the JVM's only Node process instead
 * of behind jsii's relaying launcher.
 *
 * <p>The preload reproduces what the bundled launcher does (see {@code direct-channel.js}), so it is pinned to the
 * jsii-runtime version whose launcher and kernel were read ({@link #VERIFIED_VERSION}); the build stops, saying what
 * to do, when the version or either file's shape differs.
 */
public final class DirectRuntime {

    /** The jsii-runtime version whose launcher and kernel the direct channel was checked against. */
    public static final String VERIFIED_VERSION = "1.140.0";

    static final String POM_PROPERTIES = "META-INF/maven/software.amazon.jsii/jsii-runtime/pom.properties";
    static final String KERNEL = "software/amazon/jsii/lib/program.js";
    static final String INDEX_WORKER = "software/amazon/jsii/lib/runtime-index-worker.js";
    static final String BUNDLED_LAUNCHER = "software/amazon/jsii/bin/jsii-runtime.js";
    static final String LAUNCHER = "jsii-runtime";
    static final String PRELOAD = "direct-channel.js";

    /** The kernel talks to its launcher on fd 3 only, both ways. */
    private static final Pattern KERNEL_CHANNEL =
        Pattern.compile("new [A-Za-z_$][\\w$]*\\.SyncStdio\\(\\{errorFD:[^{}]*,readFD:3,writeFD:3\\}\\)");
    /** What the bundled launcher does, each exactly once; the preload and launcher script do the same. */
    private static final List<String> BUNDLED_LAUNCHER_SHAPE = List.of(
        "[...process.execArgv,\"--preserve-symlinks\",",
        "\"lib\",\"program.js\")],{stdio:[\"ignore\",\"pipe\",\"pipe\",\"pipe\"]}",
        "JSON.stringify({[e]:s.toString(\"base64\")})",
        "n.stdout.on(\"data\",makeHandler(\"stdout\")),n.stderr.on(\"data\",makeHandler(\"stderr\"))",
        "process.stdin.pipe(o),o.pipe(process.stdout)");

    private static final String UPGRADE_HELP = "The direct jsii channel reproduces jsii's own launcher and is pinned to"
        + " the jsii-runtime it was checked against. See docs/performance.md, section \"One Node process: the direct"
        + " jsii channel\", for how to check a new jsii-runtime; until then run with OPENHANDS_JSII_DIRECT=off.";

    private DirectRuntime() {
    }

    /**
     * {@code DirectRuntime JSII_RUNTIME_JAR JSII_RUNTIME_VERSION SOURCE_DIRECTORY OUTPUT_DIRECTORY}: the jar Maven
     * resolved, the POM's {@code jsii-runtime.version}, this module's {@code src/main/runtime} and the directory to
     * install into (replaced as a whole).
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            throw new IllegalArgumentException(
                "usage: DirectRuntime JSII_RUNTIME_JAR JSII_RUNTIME_VERSION SOURCE_DIRECTORY OUTPUT_DIRECTORY");
        }
        Path installed = install(Path.of(args[0]), args[1], Path.of(args[2]), Path.of(args[3]));
        System.out.println("jsii-direct: kernel and launcher installed in " + installed);
    }

    /** Checks the jar and writes the runtime directory; returns it. */
    public static Path install(Path jsiiRuntimeJar, String pomVersion, Path sources, Path output) {
        if (!VERIFIED_VERSION.equals(pomVersion)) {
            throw new LayoutException("jsii-runtime.version is " + pomVersion + ", but the direct channel was checked"
                + " against " + VERIFIED_VERSION + ". " + UPGRADE_HELP);
        }
        try (JarFile jar = new JarFile(jsiiRuntimeJar.toFile())) {
            String jarVersion = jarVersion(jar);
            if (!VERIFIED_VERSION.equals(jarVersion)) {
                throw new LayoutException(jsiiRuntimeJar + " is jsii-runtime " + jarVersion + ", not "
                    + VERIFIED_VERSION + ". " + UPGRADE_HELP);
            }
            String kernel = text(jar, KERNEL);
            requireOnce(kernel, KERNEL_CHANNEL, KERNEL + " does not open its channel as SyncStdio on fd 3, once");
            String bundledLauncher = text(jar, BUNDLED_LAUNCHER);
            for (String shape : BUNDLED_LAUNCHER_SHAPE) {
                requireOnce(bundledLauncher, Pattern.compile(Pattern.quote(shape)),
                    BUNDLED_LAUNCHER + " no longer contains `" + shape + "` exactly once");
            }

            Path parent = output.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, output.getFileName() + ".staging-");
            try {
                copy(jar, KERNEL, staging.resolve("program.js"));
                copy(jar, INDEX_WORKER, staging.resolve("runtime-index-worker.js"));
                Files.copy(sources.resolve(PRELOAD), staging.resolve(PRELOAD));
                Path launcher = staging.resolve(LAUNCHER);
                Files.copy(sources.resolve(LAUNCHER), launcher);
                Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
                deleteTree(output);
                Files.move(staging, output, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                deleteTree(staging);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("jsii-direct: cannot install the kernel from " + jsiiRuntimeJar, e);
        }
    }

    private static String jarVersion(JarFile jar) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = jar.getInputStream(required(jar, POM_PROPERTIES))) {
            properties.load(in);
        }
        return properties.getProperty("version");
    }

    private static String text(JarFile jar, String name) throws IOException {
        try (InputStream in = jar.getInputStream(required(jar, name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void copy(JarFile jar, String name, Path target) throws IOException {
        try (InputStream in = jar.getInputStream(required(jar, name))) {
            Files.copy(in, target);
        }
    }

    private static ZipEntry required(JarFile jar, String name) {
        ZipEntry entry = jar.getEntry(name);
        if (entry == null) {
            throw new LayoutException(jar.getName() + " has no " + name + ". " + UPGRADE_HELP);
        }
        return entry;
    }

    private static void requireOnce(String text, Pattern pattern, String problem) {
        Matcher matcher = pattern.matcher(text);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        if (count != 1) {
            throw new LayoutException(problem + " (found " + count + " times). " + UPGRADE_HELP);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
