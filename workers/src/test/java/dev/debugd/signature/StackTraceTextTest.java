package dev.debugd.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.evidence.ExceptionEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Stack traces in each language read, written for these tests: the same failure from two deploys (lines moved,
 * versioned paths, bundle hashes, closures renumbered) groups together; another root frame or type splits; a
 * chained exception groups by its root cause.
 */
class StackTraceTextTest {

    private static String signature(String trace) {
        var parsed = StackTraceText.parse(trace);
        return ErrorSignature.of(new ExceptionEvent(Instant.EPOCH, "shop", "", "", "", "", parsed.type(), parsed.message(),
                parsed.frames(), parsed.causes()));
    }

    private static final String PYTHON = """
            Traceback (most recent call last):
              File "/app/releases/20240101/shop/cart.py", line 88, in total
                return sum(discount(i) for i in items)
              File "/app/releases/20240101/shop/cart.py", line 88, in <genexpr>
                return sum(discount(i) for i in items)
              File "/app/releases/20240101/shop/coupons.py", line 17, in discount
                return item.coupon.rate * item.price
            AttributeError: 'NoneType' object has no attribute 'rate'

            The above exception was the direct cause of the following exception:

            Traceback (most recent call last):
              File "/usr/lib/python3.12/site-packages/flask/app.py", line 1473, in wsgi_app
                response = self.full_dispatch_request()
              File "/app/releases/20240101/shop/web.py", line 40, in pay
                raise CheckoutError("checkout failed") from e
            shop.errors.CheckoutError: checkout failed for cart 1041
            """;

    @Test
    void python() {
        var parsed = StackTraceText.parse(PYTHON);
        assertThat(parsed.type()).isEqualTo("shop.errors.CheckoutError");
        assertThat(parsed.frames()).extracting(f -> f.function()).containsExactly("pay", "wsgi_app");
        assertThat(parsed.frames()).extracting(ExceptionEvent.Frame::inApp).containsExactly(true, false);
        assertThat(parsed.causes()).singleElement().satisfies(root -> {
            assertThat(root.type()).isEqualTo("AttributeError");
            assertThat(root.frames()).extracting(f -> f.module() + ":" + f.function())
                    .containsExactly("/app/releases/shop/coupons:discount", "/app/releases/shop/cart:<genexpr>", "/app/releases/shop/cart:total");
        });
        var nextDeploy = PYTHON.replace("20240101", "20240215").replace("line 17", "line 21").replace("line 88", "line 90")
                .replace("cart 1041", "cart 77");
        assertThat(signature(nextDeploy)).isEqualTo(signature(PYTHON));
        assertThat(signature(PYTHON.replace("AttributeError", "KeyError"))).isNotEqualTo(signature(PYTHON));
        assertThat(signature(PYTHON.replace("in discount", "in load_coupon"))).isNotEqualTo(signature(PYTHON));
        assertThat(signature(PYTHON.replace("shop.errors.CheckoutError", "shop.errors.PaymentError")))
                .as("the wrapper's type does not count").isEqualTo(signature(PYTHON));
    }

    private static final String NODE = """
            TypeError: Cannot read properties of undefined (reading 'rate')
                at discount (/app/dist/coupons.js:17:23)
                at /app/dist/cart.js:12:30
                at Array.map (<anonymous>)
                at total (/app/dist/cart.js:12:18)
                at async pay (/app/dist/web.js:40:5)
                at async /app/node_modules/express/lib/router/layer.js:95:5
            """;

    private static final String BROWSER = """
            TypeError: coupon is undefined
            discount@https://shop.example.com/static/js/main.3f2a9c1b.js:1:2345
            total@https://shop.example.com/static/js/main.3f2a9c1b.js:1:1980
            """;

    @Test
    void javaScript() {
        var parsed = StackTraceText.parse(NODE);
        assertThat(parsed.type()).isEqualTo("TypeError");
        assertThat(parsed.frames()).extracting(f -> f.function() + "@" + f.module() + (f.inApp() ? "" : " (library)"))
                .containsExactly("discount@/app/dist/coupons.js", "@/app/dist/cart.js", "Array.map@<anonymous> (library)",
                        "total@/app/dist/cart.js", "pay@/app/dist/web.js", "@/app/node_modules/express/lib/router/layer.js (library)");
        assertThat(signature(NODE.replace(":17:23", ":19:5").replace(":12:30", ":13:2"))).isEqualTo(signature(NODE));
        assertThat(signature(NODE.replace("at discount", "at applyCoupon"))).isNotEqualTo(signature(NODE));
        var browser = StackTraceText.parse(BROWSER);
        assertThat(browser.frames()).extracting(f -> f.function() + "@" + f.module())
                .containsExactly("discount@/static/js/main.js", "total@/static/js/main.js");
        assertThat(signature(BROWSER.replace("3f2a9c1b", "9e81c2d0").replace(":2345", ":2410"))).isEqualTo(signature(BROWSER));
    }

