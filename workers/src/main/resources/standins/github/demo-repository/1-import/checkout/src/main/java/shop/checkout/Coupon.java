package shop.checkout;

import java.math.BigDecimal;
import java.time.Instant;

/** A coupon: a fixed discount off a basket's total, until it expires. */
public record Coupon(String code, BigDecimal discount, Instant expiresAt) {}
