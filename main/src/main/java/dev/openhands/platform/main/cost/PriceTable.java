package dev.openhands.platform.main.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The versioned list-price table shipped with the project ({@value #RESOURCE}): per region, each price with the page
 * it was read from and the date. Prices that do not vary by region (CloudFront, WAF, Route 53) sit under
 * {@code global}. Stated sizes for storage that is billed by use (a small workspace file system, say) are part of
 * the table too, so every figure the estimate uses is in one reviewed file.
 */
public final class PriceTable {

    public static final String RESOURCE = "dev/openhands/platform/main/cost/aws-list-prices.json";

    private final String currency;
    private final double hoursPerMonth;
    private final Map<String, Map<String, Price>> regions;
    private final Map<String, Price> global;
    private final Map<String, StatedSize> statedSizes;

    /** A quantity the estimate assumes for something billed by use, with the reason. */
    public record StatedSize(double gb, String why) {
    }

    private PriceTable(String currency, double hoursPerMonth, Map<String, Map<String, Price>> regions,
                       Map<String, Price> global, Map<String, StatedSize> statedSizes) {
        this.currency = currency;
        this.hoursPerMonth = hoursPerMonth;
        this.regions = regions;
        this.global = global;
        this.statedSizes = statedSizes;
    }

    /** The table shipped in the jar. */
    public static PriceTable bundled() {
        try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("price table " + RESOURCE + " is missing from the class path");
            }
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static PriceTable parse(JsonNode root) {
        String currency = required(root, "currency").asText();
        double hours = required(root, "hoursPerMonth").asDouble();
        Map<String, Map<String, Price>> regions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(root, "regions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> region = it.next();
            regions.put(region.getKey(), prices(region.getValue(), "regions." + region.getKey()));
        }
        Map<String, Price> global = prices(required(root, "global"), "global");
        Map<String, StatedSize> sizes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(root, "statedSizes").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> size = it.next();
            String at = "statedSizes." + size.getKey();
            sizes.put(size.getKey(), new StatedSize(required(size.getValue(), "gb", at).asDouble(),
                required(size.getValue(), "why", at).asText()));
        }
        return new PriceTable(currency, hours, regions, global, sizes);
    }

    private static Map<String, Price> prices(JsonNode node, String at) {
        Map<String, Price> prices = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String where = at + "." + entry.getKey();
            JsonNode p = entry.getValue();
            double usd = required(p, "usd", where).asDouble();
            if (usd < 0) {
                throw new IllegalStateException(RESOURCE + ": " + where + ".usd is negative");
            }
            prices.put(entry.getKey(), new Price(usd, required(p, "unit", where).asText(), required(p, "source", where).asText(),
                required(p, "sourceDate", where).asText(), p.path("verified").asBoolean(false)));
        }
        return prices;
    }

    private static JsonNode required(JsonNode node, String field) {
        return required(node, field, "(top level)");
    }

    private static JsonNode required(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException(RESOURCE + ": " + at + " has no '" + field + "'");
        }
        return value;
    }

    public String currency() {
        return currency;
    }

    public double hoursPerMonth() {
        return hoursPerMonth;
    }

    public List<String> regions() {
        return List.copyOf(new TreeSet<>(regions.keySet()));
    }

    /** The price of {@code key} in {@code region}, or the global one; fails naming the key when neither exists. */
    public Price price(String region, String key) {
        Map<String, Price> regional = regionPrices(region);
        Price price = regional.containsKey(key) ? regional.get(key) : global.get(key);
        if (price == null) {
            throw new IllegalStateException("no price '" + key + "' for " + region + " (nor under global) in " + RESOURCE
                + ": add it with its source and the date it was read");
        }
        return price;
    }

    public boolean has(String region, String key) {
        return regionPrices(region).containsKey(key) || global.containsKey(key);
    }

    public StatedSize statedSize(String key) {
        StatedSize size = statedSizes.get(key);
        if (size == null) {
            throw new IllegalStateException("no stated size '" + key + "' in " + RESOURCE);
        }
        return size;
    }

    /** Every key with its price, regional ones first: what a reviewer checks against the sources. */
    public List<String> keys(String region) {
        List<String> keys = new ArrayList<>(regionPrices(region).keySet());
        global.keySet().stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        return keys;
    }

    private Map<String, Price> regionPrices(String region) {
        Objects.requireNonNull(region, "region");
        Map<String, Price> regional = regions.get(region);
        if (regional == null) {
            throw new IllegalArgumentException("the price table has no prices for region " + region + "; it has "
                + regions() + " (" + RESOURCE + "): add the region's prices with their sources");
        }
        return regional;
    }
}
