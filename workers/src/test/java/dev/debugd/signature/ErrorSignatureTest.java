package dev.debugd.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.evidence.ExceptionEvent;
import dev.debugd.evidence.ExceptionEvent.Cause;
import dev.debugd.evidence.ExceptionEvent.Frame;
import dev.debugd.operator.api.v1alpha1.TenantSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Exception signatures on traces written for the purpose and on Sentry's own chained-exception fixture. */
class ErrorSignatureTest {

    private static ExceptionEvent parse(String trace) {
        var parsed = JavaStackTrace.parse(trace);
        return new ExceptionEvent(Instant.EPOCH, "shop", "", "", "", "", parsed.type(), parsed.message(), parsed.frames(), parsed.causes());
    }

    private static final String DEPLOY_1 = """
            java.lang.IllegalStateException: checkout failed for cart 1041
            \tat shop.cart.CartService.lambda$total$3(CartService.java:88)
            \tat shop.cart.CartService$$Lambda$412/0x0000000800d1e440.apply(Unknown Source)
            \tat java.base/java.util.stream.ReferencePipeline$3$1.accept(ReferencePipeline.java:197)
            \tat shop.cart.CartService.total(CartService.java:91)
            \tat jdk.proxy2/jdk.proxy2.$Proxy87.total(Unknown Source)
            \tat shop.web.CheckoutController.pay(CheckoutController.java:40)
            \tat jdk.internal.reflect.GeneratedMethodAccessor311.invoke(Unknown Source)
            \tat shop.web.CheckoutController$$SpringCGLIB$$0.pay(<generated>)
            Caused by: java.lang.NullPointerException: Cannot invoke "Coupon.discount()" because "coupon" is null
            \tat shop.cart.Coupons.apply(Coupons.java:17)
            \tat shop.cart.Coupons.access$000(Coupons.java:5)
            \tat shop.cart.CartService.lambda$total$3(CartService.java:87)
            \t... 6 more
            """;

    /** The same bug a deploy later: lines moved, lambdas and proxies numbered anew, another message. */
    private static final String DEPLOY_2 = """
            java.lang.IllegalStateException: checkout failed for cart 77
            \tat shop.cart.CartService.lambda$total$5(CartService.java:102)
            \tat shop.cart.CartService$$Lambda$977/0x0000000801a2b000.apply(Unknown Source)
            \tat java.base/java.util.stream.ReferencePipeline$3$1.accept(ReferencePipeline.java:197)
            \tat shop.cart.CartService.total(CartService.java:105)
            \tat jdk.proxy3/jdk.proxy3.$Proxy112.total(Unknown Source)
            \tat shop.web.CheckoutController.pay(CheckoutController.java:44)
            \tat jdk.internal.reflect.GeneratedMethodAccessor58.invoke(Unknown Source)
            \tat shop.web.CheckoutController$$SpringCGLIB$$0.pay(<generated>)
            Caused by: java.lang.NullPointerException: Cannot invoke "Coupon.discount()" because "coupon" is null
            \tat shop.cart.Coupons.apply(Coupons.java:19)
            \tat shop.cart.Coupons.access$100(Coupons.java:5)
            \tat shop.cart.CartService.lambda$total$5(CartService.java:101)
            \t... 6 more
            """;

    @Test
    void theSameBugFromTwoDeploysGroupsTogether() {
        assertThat(ErrorSignature.of(parse(DEPLOY_1))).isEqualTo(ErrorSignature.of(parse(DEPLOY_2)));
    }

    @Test
    void anotherRootFrameOrTypeSplits() {
        var otherFrame = DEPLOY_1.replace("shop.cart.Coupons.apply(Coupons.java:17)", "shop.cart.Coupons.load(Coupons.java:30)");
        var otherType = DEPLOY_1.replace("Caused by: java.lang.NullPointerException", "Caused by: java.lang.ArithmeticException");
        var signature = ErrorSignature.of(parse(DEPLOY_1));
        assertThat(ErrorSignature.of(parse(otherFrame))).isNotEqualTo(signature);
        assertThat(ErrorSignature.of(parse(otherType))).isNotEqualTo(signature);
    }

    @Test
    void aChainedExceptionGroupsByItsRootCause() {
        var otherWrapper = DEPLOY_1.replace("java.lang.IllegalStateException: checkout failed", "shop.CheckoutException: payment failed");
        assertThat(ErrorSignature.of(parse(otherWrapper))).isEqualTo(ErrorSignature.of(parse(DEPLOY_1)));
        // The outermost in-app frame counts too: the same root cause reached from another entry point splits.
        var otherEntry = DEPLOY_1.replace("shop.cart.CartService.lambda$total$3(CartService.java:88)",
                "shop.cart.QuoteService.preview(QuoteService.java:12)");
        assertThat(ErrorSignature.of(parse(otherEntry))).isNotEqualTo(ErrorSignature.of(parse(DEPLOY_1)));
    }

