package dev.openhands.platform.main.cost;

/**
 * A charge that depends on use (tokens, requests, data) and is listed with its unit price, never guessed.
 *
 * @param item      what is charged
 * @param priceKey  the key of the price in the table
 * @param price     the unit price
 */
public record UsageCharge(String item, String priceKey, Price price) {
}
