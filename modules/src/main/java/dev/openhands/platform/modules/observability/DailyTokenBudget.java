package dev.openhands.platform.modules.observability;

/**
 * Tokens one model may use in a UTC day before its alarms fire. Built with named setters, so input and output
 * cannot be swapped by position: {@code DailyTokenBudget.builder().input(20_000_000).output(2_000_000).build()}.
 *
 * @param input  input (prompt) tokens per day
 * @param output output (completion) tokens per day
 */
public record DailyTokenBudget(long input, long output) {

    public DailyTokenBudget {
        if (input <= 0 || output <= 0) {
            throw new IllegalArgumentException("daily token budgets must be positive (input " + input + ", output " + output + ")");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private long input;
        private long output;

        private Builder() {
        }

        /** @param input input tokens per model per day */
        public Builder input(long input) {
            this.input = input;
            return this;
        }

        /** @param output output tokens per model per day */
        public Builder output(long output) {
            this.output = output;
            return this;
        }

        public DailyTokenBudget build() {
            return new DailyTokenBudget(input, output);
        }
    }
}