    /** Sentry's event: values from the root cause to the outermost, frames from the oldest call to the crash site. */
    private static ExceptionEvent fromSentry(JsonNode event, int lineShift) {
        var values = new ArrayList<JsonNode>();
        event.get("exception").get("values").forEach(values::add);
        var chain = new ArrayList<Cause>();
        for (int i = values.size() - 1; i >= 0; i--) {
            var value = values.get(i);
            var frames = new ArrayList<Frame>();
            var sentryFrames = value.get("stacktrace").get("frames");
            for (int f = sentryFrames.size() - 1; f >= 0; f--) {
                var frame = sentryFrames.get(f);
                var module = frame.path("module").isString() ? frame.get("module").asString() : frame.path("filename").asString("");
                frames.add(new Frame(module, frame.path("function").isString() ? frame.get("function").asString() : "",
                        frame.path("filename").asString(""), frame.path("lineno").asInt(0) + lineShift, frame.path("in_app").asBoolean(false)));
            }
            var type = value.path("module").isString() ? value.get("module").asString() + "." + value.get("type").asString()
                    : value.get("type").asString();
            chain.add(new Cause(type, value.path("value").asString(""), frames));
        }
        var outermost = chain.get(0);
        return new ExceptionEvent(Instant.EPOCH, "shop", "", "", "", "", outermost.type(), outermost.message(), outermost.frames(),
                chain.subList(1, chain.size()));
    }

    @Test
    void sentrysChainedJavaEventGroupsByItsRootCauseAndFrames() throws Exception {
        var event = JsonMapper.builder().build().readTree(
                Files.readString(Path.of("../../shared/data/fixtures/sentry-grouping/inputs/java-chained.json")));
        var exception = fromSentry(event, 0);
        assertThat(exception.causes()).hasSize(2);
        assertThat(exception.causes().get(1).type()).isEqualTo("java.net.BindException");
        var signature = ErrorSignature.of(exception);
        assertThat(ErrorSignature.of(fromSentry(event, 7))).as("line numbers moved").isEqualTo(signature);
        // No frame is in-app in this event: the root cause's top frames (sun.nio.ch.Net.bind0 …) decide.
        var otherRoot = event.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) otherRoot.get("exception").get("values").get(0)).put("type", "SocketException");
        assertThat(ErrorSignature.of(fromSentry(otherRoot, 0))).isNotEqualTo(signature);
        var otherOuter = event.deepCopy();
        ((tools.jackson.databind.node.ObjectNode) otherOuter.get("exception").get("values").get(2)).put("type", "OtherLifecycleException");
        assertThat(ErrorSignature.of(fromSentry(otherOuter, 0))).as("the wrapper's type does not count").isEqualTo(signature);
    }

    private static JsonNode sentryEvent(String file, String... path) throws Exception {
        var node = JsonMapper.builder().build().readTree(Files.readString(Path.of("../../shared/data/fixtures/sentry/webhooks-docs/" + file)));
        for (var step : path) {
            node = node.get(step);
        }
        return node;
    }

    @Test
    void sentrysJavaScriptEventsKeepTheirSignatureAcrossReleasesAndTellTwoBugsApart() throws Exception {
        var error = sentryEvent("error.created.json", "data", "error");
        var alert = sentryEvent("event_alert.triggered.json", "data", "event");
        var errorSignature = ErrorSignature.of(fromSentry(error, 0));
        var alertSignature = ErrorSignature.of(fromSentry(alert, 0));
        assertThat(fromSentry(alert, 0).type()).isEqualTo("ReferenceError");
        assertThat(errorSignature).as("another script, another bug").isNotEqualTo(alertSignature);
        assertThat(ErrorSignature.of(fromSentry(alert, 3))).as("lines moved").isEqualTo(alertSignature);
        var nextRelease = alert.deepCopy();
        for (var frame : nextRelease.get("exception").get("values").get(0).get("stacktrace").get("frames")) {
            if (frame.path("module").isString()) {
                ((tools.jackson.databind.node.ObjectNode) frame).put("module", "prod/runner-4.1.8");
            }
        }
        assertThat(ErrorSignature.of(fromSentry(nextRelease, 0))).as("the next release of the same script").isEqualTo(alertSignature);
    }

    @Test
    void aTenantsInAppPrefixesDecideWhichFramesCountAndAreInTheVersion() {
        var cartOnly = new GroupingSettings(List.of("shop.cart."));
        var webOnly = new GroupingSettings(List.of("shop.web."));
        var exception = parse(DEPLOY_1);
        assertThat(ErrorSignature.of(exception, cartOnly)).isNotEqualTo(ErrorSignature.of(exception, webOnly));
        assertThat(ErrorSignature.of(parse(DEPLOY_2), cartOnly)).isEqualTo(ErrorSignature.of(exception, cartOnly));
        assertThat(cartOnly.inApp(new Frame("shop.web.CheckoutController", "pay", "", 1, true))).isFalse();
        assertThat(cartOnly.inApp(new Frame("shop.cart.Coupons", "apply", "", 1, false))).isTrue();
        assertThat(List.of(GroupingSettings.DEFAULTS.version(), cartOnly.version(), webOnly.version())).doesNotHaveDuplicates();
        assertThat(new GroupingSettings(List.of("shop.web.", "shop.web.")).version()).isEqualTo(webOnly.version());
    }

    @Test
    void versionsCarryTheFunctionAndItsSettings() {
        assertThat(ErrorSignature.VERSION >> 20).isEqualTo(ErrorSignature.FUNCTION_VERSION);
        assertThat(ErrorSignature.VERSION).isEqualTo(GroupingSettings.DEFAULTS.version());
        assertThat(GroupingSettings.of(new TenantSpec.Grouping(List.of("shop.", "app.", "shop."))).inAppPrefixes())
                .containsExactly("app.", "shop.");
        assertThat(GroupingSettings.of(null)).isEqualTo(GroupingSettings.DEFAULTS);
        assertThat(GroupingSettings.of(new TenantSpec.Grouping(null))).isEqualTo(GroupingSettings.DEFAULTS);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GroupingSettings.of(new TenantSpec.Grouping(List.of(""))))
                .hasMessageContaining("each prefix must be 1-200 characters");
    }
}
