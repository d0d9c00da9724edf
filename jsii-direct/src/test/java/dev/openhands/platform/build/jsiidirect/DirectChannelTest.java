package dev.openhands.platform.build.jsiidirect;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The installed launcher and preload, run as real Node processes: the kernel answers on stdout as the JVM expects,
 * library output cannot reach that channel, and nothing else can take the channel's descriptor or read its requests.
 */
class DirectChannelTest {

    static final Path RUNTIME = Path.of(System.getProperty("jsii.direct.runtime"));

    record Finished(int exit, String stdout, String stderr) {
    }

    @Test
    void theKernelShakesHandsAnswersAndExitsAsTheJvmsOnlyNodeProcess() throws Exception {
        Process kernel = new ProcessBuilder(RUNTIME.resolve("jsii-runtime").toString()).start();
        try (BufferedReader answers = new BufferedReader(new InputStreamReader(kernel.getInputStream(), StandardCharsets.UTF_8));
             OutputStream requests = kernel.getOutputStream()) {
            assertThat(answers.readLine()).isEqualTo("{\"hello\":\"@jsii/runtime@" + DirectRuntime.VERIFIED_VERSION + "\"}");
            assertThat(kernel.info().command().orElse("")).as("the launcher exec'd Node itself").endsWith("node");
            assertThat(kernel.children().count()).as("no relaying process between the JVM and the kernel").isZero();

            requests.write("{\"api\":\"stats\"}\n".getBytes(StandardCharsets.UTF_8));
            requests.flush();
            assertThat(answers.readLine()).isEqualTo("{\"ok\":{\"objectCount\":0}}");

            requests.write("{\"exit\":0}\n".getBytes(StandardCharsets.UTF_8));
            requests.flush();
            assertThat(kernel.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(kernel.exitValue()).isZero();
        } finally {
            kernel.destroyForcibly();
        }
    }

    @Test
    void readsOfTheChannelAreTheJvmsRequestsAndWritesAreItsAnswers() throws Exception {
        Finished run = preloaded("const b = Buffer.alloc(64); const n = fs.readSync(3, b, 0, 64, null);"
            + " fs.writeSync(3, 'answer to ' + b.subarray(0, n));", "request\n");
        assertThat(run.stdout()).isEqualTo("answer to request\n");
        assertThat(run.exit()).isZero();
    }

    @Test
    void libraryOutputGoesToStderrAsTheBundledLauncherSentItNeverIntoTheChannel() throws Exception {
        Finished run = preloaded("console.log('from a library'); process.stdout.write(Buffer.from([0xe2, 0x9c, 0x93]));"
            + " fs.writeSync(3, 'answer\\n');", "");
        assertThat(run.stdout()).isEqualTo("answer\n");
        assertThat(run.stderr()).contains(
            "{\"stdout\":\"" + Base64.getEncoder().encodeToString("from a library\n".getBytes(StandardCharsets.UTF_8)) + "\"}\n",
            "{\"stdout\":\"" + Base64.getEncoder().encodeToString("\u2713".getBytes(StandardCharsets.UTF_8)) + "\"}\n");
    }

    @Test
    void librariesReadAnEmptyStdinAndLeaveTheRequestsToTheKernel() throws Exception {
        Finished run = preloaded("let seen = ''; process.stdin.on('data', d => { seen += d; }).on('end', () => {"
            + " const b = Buffer.alloc(64); const n = fs.readSync(3, b, 0, 64, null);"
            + " fs.writeSync(3, 'library saw [' + seen + '] kernel got ' + b.subarray(0, n)); });", "request\n");
        assertThat(run.stdout()).isEqualTo("library saw [] kernel got request\n");
    }

    @Test
    void filesOpenedInTheKernelNeverTakeTheChannelsNumber() throws Exception {
        Finished run = preloaded("const fds = [0, 1, 2].map(() => fs.openSync(process.execPath, 'r'));"
            + " fs.writeSync(3, fds.join(','));", "");
        assertThat(run.stdout().split(",")).hasSize(3).allSatisfy(fd -> assertThat(Integer.parseInt(fd)).isGreaterThan(3));
    }

    @Test
    void withoutTheLauncherThePreloadRefusesToStartAndSaysWhy() throws Exception {
        Finished run = run(List.of("node", "--require", RUNTIME.resolve("direct-channel.js").toString(), "-e", "0"), "");
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).contains("fd 3 is not held on /dev/null").contains("jsii-runtime launcher");
    }

    /** Node with the preload and fd 3 held on /dev/null, as the launcher starts the kernel, running {@code script}. */
    static Finished preloaded(String script, String stdin) throws Exception {
        return run(List.of("sh", "-c", "exec node --require \"$0\" -e \"$1\" 3</dev/null",
            RUNTIME.resolve("direct-channel.js").toString(), "const fs = require('fs'); " + script), stdin);
    }

    static Finished run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Finished(process.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }
}
