package dev.debugd.cli;

import dev.debugd.ingest.IngestBody;
import dev.debugd.signature.ErrorSignature;
import dev.debugd.signature.GroupingSettings;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "signature",
        description = {"Reads events from standard input, one per line, and prints exactly one error signature per line on "
            + "standard output, nothing else. A line that is a JSON exception record (as in POST /v1/ingest: type, message, "
            + "frames, causes or stacktrace) gets an exception signature; any other line is a message and gets the "
            + "signature of its template. Problems go to standard error and never stop the next lines.",
            "--version prints the signature_version of these signatures: the function's version and a hash of the settings."})
final class SignatureCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--version", description = "Print the signature_version (with these settings) and exit.")
    boolean version;

    @Option(names = "--in-app-prefix", description = "A module prefix of the application's own code (repeatable; as a Tenant's"
            + " spec.grouping.inAppPrefixes). Without any, frames of runtimes and well-known libraries are not the application's.")
    List<String> inAppPrefixes = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        var settings = new GroupingSettings(inAppPrefixes);
        if (version) {
            System.out.println(settings.version());
            return 0;
        }
        var out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        var in = new BufferedInputStream(System.in, 1 << 16);
        var records = new IngestBody();
        var line = new ByteArrayOutputStream();
        long number = 0;
        // Lines end at '\n' only (a '\r' before it is dropped): a stray '\r' inside a line does not make two.
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                out.println(signature(records, settings, text(line), ++number));
                line.reset();
            } else {
                line.write(b);
            }
        }
        if (line.size() > 0) {
            out.println(signature(records, settings, text(line), ++number));
        }
        out.flush();
        return 0;
    }

    /** The line's text; bytes that are not UTF-8 become U+FFFD. */
    private static String text(ByteArrayOutputStream line) {
        var text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static String signature(IngestBody records, GroupingSettings settings, String line, long number) {
        var trimmed = line.strip();
        if (trimmed.startsWith("{")) {
            try {
                return ErrorSignature.of(records.exception(trimmed), settings);
            } catch (IllegalArgumentException e) {
                System.err.println("signature: line " + number + " is not a JSON exception record (" + e.getMessage()
                        + "); signed as a message");
            }
        }
        return ErrorSignature.ofMessage(line);
    }
}
