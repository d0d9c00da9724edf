package dev.openhands.platform.main.cost;

/**
 * What one resource costs a month at zero use.
 *
 * @param address     the resource's Terraform address ({@code type.name})
 * @param item        what is charged, in words ("m7g.xlarge instance, 730 h")
 * @param quantity    how many units a month
 * @param priceKey    the key of the price in the table
 * @param unitPrice   USD per unit
 * @param monthlyUsd  quantity times unit price
 * @param verified    whether the price was confirmed against its source
 */
public record CostLine(String address, String item, double quantity, String priceKey, double unitPrice, double monthlyUsd,
                       boolean verified) {

    static CostLine of(String address, String item, double quantity, String priceKey, Price price) {
        return new CostLine(address, item, quantity, priceKey, price.usd(), quantity * price.usd(), price.verified());
    }
}
