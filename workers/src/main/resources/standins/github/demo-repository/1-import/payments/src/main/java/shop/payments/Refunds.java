package shop.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refunds of captured payments, split across the items of an order.
 * <p>
 * Finance sets a restocking rate per category; items of other categories are refunded in full.
 */
public final class Refunds {

    private final Map<String, BigDecimal> restockingRates = new ConcurrentHashMap<>();

    /** Sets the share kept back when an item of this category is returned (0.15 keeps 15 %). */
    public void restockingRate(String category, BigDecimal rate) {
        if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("a restocking rate is between 0 and 1: " + rate);
        }
        restockingRates.put(category, rate);
    }

    /** The categories that keep something back. */
    public List<String> categories() {
        return new ArrayList<>(restockingRates.keySet());
    }

    /**
     * What is refunded for one returned item.
     *
     * @param category the item's category
     * @param price    what the customer paid for it
     * @return the price less the category's restocking share, rounded to cents
     */
    public BigDecimal split(String category, BigDecimal price) {
        BigDecimal rate = restockingRates.get(category);
        if (rate == null) {
            return price;
        }
        return price.subtract(price.multiply(rate)).setScale(2, RoundingMode.HALF_EVEN);
    }
}
