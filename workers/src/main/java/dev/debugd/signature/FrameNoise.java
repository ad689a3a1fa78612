package dev.debugd.signature;

import dev.debugd.evidence.ExceptionEvent.Frame;
import java.util.regex.Pattern;

/**
 * What of a stack frame stays the same from one build to the next. Generated classes (lambdas' hidden classes,
 * proxies, reflection and bytecode accessors, CGLIB and ByteBuddy subclasses) are noise and drop out; numbered
 * parts of names (anonymous classes, lambda bodies, closures) and releases in module names ({@code runner-4.1.7})
 * lose their numbers. Line numbers, columns and addresses never count. Pure.
 */
public final class FrameNoise {

    /** Frames of classes made at run time: not the application's code, and named differently on every start. */
    private static final Pattern GENERATED = Pattern.compile(
            "\\$\\$Lambda|\\$Proxy\\d|^jdk\\.proxy\\d|GeneratedMethodAccessor\\d|GeneratedConstructorAccessor\\d"
                    + "|GeneratedSerializationConstructorAccessor|DirectMethodHandle\\$Holder|LambdaForm\\$"
                    + "|\\$\\$EnhancerBy|\\$\\$FastClassBy|\\$\\$SpringCGLIB|\\$HibernateProxy\\$|\\$ByteBuddy\\$");
    /** Synthetic accessors the compiler adds for nested classes. */
    private static final Pattern SYNTHETIC = Pattern.compile("access\\$\\d+");
    /** Numbers that name generated pieces: Outer$1, lambda$main$0, Go's func1, C#'s <Main>b__0_0 and DisplayClass3_0. */
    private static final Pattern NUMBERED = Pattern.compile("\\$\\d+|__\\d+(_\\d+)?|DisplayClass\\d+(_\\d+)?|\\.func\\d+|`\\d+|#\\d+");

    /** A release in a module's name (runner-4.1.7, lib@2.3.0, v1.12): the next release is the same code's name. */
    private static final Pattern RELEASE = Pattern.compile("[-_.@]v?\\d+(?:\\.\\d+)+");

    private FrameNoise() {}

    /** Whether the frame is generated or synthetic: left out of a signature altogether. */
    public static boolean isNoise(Frame frame) {
        return GENERATED.matcher(frame.module()).find() || SYNTHETIC.matcher(frame.function()).matches();
    }

    /** "module.function" with generated numbering removed. */
    public static String normalized(Frame frame) {
        var module = NUMBERED.matcher(RELEASE.matcher(frame.module()).replaceAll("")).replaceAll("");
        var function = NUMBERED.matcher(frame.function()).replaceAll("");
        return module.isEmpty() ? function : module + "." + function;
    }
}
