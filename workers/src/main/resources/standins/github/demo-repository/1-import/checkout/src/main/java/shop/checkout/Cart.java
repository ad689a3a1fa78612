package shop.checkout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** One customer's basket: its lines and the coupon code they entered, if any. */
public final class Cart {

    public record Line(String sku, int quantity, BigDecimal unitPrice) {}

    private final Coupons coupons;
    private final List<Line> lines = new ArrayList<>();
    private String couponCode;

    public Cart(Coupons coupons) {
        this.coupons = coupons;
    }

    public void add(Line line) {
        if (line.quantity() <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + line);
        }
        lines.add(line);
    }

    /** Remembers the code the customer typed; it is checked when the total is computed. */
    public void enterCoupon(String code) {
        couponCode = code;
    }

    /** The amount to pay: the lines' prices, less the coupon's discount. */
    public BigDecimal total() {
        BigDecimal subtotal = BigDecimal.ZERO;
        for (Line line : lines) {
            subtotal = subtotal.add(line.unitPrice().multiply(BigDecimal.valueOf(line.quantity())));
        }
        if (couponCode == null || couponCode.isBlank()) {
            return subtotal;
        }
        return coupons.apply(couponCode, subtotal);
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }
}
