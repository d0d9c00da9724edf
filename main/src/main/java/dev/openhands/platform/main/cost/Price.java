package dev.openhands.platform.main.cost;

/**
 * One list price as read from AWS.
 *
 * @param usd        the price in US dollars per {@code unit}
 * @param unit       what one {@code usd} buys, e.g. "hour", "GB-month", "1M requests"
 * @param source     the page the figure was read from
 * @param sourceDate the date of that reading (ISO-8601)
 * @param verified   whether the figure was confirmed from the source, rather than carried from an earlier reading
 */
public record Price(double usd, String unit, String source, String sourceDate, boolean verified) {
}
