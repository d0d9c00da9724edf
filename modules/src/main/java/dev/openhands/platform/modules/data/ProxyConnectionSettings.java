package dev.openhands.platform.modules.data;

import java.util.ArrayList;
import java.util.List;

/**
 * How an RDS Proxy treats its clients and pools connections to the database. The three settings are all integers,
 * so the only way to make one is {@link #builder()}: named setters keep them from trading places, and
 * {@link Builder#build()} checks them. Immutable once built.
 */
public final class ProxyConnectionSettings {

    private final int idleClientTimeoutSeconds;
    private final int connectionBorrowTimeoutSeconds;
    private final int maxConnectionsPercent;

    private ProxyConnectionSettings(Builder builder) {
        this.idleClientTimeoutSeconds = builder.idleClientTimeoutSeconds;
        this.connectionBorrowTimeoutSeconds = builder.connectionBorrowTimeoutSeconds;
        this.maxConnectionsPercent = builder.maxConnectionsPercent;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Client connections idle longer are closed. */
    public int idleClientTimeoutSeconds() {
        return idleClientTimeoutSeconds;
    }

    /** How long a client waits for a pooled connection. */
    public int connectionBorrowTimeoutSeconds() {
        return connectionBorrowTimeoutSeconds;
    }

    /** Share of the database's max_connections the pool may use. */
    public int maxConnectionsPercent() {
        return maxConnectionsPercent;
    }

    @Override
    public String toString() {
        return "ProxyConnectionSettings[idleClientTimeoutSeconds=" + idleClientTimeoutSeconds + ", connectionBorrowTimeoutSeconds="
            + connectionBorrowTimeoutSeconds + ", maxConnectionsPercent=" + maxConnectionsPercent + "]";
    }

    /**
     * Collects the settings by name; {@link #build()} refuses a missing one rather than fall back on a default
     * nobody chose.
     */
    public static final class Builder {

        private Integer idleClientTimeoutSeconds;
        private Integer connectionBorrowTimeoutSeconds;
        private Integer maxConnectionsPercent;

        private Builder() {
        }

        /**
         * @param idleClientTimeoutSeconds client connections idle longer are closed, 60..28800 (required)
         * @return this builder
         */
        public Builder idleClientTimeoutSeconds(int idleClientTimeoutSeconds) {
            this.idleClientTimeoutSeconds = idleClientTimeoutSeconds;
            return this;
        }

        /**
         * @param connectionBorrowTimeoutSeconds how long a client waits for a pooled connection, 0..3600 (required)
         * @return this builder
         */
        public Builder connectionBorrowTimeoutSeconds(int connectionBorrowTimeoutSeconds) {
            this.connectionBorrowTimeoutSeconds = connectionBorrowTimeoutSeconds;
            return this;
        }

        /**
         * @param maxConnectionsPercent share of the database's max_connections the pool may use, 1..100 (required)
         * @return this builder
         */
        public Builder maxConnectionsPercent(int maxConnectionsPercent) {
            this.maxConnectionsPercent = maxConnectionsPercent;
            return this;
        }

        /** @throws IllegalArgumentException if a setting is missing or out of range */
        public ProxyConnectionSettings build() {
            List<String> missing = new ArrayList<>();
            if (idleClientTimeoutSeconds == null) {
                missing.add("idleClientTimeoutSeconds");
            }
            if (connectionBorrowTimeoutSeconds == null) {
                missing.add("connectionBorrowTimeoutSeconds");
            }
            if (maxConnectionsPercent == null) {
                missing.add("maxConnectionsPercent");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("proxy connection settings are missing " + String.join(", ", missing));
            }
            if (idleClientTimeoutSeconds < 60 || idleClientTimeoutSeconds > 28800) {
                throw new IllegalArgumentException("idleClientTimeoutSeconds must be 60..28800");
            }
            if (connectionBorrowTimeoutSeconds < 0 || connectionBorrowTimeoutSeconds > 3600) {
                throw new IllegalArgumentException("connectionBorrowTimeoutSeconds must be 0..3600");
            }
            if (maxConnectionsPercent < 1 || maxConnectionsPercent > 100) {
                throw new IllegalArgumentException("maxConnectionsPercent must be 1..100");
            }
            return new ProxyConnectionSettings(this);
        }
    }
}
