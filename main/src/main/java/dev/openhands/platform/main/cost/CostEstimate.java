package dev.openhands.platform.main.cost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An environment's monthly cost at zero use, resource by resource, with the usage-priced items beside it and,
 * optionally, the estimate it is compared with (the base branch's, in a pull request).
 */
public record CostEstimate(String environment, String region, String currency, double hoursPerMonth, List<CostLine> lines,
                           List<UsageCharge> usage, List<String> unpriced) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public CostEstimate {
        lines = List.copyOf(lines);
        usage = List.copyOf(usage);
        unpriced = List.copyOf(unpriced);
    }

    public double monthlyUsd() {
        return lines.stream().mapToDouble(CostLine::monthlyUsd).sum();
    }

    /** How many of the prices used (fixed and by use) were not confirmed against their source. */
    public long unconfirmedPrices() {
        return java.util.stream.Stream.concat(lines.stream().filter(l -> !l.verified()).map(CostLine::priceKey),
            usage.stream().filter(u -> !u.price().verified()).map(UsageCharge::priceKey)).distinct().count();
    }

    private String confirmationNote() {
        long unconfirmed = unconfirmedPrices();
        return unconfirmed == 0 ? "" : String.format(Locale.ROOT,
            "%d of the prices used are not yet confirmed against their source (%s, \"verified\": false).%n", unconfirmed,
            PriceTable.RESOURCE.substring(PriceTable.RESOURCE.lastIndexOf('/') + 1));
    }

    /** Monthly cost per resource address, in the order the stack lists them. */
    public Map<String, Double> byResource() {
        Map<String, Double> byResource = new LinkedHashMap<>();
        lines.forEach(l -> byResource.merge(l.address(), l.monthlyUsd(), Double::sum));
        return byResource;
    }

    public String toText(Optional<CostEstimate> baseline) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s (%s): %s a month at zero use (%.0f hours a month, list prices)%n",
            environment, region, money(monthlyUsd()), hoursPerMonth));
        baseline.ifPresent(b -> out.append(String.format(Locale.ROOT, "change: %s (was %s)%n", signed(monthlyUsd() - b.monthlyUsd()),
            money(b.monthlyUsd()))));
        out.append(confirmationNote());
        int width = Math.max(8, lines.stream().mapToInt(l -> l.address().length()).max().orElse(8));
        int itemWidth = Math.max(4, lines.stream().mapToInt(l -> l.item().length()).max().orElse(4));
        out.append(String.format(Locale.ROOT, "%n%-" + width + "s  %-" + itemWidth + "s  %12s  %10s  %10s%n", "resource", "item",
            "quantity", "unit price", "monthly"));
        for (CostLine l : lines) {
            out.append(String.format(Locale.ROOT, "%-" + width + "s  %-" + itemWidth + "s  %12s  %10s  %10s%n", l.address(), l.item(),
                quantity(l.quantity()), unitPrice(l.unitPrice()), money(l.monthlyUsd())));
        }
        out.append(String.format(Locale.ROOT, "%-" + width + "s  %-" + itemWidth + "s  %12s  %10s  %10s%n", "total", "", "", "",
            money(monthlyUsd())));
        out.append(String.format(Locale.ROOT, "%nBy use (not in the total):%n"));
        for (UsageCharge u : usage) {
            out.append(String.format(Locale.ROOT, "  %-52s %s per %s%n", u.item(), unitPrice(u.price().usd()), u.price().unit()));
        }
        unpricedNote(out);
        return out.toString();
    }

    public String toMarkdown(Optional<CostEstimate> baseline) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "### Cost of `%s` at zero use: %s a month%n%n", environment, money(monthlyUsd())));
        baseline.ifPresent(b -> out.append(String.format(Locale.ROOT, "Change: **%s** a month (base: %s).%n%n",
            signed(monthlyUsd() - b.monthlyUsd()), money(b.monthlyUsd()))));
        out.append(String.format(Locale.ROOT, "List prices in %s, %.0f hours a month; usage-priced items below are not in the total.%n%n",
            region, hoursPerMonth));
        out.append(confirmationNote().replace("\n", "\n\n"));
        if (baseline.isPresent()) {
            Map<String, Double> before = baseline.get().byResource();
            Map<String, Double> after = byResource();
            Map<String, Double> changed = new LinkedHashMap<>();
            after.forEach((address, usd) -> {
                double was = before.getOrDefault(address, 0.0);
                if (Math.abs(usd - was) >= 0.005) {
                    changed.put(address, usd - was);
                }
            });
            before.forEach((address, usd) -> {
                if (!after.containsKey(address) && usd >= 0.005) {
                    changed.put(address, -usd);
                }
            });
            if (!changed.isEmpty()) {
                out.append("| changed resource | monthly change |\n|---|---:|\n");
                changed.forEach((address, delta) -> out.append("| `").append(address).append("` | ").append(signed(delta)).append(" |\n"));
                out.append('\n');
            }
        }
        out.append("<details><summary>Resource by resource</summary>\n\n| resource | item | quantity | unit price | monthly |\n|---|---|---:|---:|---:|\n");
        for (CostLine l : lines) {
            out.append("| `").append(l.address()).append("` | ").append(l.item()).append(" | ").append(quantity(l.quantity()))
                .append(" | ").append(unitPrice(l.unitPrice())).append(" | ").append(money(l.monthlyUsd())).append(" |\n");
        }
        out.append("| **total** | | | | **").append(money(monthlyUsd())).append("** |\n\n");
        out.append("| by use | unit price |\n|---|---:|\n");
        for (UsageCharge u : usage) {
            out.append("| ").append(u.item()).append(" | ").append(unitPrice(u.price().usd())).append(" per ").append(u.price().unit()).append(" |\n");
        }
        out.append("\n</details>\n");
        unpricedNote(out);
        return out.toString();
    }

    public String toJson(Optional<CostEstimate> baseline) {
        ObjectNode root = JSON.createObjectNode();
        root.put("environment", environment);
        root.put("region", region);
        root.put("currency", currency);
        root.put("hoursPerMonth", hoursPerMonth);
        root.put("monthly", round(monthlyUsd(), 2));
        baseline.ifPresent(b -> {
            root.put("baselineMonthly", round(b.monthlyUsd(), 2));
            root.put("change", round(monthlyUsd() - b.monthlyUsd(), 2));
        });
        root.put("unconfirmedPrices", unconfirmedPrices());
        ArrayNode lineNodes = root.putArray("resources");
        for (CostLine l : lines) {
            ObjectNode n = lineNodes.addObject();
            n.put("address", l.address());
            n.put("item", l.item());
            n.put("quantity", round(l.quantity(), 4));
            n.put("priceKey", l.priceKey());
            n.put("unitPrice", l.unitPrice());
            n.put("monthly", round(l.monthlyUsd(), 4));
            n.put("priceConfirmed", l.verified());
        }
        ArrayNode usageNodes = root.putArray("usage");
        for (UsageCharge u : usage) {
            ObjectNode n = usageNodes.addObject();
            n.put("item", u.item());
            n.put("priceKey", u.priceKey());
            n.put("unitPrice", u.price().usd());
            n.put("unit", u.price().unit());
            n.put("source", u.price().source());
        }
        ArrayNode unpricedNodes = root.putArray("unpriced");
        unpriced.forEach(unpricedNodes::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void unpricedNote(StringBuilder out) {
        if (!unpriced.isEmpty()) {
            out.append(String.format(Locale.ROOT, "%nNOT PRICED (the total is incomplete): %s%n", String.join(", ", unpriced)));
        }
    }

    static String money(double usd) {
        return String.format(Locale.ROOT, "$%,.2f", usd);
    }

    private static String signed(double usd) {
        return (usd >= 0 ? "+" : "-") + money(Math.abs(usd));
    }

    private static String unitPrice(double usd) {
        return "$" + BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString();
    }

    private static String quantity(double q) {
        return BigDecimal.valueOf(round(q, 2)).stripTrailingZeros().toPlainString();
    }

    private static double round(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }
}
