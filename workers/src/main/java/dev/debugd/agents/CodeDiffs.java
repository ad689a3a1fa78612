package dev.debugd.agents;

import com.github.difflib.patch.PatchFailedException;
import com.github.difflib.unifieddiff.UnifiedDiffFile;
import com.github.difflib.unifieddiff.UnifiedDiffReader;
import dev.debugd.context.snapshot.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Unified diffs against the code a context holds: the revert of the hunk a deploy changed around a failing line, and
 * the check that a diff applies to the context's code. A fix's diff is only ever offered when it applies there (issue
 * 19: never an invented diff). Pure.
 */
public final class CodeDiffs {

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@(.*)$");

    private CodeDiffs() {}

    /**
     * The diff that undoes the hunk of {@code path}'s change (from the context's base to its commit) that covers
     * {@code line} of the file at the commit; empty when the context holds no such change.
     */
    public static Optional<String> revertHunkAt(Context.Code code, String path, int line) {
        var change = code.changes().stream().filter(c -> c.path().equals(path)).findFirst();
        if (change.isEmpty()) {
            return Optional.empty();
        }
        var lines = change.get().patch().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            var header = HUNK.matcher(lines[i]);
            if (!header.matches()) {
                continue;
            }
            int oldStart = Integer.parseInt(header.group(1));
            int oldCount = header.group(2) == null ? 1 : Integer.parseInt(header.group(2));
            int newStart = Integer.parseInt(header.group(3));
            int newCount = header.group(4) == null ? 1 : Integer.parseInt(header.group(4));
            var body = new ArrayList<String>();
            for (int j = i + 1; j < lines.length && !lines[j].startsWith("@@"); j++) {
                body.add(lines[j]);
            }
            if (line < newStart || line >= newStart + newCount) {
                continue;
            }
            // The commit's side becomes the one to change: its lines are taken out, the base's come back.
            var diff = new StringBuilder("--- a/" + path + "\n+++ b/" + path + "\n");
            diff.append("@@ -").append(newStart).append(',').append(newCount).append(" +").append(newStart).append(',')
                    .append(oldCount).append(" @@").append(header.group(5)).append('\n');
            var removed = new ArrayList<String>();
            var added = new ArrayList<String>();
            for (var bodyLine : body) {
                if (bodyLine.startsWith("+")) {
                    removed.add("-" + bodyLine.substring(1));
                } else if (bodyLine.startsWith("-")) {
                    added.add("+" + bodyLine.substring(1));
                } else if (bodyLine.startsWith(" ") || bodyLine.isEmpty()) {
                    flush(diff, removed, added);
                    diff.append(bodyLine.isEmpty() ? " " : bodyLine).append('\n');
                }
            }
            flush(diff, removed, added);
            // A trailing empty line of the patch text is its final line break, not a context line.
            var text = diff.toString().replaceAll("\n \n$", "\n");
            return Optional.of(text);
        }
        return Optional.empty();
    }

    private static void flush(StringBuilder diff, List<String> removed, List<String> added) {
        removed.forEach(l -> diff.append(l).append('\n'));
        added.forEach(l -> diff.append(l).append('\n'));
        removed.clear();
        added.clear();
    }

    /**
     * Whether a unified diff applies to the code in the context: every file it changes is one of the context's, and
     * every hunk's lines are found among the lines the context holds of it (lines outside the excerpt never match).
     */
    public static boolean appliesTo(String diff, Context.Code code) {
        try {
            var parsed = UnifiedDiffReader.parseUnifiedDiff(new ByteArrayInputStream(diff.getBytes(StandardCharsets.UTF_8)));
            if (parsed.getFiles().isEmpty()) {
                return false;
            }
            for (var file : parsed.getFiles()) {
                var path = strip(file.getFromFile());
                var held = code.files().stream().filter(f -> f.path().equals(path)).findFirst();
                if (held.isEmpty() || !path.equals(strip(file.getToFile())) || file.getPatch().getDeltas().isEmpty()) {
                    return false;
                }
                file.getPatch().applyTo(linesAsHeld(held.get()));
            }
            return true;
        } catch (IOException | PatchFailedException | RuntimeException e) { // RuntimeException: a diff that does not parse
            return false;
        }
    }

    /**
     * The files a unified diff changes, each with its new text: the diff applied to the whole of each file as
     * {@code files} gives it (its text at the commit the diff was made against). Throws IllegalArgumentException, naming
     * the file, when the diff does not parse, renames a file, or does not apply.
     */
    public static Map<String, String> apply(String diff, Function<String, Optional<String>> files) {
        List<UnifiedDiffFile> parsed;
        try {
            parsed = UnifiedDiffReader.parseUnifiedDiff(new ByteArrayInputStream(diff.getBytes(StandardCharsets.UTF_8))).getFiles();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the diff does not parse: " + e.getMessage());
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("the diff changes no file");
        }
        var changed = new LinkedHashMap<String, String>();
        for (var file : parsed) {
            var path = strip(file.getFromFile());
            if (!path.equals(strip(file.getToFile()))) {
                throw new IllegalArgumentException("the diff renames " + path + "; only changes in place are applied");
            }
            var text = files.apply(path).orElseThrow(() -> new IllegalArgumentException("no file " + path + " to apply the diff to"));
            boolean finalBreak = text.endsWith("\n");
            var body = finalBreak ? text.substring(0, text.length() - 1) : text;
            try {
                var lines = file.getPatch().applyTo(body.isEmpty() ? List.of() : List.of(body.split("\n", -1)));
                changed.put(path, String.join("\n", lines) + (finalBreak ? "\n" : ""));
            } catch (PatchFailedException e) {
                throw new IllegalArgumentException("the diff does not apply to " + path + ": " + e.getMessage());
            }
        }
        return changed;
    }

    /** The file's lines as far as the context knows them: the excerpt in place, unknown lines before it. */
    private static List<String> linesAsHeld(Context.CodeFile file) {
        var lines = new ArrayList<String>();
        for (int i = 1; i < file.startLine(); i++) {
            lines.add("\u0000unknown line " + i); // matches no line a diff can name
        }
        var text = file.text().endsWith("\n") ? file.text().substring(0, file.text().length() - 1) : file.text();
        if (!text.isEmpty()) {
            lines.addAll(List.of(text.split("\n", -1)));
        }
        return lines;
    }

    private static String strip(String path) {
        return path == null ? "" : path.replaceFirst("^[ab]/", "");
    }
}
