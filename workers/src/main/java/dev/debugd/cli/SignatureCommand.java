package dev.debugd.cli;

import dev.debugd.ingest.IngestBody;
import dev.debugd.signature.ErrorSignature;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "signature", mixinStandardHelpOptions = true, versionProvider = SignatureCommand.Version.class,
        description = {"Reads events from standard input, one per line, and prints exactly one error signature per line on "
            + "standard output, nothing else. A line that is a JSON exception record (as in POST /v1/ingest: type, message, "
            + "frames, causes or stacktrace) gets an exception signature; any other line is a message and gets the "
            + "signature of its template. Problems go to standard error and never stop the next lines.",
            "--version prints the signature_version of these signatures."})
final class SignatureCommand implements Callable<Integer> {

    /** signature_version: the function's version and a hash of its settings. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {String.valueOf(ErrorSignature.VERSION)};
        }
    }

    @Override
    public Integer call() throws Exception {
        var out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
        var records = new IngestBody();
        long number = 0;
        for (String line; (line = in.readLine()) != null; ) {
            number++;
            out.println(signature(records, line, number));
        }
        out.flush();
        return 0;
    }

    private static String signature(IngestBody records, String line, long number) {
        var trimmed = line.strip();
        if (trimmed.startsWith("{")) {
            try {
                return ErrorSignature.of(records.exception(trimmed));
            } catch (IllegalArgumentException e) {
                System.err.println("signature: line " + number + " is not a JSON exception record (" + e.getMessage()
                        + "); signed as a message");
            }
        }
        return ErrorSignature.ofMessage(line);
    }
}
