import { describe, expect, it } from 'vitest';
import { changedFiles, diffLines } from './diff';

// A hunk of the demo repository's fix, as the Fix Agent drafted it.
const PATCH = `--- a/checkout/src/main/java/shop/checkout/Coupons.java
+++ b/checkout/src/main/java/shop/checkout/Coupons.java
@@ -85,4 +85,5 @@
     public BigDecimal apply(String code, BigDecimal total) {
-        Coupon coupon = byCode.get(normalized);
+        Coupon coupon = byCode.get(code);
+        if (coupon == null) return total;
         return total.subtract(coupon.discount()).max(BigDecimal.ZERO);
`;

describe('diffLines', () => {
  it('numbers each line in the old and the new file from its hunk header', () => {
    expect(diffLines(PATCH).map((l) => [l.kind, l.oldNumber, l.newNumber])).toEqual([
      ['file', null, null],
      ['file', null, null],
      ['hunk', null, null],
      ['context', 85, 85],
      ['removed', 86, null],
      ['added', null, 86],
      ['added', null, 87],
      ['context', 87, 88],
    ]);
  });

  it('names the changed files', () => {
    expect(changedFiles(PATCH)).toEqual(['checkout/src/main/java/shop/checkout/Coupons.java']);
  });
});
