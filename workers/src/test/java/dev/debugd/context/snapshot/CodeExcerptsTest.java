package dev.debugd.context.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeExcerptsTest {

    private static final List<String> PATHS = List.of(
            "checkout/src/main/java/shop/checkout/Coupons.java",
            "legacy/src/main/java/shop/old/Coupons.java",
            "services/billing/app/models/invoice.rb",
            "web/src/cart/total.ts",
            "web/src/cart/index.ts",
            "api/src/orders/index.ts",
            "payments/app/stripe_client.py",
            "cmd/quoter/main.go");

    @ParameterizedTest(name = "{0} in {1} → {2}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        // module | file | the path, by hand
        "shop.checkout.Coupons | Coupons.java | checkout/src/main/java/shop/checkout/Coupons.java",
        "shop.old.Coupons | Coupons.java | legacy/src/main/java/shop/old/Coupons.java",
        "shop.checkout.Coupons$Inner | Coupons.java | checkout/src/main/java/shop/checkout/Coupons.java",
        "Invoice | /srv/billing/app/models/invoice.rb | services/billing/app/models/invoice.rb",
        "total | webpack:///src/cart/total.ts | web/src/cart/total.ts",
        "total | /app/src/cart/total.ts | web/src/cart/total.ts",
        "index | /app/src/cart/index.ts | web/src/cart/index.ts",
        "app.stripe_client | /usr/src/app/payments/app/stripe_client.py | payments/app/stripe_client.py",
        "main | main.go | cmd/quoter/main.go",
        "shop.checkout.Cart | Cart.java | none",
    })
    void aFrameNamesTheOnePathItsTailFits(String module, String file, String expected) {
        var frame = new Context.Frame(module, "f", file, 10, true);
        assertThat(CodeExcerpts.locate(frame, PATHS)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void aTailThatSeveralPathsEndWithIsNeverGuessed() {
        // index.ts alone fits two files, and nothing longer is known of it.
        assertThat(CodeExcerpts.locate(new Context.Frame("index", "f", "index.ts", 3, true), PATHS)).isEmpty();
    }

    @Test
    void anExcerptKeepsTwentyLinesAroundTheFramesWithinTheFile() {
        var text = new StringBuilder();
        for (int i = 1; i <= 100; i++) {
            text.append("line ").append(i).append('\n');
        }
        var file = CodeExcerpts.excerpt(new CodeExcerpts.Wanted("a.py", List.of(50, 12, 50)), text.toString());
        assertThat(file.startLine()).isEqualTo(1);
        assertThat(file.endLine()).isEqualTo(70);
        assertThat(file.frameLines()).containsExactly(12, 50);
        assertThat(file.text()).startsWith("line 1\n").endsWith("line 70\n");
        var end = CodeExcerpts.excerpt(new CodeExcerpts.Wanted("a.py", List.of(95)), text.toString());
        assertThat(end.startLine()).isEqualTo(75);
        assertThat(end.endLine()).isEqualTo(100);
        assertThat(end.text().lines().count()).isEqualTo(26);
    }
}
