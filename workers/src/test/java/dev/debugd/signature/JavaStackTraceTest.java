package dev.debugd.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.debugd.evidence.ExceptionEvent.Frame;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class JavaStackTraceTest {

    @Test
    void readsTheTextThatPrintStackTraceWrites() {
        var thrown = new IllegalStateException("pool exhausted", new java.net.SocketTimeoutException("connect timed out"));
        var text = new StringWriter();
        thrown.printStackTrace(new PrintWriter(text));

        var parsed = JavaStackTrace.parse(text.toString());
        assertThat(parsed.type()).isEqualTo("java.lang.IllegalStateException");
        assertThat(parsed.message()).isEqualTo("pool exhausted");
        assertThat(parsed.frames()).isNotEmpty();
        assertThat(parsed.frames().get(0).module()).isEqualTo(JavaStackTraceTest.class.getName());
        assertThat(parsed.frames().get(0).function()).isEqualTo("readsTheTextThatPrintStackTraceWrites");
        assertThat(parsed.frames().get(0).file()).isEqualTo("JavaStackTraceTest.java");
        assertThat(parsed.frames().get(0).line()).isPositive();
        assertThat(parsed.frames().get(0).inApp()).isTrue();
        assertThat(parsed.frames()).anyMatch(frame -> !frame.inApp());
        assertThat(parsed.causes()).extracting(c -> c.type() + ": " + c.message())
                .containsExactly("java.net.SocketTimeoutException: connect timed out");
    }

    @Test
    void framesWithModulesNativeMethodsAndNoMessage() {
        var parsed = JavaStackTrace.parse("""
                shop.CartException
                \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(Native Method)
                \tat shop.Cart$$Lambda$14/0x0000000800c03000.apply(Unknown Source)
                """);
        assertThat(parsed.type()).isEqualTo("shop.CartException");
        assertThat(parsed.message()).isEmpty();
        assertThat(parsed.frames()).containsExactly(
                new Frame("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", "", 0, false),
                new Frame("shop.Cart$$Lambda$14/0x0000000800c03000", "apply", "", 0, true));
    }

    @Test
    void textThatIsNoStackTraceHasNoType() {
        assertThat(JavaStackTrace.parse("").type()).isEmpty();
        assertThat(JavaStackTrace.parse("something went wrong, see above").type()).isEmpty();
    }
}