    private static final String GO = """
            panic: runtime error: invalid memory address or nil pointer dereference
            [signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1f2b]

            goroutine 1 [running]:
            github.com/acme/shop/cart.(*Coupon).Rate(...)
            \t/src/cart/coupon.go:17
            github.com/acme/shop/cart.(*Cart).Total.func1(0xc000010000)
            \t/src/cart/cart.go:42 +0x1b
            net/http.HandlerFunc.ServeHTTP(0xc0000a4000, {0x6f4a20, 0xc0000b8000}, 0xc0000c2000)
            \t/usr/local/go/src/net/http/server.go:2166 +0x29
            main.main()
            \t/src/main.go:10 +0x25

            goroutine 7 [IO wait]:
            internal/poll.runtime_pollWait(0x7f3c, 0x72)
            \t/usr/local/go/src/runtime/netpoll.go:343 +0x85
            """;

    @Test
    void go() {
        var parsed = StackTraceText.parse(GO);
        assertThat(parsed.type()).isEqualTo("runtime error");
        assertThat(parsed.frames()).extracting(f -> f.module() + " " + f.function() + (f.inApp() ? "" : " (library)"))
                .containsExactly("github.com/acme/shop/cart (*Coupon).Rate", "github.com/acme/shop/cart (*Cart).Total.func1",
                        "net/http HandlerFunc.ServeHTTP (library)", "main main");
        assertThat(signature(GO.replace(".go:17", ".go:19").replace("func1", "func3").replace("+0x1b", "+0x2c")))
                .isEqualTo(signature(GO));
        assertThat(signature(GO.replace("(*Coupon).Rate", "(*Coupon).Load"))).isNotEqualTo(signature(GO));
    }

    private static final String DOTNET = """
            Shop.Checkout.CheckoutException: Checkout failed for cart 1041 ---> System.NullReferenceException: Object reference not set to an instance of an object.
               at Shop.Cart.Coupons.Apply(Item item) in /src/Shop/Cart/Coupons.cs:line 17
               at Shop.Cart.CartService.<>c__DisplayClass3_0.<Total>b__0(Item i) in /src/Shop/Cart/CartService.cs:line 42
               at System.Linq.Enumerable.Sum[TSource](IEnumerable`1 source, Func`2 selector)
               at Shop.Cart.CartService.Total() in /src/Shop/Cart/CartService.cs:line 42
               --- End of inner exception stack trace ---
               at Shop.Web.CheckoutController.Pay() in /src/Shop/Web/CheckoutController.cs:line 40
            """;

    @Test
    void dotNet() {
        var parsed = StackTraceText.parse(DOTNET);
        assertThat(parsed.type()).isEqualTo("Shop.Checkout.CheckoutException");
        assertThat(parsed.frames()).extracting(f -> f.module() + "." + f.function()).containsExactly("Shop.Web.CheckoutController.Pay");
        assertThat(parsed.causes()).singleElement().satisfies(root -> {
            assertThat(root.type()).isEqualTo("System.NullReferenceException");
            assertThat(root.frames()).extracting(f -> f.function() + (f.inApp() ? "" : " (library)"))
                    .containsExactly("Apply", "<Total>b__0", "Sum[TSource] (library)", "Total");
        });
        var nextBuild = DOTNET.replace("line 17", "line 23").replace("DisplayClass3_0", "DisplayClass5_1").replace("b__0", "b__2")
                .replace("cart 1041", "cart 9");
        assertThat(signature(nextBuild)).isEqualTo(signature(DOTNET));
        assertThat(signature(DOTNET.replace("System.NullReferenceException", "System.InvalidOperationException")))
                .isNotEqualTo(signature(DOTNET));
        assertThat(signature(DOTNET.replace("Shop.Checkout.CheckoutException", "Shop.Checkout.PaymentException")))
                .as("grouped by the root cause").isEqualTo(signature(DOTNET));
    }

    @Test
    void javaIsStillJavaAndTextThatIsNoTraceHasNoType() {
        var java = "java.lang.IllegalStateException: boom\n\tat shop.Cart.total(Cart.java:12)\n\tat java.base/java.lang.Thread.run(Thread.java:1583)";
        assertThat(StackTraceText.parse(java).type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(StackTraceText.parse(java).frames()).extracting(ExceptionEvent.Frame::module).containsExactly("shop.Cart", "java.lang.Thread");
        assertThat(StackTraceText.parse("just a sentence").type()).isEmpty();
        assertThat(StackTraceText.parse("").type()).isEmpty();
    }
}
