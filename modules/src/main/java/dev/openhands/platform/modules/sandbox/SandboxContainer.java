package dev.openhands.platform.modules.sandbox;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a sandbox task runs: the images it may use, its Fargate size, the agent server's port and the user it runs as.
 * Built with {@link #builder()}: every number has a name at the call site, and {@code build()} checks them together.
 */
public final class SandboxContainer {

    /** A private ECR image: account, region, repository and a tag or digest. */
    public static final Pattern ECR_IMAGE = Pattern.compile(
        "^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9][a-z0-9._/-]{1,255})(?::[A-Za-z0-9._-]{1,128}|@sha256:[a-f0-9]{64})$");

    /**
     * The repository ARN of a service image mirrored into ECR in the environment's region (its tasks pull through the
     * VPC's ECR endpoints), or a message that names {@code what} and how to fix it.
     *
     * @param advice how to get the image there, e.g. {@code mirror the squid image into the account's ECR}
     */
    public static String mirroredRepositoryArn(String what, String image, dev.openhands.platform.modules.iam.AwsLocation location,
                                               String advice) {
        Objects.requireNonNull(image, what);
        java.util.regex.Matcher m = ECR_IMAGE.matcher(image);
        if (!m.matches()) {
            throw new IllegalArgumentException(what + " '" + image + "' is not <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> ("
                + advice + ": the tasks pull through the VPC's endpoints)");
        }
        if (!m.group(2).equals(location.region())) {
            throw new IllegalArgumentException(what + " '" + image + "' is in " + m.group(2) + "; the tasks pull through the VPC's ECR endpoints in "
                + location.region());
        }
        return "arn:" + location.partition() + ":ecr:" + m.group(2) + ":" + m.group(1) + ":repository/" + m.group(3);
    }

    /** Fargate's CPU units and the memory (MiB) each allows: {min, max, step}. */
    public static final Map<Integer, int[]> FARGATE_SIZES = Map.of(
        256, new int[] {512, 2048, 512}, 512, new int[] {1024, 4096, 1024}, 1024, new int[] {2048, 8192, 1024},
        2048, new int[] {4096, 16384, 1024}, 4096, new int[] {8192, 30720, 1024}, 8192, new int[] {16384, 61440, 4096},
        16384, new int[] {32768, 122880, 8192});

    private final List<String> images;
    private final int cpu;
    private final int memoryMib;
    private final int agentPort;
    private final String runAsUser;

    private SandboxContainer(Builder b) {
        this.images = List.copyOf(Objects.requireNonNull(b.images, "images"));
        this.cpu = b.cpu;
        this.memoryMib = b.memoryMib;
        this.agentPort = b.agentPort;
        this.runAsUser = Objects.requireNonNull(b.runAsUser, "runAsUser");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("at least one sandbox image is needed");
        }
        for (String image : images) {
            if (!ECR_IMAGE.matcher(image).matches()) {
                throw new IllegalArgumentException("'" + image + "' is not a private ECR image reference (account.dkr.ecr.region.amazonaws.com/repository:tag)");
            }
        }
        int[] memory = FARGATE_SIZES.get(cpu);
        if (memory == null) {
            throw new IllegalArgumentException("cpu " + cpu + " is not a Fargate size; use one of " + new TreeMap<>(FARGATE_SIZES).keySet());
        }
        if (!fitsFargate(cpu, memoryMib)) {
            throw new IllegalArgumentException("memory " + memoryMib + " MiB does not fit cpu " + cpu + ": use " + memory[0] + " to "
                + memory[1] + " in steps of " + memory[2]);
        }
        if (agentPort < 1024 || agentPort > 65535) {
            throw new IllegalArgumentException("agentPort " + agentPort + " must be an unprivileged port, 1024 to 65535");
        }
        if (!runAsUser.matches("^[0-9]{1,5}:[0-9]{1,5}$")) {
            throw new IllegalArgumentException("runAsUser must be uid:gid, e.g. 10001:10001");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether Fargate offers this CPU and memory together. */
    public static boolean fitsFargate(int cpu, int memoryMib) {
        int[] memory = FARGATE_SIZES.get(cpu);
        return memory != null && memoryMib >= memory[0] && memoryMib <= memory[1] && (memoryMib - memory[0]) % memory[2] == 0;
    }

    /** Images sandboxes may run; the first is the template's. */
    public List<String> images() {
        return images;
    }

    public int cpu() {
        return cpu;
    }

    public int memoryMib() {
        return memoryMib;
    }

    public int agentPort() {
        return agentPort;
    }

    public String runAsUser() {
        return runAsUser;
    }

    public static final class Builder {
        private List<String> images;
        private int cpu;
        private int memoryMib;
        private int agentPort;
        private String runAsUser;

        private Builder() {
        }

        /** ECR image references sandboxes may run, in the environment's region; the first is the template's. */
        public Builder images(List<String> images) {
            this.images = images;
            return this;
        }

        /** Fargate CPU units of a sandbox (256 to 16384). */
        public Builder cpu(int cpu) {
            this.cpu = cpu;
            return this;
        }

        /** Memory of a sandbox in MiB; must fit the CPU size. */
        public Builder memoryMib(int memoryMib) {
            this.memoryMib = memoryMib;
            return this;
        }

        /** The agent server's port (OpenHands' V1 app server starts it on 60000). */
        public Builder agentPort(int agentPort) {
            this.agentPort = agentPort;
            return this;
        }

        /** {@code uid:gid} the container runs as, e.g. {@code 10001:10001}. */
        public Builder runAsUser(String runAsUser) {
            this.runAsUser = runAsUser;
            return this;
        }

        public SandboxContainer build() {
            return new SandboxContainer(this);
        }
    }
}
