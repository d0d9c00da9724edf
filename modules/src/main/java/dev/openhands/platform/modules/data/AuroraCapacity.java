package dev.openhands.platform.modules.data;

import java.util.Optional;

/**
 * How far an Aurora Serverless v2 cluster scales: its capacity range, its readers and whether it pauses when idle.
 * The knobs are all numbers, so the only way to make one is {@link #builder()}: named setters keep them from
 * trading places, and {@link Builder#build()} checks them together. Immutable once built.
 */
public final class AuroraCapacity {

    private final double minAcu;
    private final double maxAcu;
    private final int readers;
    private final Optional<Integer> autoPauseSeconds;

    private AuroraCapacity(Builder builder) {
        this.minAcu = builder.minAcu;
        this.maxAcu = builder.maxAcu;
        this.readers = builder.readers;
        this.autoPauseSeconds = Optional.ofNullable(builder.autoPauseSeconds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Minimum capacity in ACUs; 0 lets the cluster pause when idle. */
    public double minAcu() {
        return minAcu;
    }

    /** Maximum capacity in ACUs. */
    public double maxAcu() {
        return maxAcu;
    }

    /** Reader instances besides the writer. */
    public int readers() {
        return readers;
    }

    /** Idle seconds before a min-0 cluster pauses; empty: it never pauses. */
    public Optional<Integer> autoPauseSeconds() {
        return autoPauseSeconds;
    }

    @Override
    public String toString() {
        return "AuroraCapacity[" + minAcu + ".." + maxAcu + " ACU, " + readers + " readers, autoPause "
            + autoPauseSeconds.map(s -> s + "s").orElse("off") + "]";
    }

    /** Collects the knobs by name; {@link #build()} validates them together. */
    public static final class Builder {

        private Double minAcu;
        private Double maxAcu;
        private int readers;
        private Integer autoPauseSeconds;

        private Builder() {
        }

        /**
         * @param minAcu minimum capacity in ACUs, in steps of 0.5; 0 lets the cluster pause when idle (required)
         * @return this builder
         */
        public Builder minAcu(double minAcu) {
            this.minAcu = minAcu;
            return this;
        }

        /**
         * @param maxAcu maximum capacity in ACUs, 1..256 in steps of 0.5, at least {@code minAcu} (required)
         * @return this builder
         */
        public Builder maxAcu(double maxAcu) {
            this.maxAcu = maxAcu;
            return this;
        }

        /**
         * @param readers reader instances besides the writer, 0..15 (default 0: the writer alone)
         * @return this builder
         */
        public Builder readers(int readers) {
            this.readers = readers;
            return this;
        }

        /**
         * @param autoPauseSeconds idle seconds before the cluster pauses, 300..86400; only with {@code minAcu} 0
         *                         (default: never pauses)
         * @return this builder
         */
        public Builder autoPauseSeconds(int autoPauseSeconds) {
            this.autoPauseSeconds = autoPauseSeconds;
            return this;
        }

        /** @throws IllegalArgumentException if a bound is missing or the knobs do not fit together */
        public AuroraCapacity build() {
            if (minAcu == null) {
                throw new IllegalArgumentException("Aurora capacity needs minAcu");
            }
            if (maxAcu == null) {
                throw new IllegalArgumentException("Aurora capacity needs maxAcu");
            }
            if (minAcu < 0 || maxAcu < 1 || maxAcu > 256 || maxAcu < minAcu || (minAcu * 2) % 1 != 0 || (maxAcu * 2) % 1 != 0) {
                throw new IllegalArgumentException("capacity must satisfy 0 <= minAcu <= maxAcu <= 256 in steps of 0.5 (got " + minAcu + ".." + maxAcu + ")");
            }
            if (autoPauseSeconds != null && (minAcu != 0 || autoPauseSeconds < 300 || autoPauseSeconds > 86400)) {
                throw new IllegalArgumentException("auto-pause needs minAcu 0 and 300..86400 seconds");
            }
            if (readers < 0 || readers > 15) {
                throw new IllegalArgumentException("readers must be 0..15");
            }
            return new AuroraCapacity(this);
        }
    }
}
