package shop.checkout;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coupons customers can enter at checkout, by code.
 * <p>
 * Marketing registers coupons through the admin page; a coupon stays until it expires or is withdrawn.
 * Codes are stored upper-case, as they are printed on flyers.
 */
public final class Coupons {

    private static final System.Logger LOG = System.getLogger(Coupons.class.getName());

    private final Map<String, Coupon> byCode = new ConcurrentHashMap<>();
    private final Clock clock;

    public Coupons(Clock clock) {
        this.clock = clock;
    }

    /** Adds a coupon, or replaces the one with the same code. */
    public void register(Coupon coupon) {
        if (coupon.discount().signum() <= 0) {
            throw new IllegalArgumentException("a coupon must give a discount: " + coupon);
        }
        byCode.put(coupon.code().toUpperCase(Locale.ROOT), coupon);
        LOG.log(System.Logger.Level.INFO, "registered coupon {0}", coupon.code());
    }

    /** Withdraws a coupon; customers who already applied it keep their discount. */
    public boolean withdraw(String code) {
        return byCode.remove(code.toUpperCase(Locale.ROOT)) != null;
    }

    /** The coupons that have not expired, soonest to expire first. */
    public List<Coupon> active() {
        var now = clock.instant();
        var active = new ArrayList<Coupon>();
        for (var coupon : byCode.values()) {
            if (coupon.expiresAt().isAfter(now)) {
                active.add(coupon);
            }
        }
        active.sort(Comparator.comparing(Coupon::expiresAt));
        return active;
    }

    /** Removes the coupons that expired: run hourly by the scheduler. */
    public int removeExpired() {
        var now = clock.instant();
        int before = byCode.size();
        byCode.values().removeIf(coupon -> !coupon.expiresAt().isAfter(now));
        return before - byCode.size();
    }

    /** Whether a code names a coupon that can be used now. */
    public boolean isValid(String code) {
        var coupon = byCode.get(code.toUpperCase(Locale.ROOT));
        return coupon != null && coupon.expiresAt().isAfter(clock.instant());
    }

    /** How many coupons are registered, expired ones included. */
    public int size() {
        return byCode.size();
    }

    /**
     * The total after the coupon's discount, never below zero.
     *
     * @param code  the code the customer entered
     * @param total the basket's total before the discount
     * @return the discounted total, or {@code total} when no coupon has that code
     */
    public BigDecimal apply(String code, BigDecimal total) {
        Coupon coupon = byCode.get(code);
        if (coupon == null) {
            return total;
        }
        return total.subtract(coupon.discount()).max(BigDecimal.ZERO);
    }
}
