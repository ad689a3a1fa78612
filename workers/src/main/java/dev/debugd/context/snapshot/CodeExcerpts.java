package dev.debugd.context.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which code a context holds (ARCHITECTURE §6): the source around the in-app frames of the incident's exceptions, at
 * the commit of the deploy the fault ran, and the change the deploy before it made to those files. A frame names a
 * file only when exactly one path of the repository ends with what the frame says (never a guess among several). Pure:
 * the context builder's shell does the reading.
 */
public final class CodeExcerpts {

    /** Files read at most, in the order their first frame appears. */
    public static final int MAX_FILES = 5;
    /** Lines kept before and after each frame's line. */
    public static final int AROUND = 20;

    private CodeExcerpts() {}

    /** A file to read, for the in-app frames' lines in it. */
    public record Wanted(String path, List<Integer> lines) {
        public Wanted {
            lines = List.copyOf(new TreeSet<>(lines));
        }
    }

    /**
     * The deploy whose code the fault ran: the one it began with, else the newest deploy the incident's exceptions
     * carry; empty when neither is known.
     */
    public static Optional<String> deploy(Context context) {
        var began = context.deploys().stream().filter(Context.DeploySeen::faultBeganWithIt).map(Context.DeploySeen::deployHash)
                .findFirst();
        if (began.isPresent()) {
            return began;
        }
        var carried = context.exceptions().stream().map(Context.ExceptionSample::deployHash).filter(h -> !h.isEmpty()).toList();
        return context.deploys().stream().filter(d -> carried.contains(d.deployHash()))
                .max(Comparator.comparing(Context.DeploySeen::firstSeen).thenComparing(Context.DeploySeen::deployHash))
                .map(Context.DeploySeen::deployHash);
    }

    /** The service's deploy seen last before this one, whose change to the files the context shows. */
    public static Optional<String> previousDeploy(Context context, String deploy) {
        var seen = context.deploys().stream().filter(d -> d.deployHash().equals(deploy)).findFirst();
        return seen.flatMap(current -> context.deploys().stream().filter(d -> d.firstSeen().isBefore(current.firstSeen()))
                .max(Comparator.comparing(Context.DeploySeen::firstSeen).thenComparing(Context.DeploySeen::deployHash))
                .map(Context.DeploySeen::deployHash));
    }

    /**
     * The files the in-app frames point into, located among the repository's paths, with the frames' lines; frames
     * that locate no single path are listed in {@code missing} as "module.function (file:line)".
     */
    public static List<Wanted> wanted(Context context, List<String> paths, List<String> missing) {
        var byPath = new LinkedHashMap<String, List<Integer>>();
        for (var exception : context.exceptions()) {
            for (var frame : exception.frames()) {
                if (!frame.inApp() || frame.file().isEmpty()) {
                    continue;
                }
                var path = locate(frame, paths);
                if (path.isEmpty()) {
                    var named = frame.module() + "." + frame.function() + " (" + frame.file() + ":" + frame.line() + ")";
                    if (!missing.contains(named)) {
                        missing.add(named);
                    }
                } else if (byPath.containsKey(path.get()) || byPath.size() < MAX_FILES) {
                    byPath.computeIfAbsent(path.get(), p -> new ArrayList<>()).add(frame.line());
                }
            }
        }
        return byPath.entrySet().stream().map(e -> new Wanted(e.getKey(), e.getValue())).toList();
    }

    /**
     * The one repository path a frame points at: the file as the frame gives it when it has directories
     * ({@code app/models/user.rb}, {@code /srv/app/models/user.rb}), matched by its longest tail that exactly one path
     * ends with; or, for a bare file name, the module's package as directories ({@code shop.checkout.Coupons} +
     * {@code Coupons.java} → {@code shop/checkout/Coupons.java}).
     */
    public static Optional<String> locate(Context.Frame frame, List<String> paths) {
        var file = frame.file().replace('\\', '/');
        List<String> segments;
        if (file.contains("/")) {
            segments = List.of(file.replaceFirst("^/+", "").split("/"));
        } else {
            var module = frame.module().split("\\.");
            segments = new ArrayList<>(List.of(module).subList(0, Math.max(0, module.length - 1)));
            segments.add(file);
        }
        // The longest tail first: the most the frame says about where the file is.
        for (int from = 0; from < segments.size(); from++) {
            var tail = String.join("/", segments.subList(from, segments.size()));
            var matches = paths.stream().filter(p -> p.equals(tail) || p.endsWith("/" + tail)).toList();
            if (matches.size() == 1) {
                return Optional.of(matches.get(0));
            }
            if (matches.size() > 1) {
                return Optional.empty(); // several files fit: never guess
            }
        }
        return Optional.empty();
    }

    /** Lines around the frames' lines of a file's text (1-based, inclusive). */
    public static Context.CodeFile excerpt(Wanted wanted, String text) {
        var lines = text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        int first = Math.max(1, wanted.lines().get(0) - AROUND);
        int last = Math.min(count, wanted.lines().get(wanted.lines().size() - 1) + AROUND);
        if (last < first) {
            return new Context.CodeFile(wanted.path(), first, first - 1, wanted.lines(), "");
        }
        var excerpt = new StringBuilder();
        for (int line = first; line <= last; line++) {
            excerpt.append(lines[line - 1]).append('\n');
        }
        return new Context.CodeFile(wanted.path(), first, last, wanted.lines(), excerpt.toString());
    }
}
