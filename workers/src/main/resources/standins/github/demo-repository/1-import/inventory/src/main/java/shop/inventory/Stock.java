package shop.inventory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stock levels per SKU, as the warehouse feed reports them.
 * <p>
 * The feed sends counts as numbers; some older scanners send them as text.
 */
public final class Stock {

    private final Map<String, Object> counts = new ConcurrentHashMap<>();

    /** Records the count the feed reported for a SKU (an Integer, or its digits as text). */
    public void report(String sku, Object count) {
        counts.put(sku, count);
    }

    /** Forgets a SKU that was delisted. */
    public void delist(String sku) {
        counts.remove(sku);
    }

    /**
     * How many units of a SKU can be reserved.
     *
     * @param sku the stock-keeping unit
     * @return its count, 0 when the feed never reported it
     */
    public int available(String sku) {
        Object count = counts.get(sku);
        if (count instanceof Integer units) {
            return units;
        }
        return count == null ? 0 : Integer.parseInt(count.toString().strip());
    }
}
