package dev.debugd.standins.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for GitHub's REST API, not GitHub: a local HTTP server that serves the demo repository read-only, with
 * GitHub's paths, status codes and response shapes, so the demo and the tests exercise the real client (hub4j
 * {@code github-api}) without reaching github.com. It answers what the code-host adapter asks: the repository, a
 * commit by SHA, abbreviation or branch, a recursive tree, a file's contents, a blob, the branch's ref and a
 * comparison of two commits; {@code /} and {@code /rate_limit} too. Anything else is GitHub's 404; any method but GET
 * is 405.
 */
public final class GitHubStandIn implements AutoCloseable {

    private static final String DOCUMENTATION = "https://docs.github.com/rest";
    private static final String COMMIT_DOCUMENTATION = "https://docs.github.com/rest/commits/commits#get-a-commit";

    private final HttpServer server;
    private final URI apiUrl;
    private final DemoRepository repository;
    private final RepositoryReader reader;
    private final ResponseShapes shapes;

    private record Response(int status, byte[] body) {}

    private GitHubStandIn(HttpServer server, DemoRepository repository) {
        this.server = server;
        this.apiUrl = URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
        this.repository = repository;
        this.reader = new RepositoryReader(repository.repository());
        this.shapes = new ResponseShapes(JsonMapper.builder().build(), apiUrl.toString(), repository.name());
    }

    /** Serves the repository on the loopback interface; port 0 takes a free port. */
    public static GitHubStandIn start(DemoRepository repository, int port) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        var standIn = new GitHubStandIn(server, repository);
        server.createContext("/", standIn::serve);
        server.start();
        return standIn;
    }

    /** The API base URL, as an Integration's {@code apiUrl} names it (GitHub's is https://api.github.com). */
    public URI apiUrl() {
        return apiUrl;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = exchange.getRequestMethod().equals("GET")
                        ? route(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery())
                        : error(405, "Method Not Allowed", DOCUMENTATION);
            } catch (IOException | RuntimeException e) {
                response = error(500, "stand-in failed: " + e.getMessage(), DOCUMENTATION);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            if (response.status() == 405) {
                exchange.getResponseHeaders().set("Allow", "GET");
            }
            exchange.sendResponseHeaders(response.status(), response.body().length);
            exchange.getResponseBody().write(response.body());
        }
    }

    private Response route(String path, String query) throws IOException {
        if (path.equals("/")) {
            return ok(shapes.root());
        }
        if (path.equals("/rate_limit")) {
            return ok(shapes.rateLimit());
        }
        var prefix = "/repos/" + repository.name();
        if (!path.equals(prefix) && !path.startsWith(prefix + "/")) {
            return notFound();
        }
        var rest = path.substring(prefix.length());
        if (rest.isEmpty()) {
            return repository();
        }
        if (rest.startsWith("/commits/")) {
            return commit(rest.substring("/commits/".length()));
        }
        if (rest.startsWith("/git/trees/")) {
            return tree(rest.substring("/git/trees/".length()), parameter(query, "recursive").isPresent());
        }
        if (rest.startsWith("/git/blobs/")) {
            return reader.blob(rest.substring("/git/blobs/".length())).map(blob -> ok(shapes.blob(blob))).orElseGet(this::notFound);
        }
        if (rest.startsWith("/git/ref/") || rest.startsWith("/git/refs/")) {
            return ref("refs/" + rest.substring(rest.indexOf('/', "/git/".length()) + 1));
        }
        if (rest.startsWith("/contents/")) {
            return content(rest.substring("/contents/".length()), parameter(query, "ref").orElse(DemoRepository.BRANCH));
        }
        if (rest.startsWith("/compare/")) {
            return compare(rest.substring("/compare/".length()));
        }
        return notFound();
    }

    private Response repository() throws IOException {
        var releases = repository.releases();
        var first = reader.commit(releases.get(0)).orElseThrow();
        var last = reader.commit(releases.get(releases.size() - 1)).orElseThrow();
        return ok(shapes.repository(DemoRepository.BRANCH, first.committedAt(), last.committedAt()));
    }

    /** GitHub answers 422 "No commit found for SHA: …" when a ref names no commit. */
    private Response commit(String ref) throws IOException {
        var commit = reader.commit(ref);
        if (commit.isEmpty()) {
            return error(422, "No commit found for SHA: " + ref, COMMIT_DOCUMENTATION);
        }
        var parentTree = commit.get().parents().isEmpty() ? Optional.<String>empty()
                : Optional.of(reader.commit(commit.get().parents().get(0)).orElseThrow().treeSha());
        return ok(shapes.commit(commit.get(), reader.diff(parentTree, commit.get().treeSha())));
    }

    private Response tree(String treeIsh, boolean recursive) throws IOException {
        var tree = reader.treeSha(treeIsh);
        if (tree.isEmpty()) {
            return notFound();
        }
        return ok(shapes.tree(tree.get(), reader.tree(tree.get(), recursive)));
    }

    private Response ref(String ref) throws IOException {
        if (!ref.equals("refs/heads/" + DemoRepository.BRANCH)) {
            return notFound();
        }
        return ok(shapes.ref(ref, reader.commit(DemoRepository.BRANCH).orElseThrow().sha()));
    }

    private Response content(String path, String ref) throws IOException {
        return reader.file(ref, path).map(blob -> ok(shapes.content(path, ref, blob))).orElseGet(this::notFound);
    }

    private Response compare(String basehead) throws IOException {
        int dots = basehead.indexOf("...");
        if (dots < 0) {
            return notFound();
        }
        var base = reader.commit(basehead.substring(0, dots));
        var head = reader.commit(basehead.substring(dots + 3));
        if (base.isEmpty() || head.isEmpty()) {
            return notFound();
        }
        var ahead = reader.between(base.get().sha(), head.get().sha());
        int behindBy = reader.between(head.get().sha(), base.get().sha()).size();
        var files = reader.diff(Optional.of(base.get().treeSha()), head.get().treeSha());
        return ok(shapes.compare(basehead, base.get(), ahead, behindBy, files));
    }

    private Response ok(JsonNode body) {
        return new Response(200, shapes.bytes(body));
    }

    private Response notFound() {
        return error(404, "Not Found", DOCUMENTATION);
    }

    private Response error(int status, String message, String documentationUrl) {
        return new Response(status, shapes.error(status, message, documentationUrl));
    }

    private static Optional<String> parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return Optional.empty();
        }
        for (var pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            var key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
