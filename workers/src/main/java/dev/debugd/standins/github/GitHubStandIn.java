package dev.debugd.standins.github;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for GitHub's REST API, not GitHub: a local HTTP server that serves the demo repository with GitHub's
 * paths, status codes and response shapes, so the demo and the tests exercise the real client (hub4j
 * {@code github-api}) without reaching github.com.
 *
 * <p>It reads what the code-host adapter asks: the repository, a commit by SHA, abbreviation or branch, a recursive
 * tree, a file's contents, a blob, any branch's ref, a comparison of two commits; {@code /} and {@code /rate_limit}
 * too. It writes as a fix is proposed: blobs, trees, commits and refs through the Git database API, and pull requests
 * that are opened, listed, read, closed and merged (a real merge commit on the base branch) through the pulls API. A
 * merge or a close is delivered as GitHub's {@code pull_request} webhook ({@link #deliverWebhooksTo}), and a reviewer
 * can be had to merge each new pull request after a while ({@link #mergeAfter}). A release can be deployed
 * ({@link #deploy}): the deployment, with its {@code success} status, is delivered as GitHub's {@code deployment_status}
 * webhook and listed by the deployments API. Everything lives in memory.
 *
 * <p>It asks for no credentials unless told to: {@link #requireToken} makes every request but {@code /} and
 * {@code /rate_limit} carry that token, and {@link #requireApp} authenticates a GitHub App as GitHub does, with its JWT
 * for the {@code /app} routes and an installation token issued there for the others; else GitHub's 401. Tokens and
 * JWTs are never logged.
 *
 * <p>Every response carries GitHub's {@code X-RateLimit-*} headers, counted but never enforced; {@link #failNext} turns
 * requests away as GitHub's secondary rate limits do. Every request is kept ({@link #requests}). Unknown paths are
 * GitHub's 404; a method other than GET, POST, PATCH or PUT is 405.
 */
public final class GitHubStandIn implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GitHubStandIn.class);
    private static final String DOCUMENTATION = "https://docs.github.com/rest";
    private static final String SECONDARY_RATE_LIMITS =
            "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits";
    private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "PUT");
    /** The request log's length: enough for any test, and a demo left running does not grow without end. */
    private static final int KEPT_REQUESTS = 10_000;

    /** A request the stand-in received: its method, and its path with the query, if any, decoded. */
    public record Request(String method, String path) {}

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final URI apiUrl;
    private final ResponseShapes shapes;
    private final PullRequestShapes pullRequestShapes;
    private final PullRequests pullRequests;
    private final Deployments deployments;
    private final DeploymentShapes deploymentShapes;
    private final Authentication authentication = new Authentication();
    private final List<Route> routes;
    private final RateLimits limits = new RateLimits();
    private final WebhookSender webhooks = new WebhookSender();
    private final ScheduledExecutorService reviewer = Executors.newSingleThreadScheduledExecutor(task -> {
        var thread = new Thread(task, "github-stand-in-reviewer");
        thread.setDaemon(true);
        return thread;
    });
    private final ArrayDeque<Request> requests = new ArrayDeque<>();
    private volatile Optional<Duration> mergeAfter = Optional.empty();

    private GitHubStandIn(HttpServer server, DemoRepository repository) {
        this.server = server;
        this.apiUrl = URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
        var examples = new Examples(json, apiUrl.toString(), repository.name());
        var reader = new RepositoryReader(repository.repository());
        var writer = new RepositoryWriter(repository.repository(), reader);
        this.shapes = new ResponseShapes(examples);
        this.pullRequestShapes = new PullRequestShapes(examples);
        this.pullRequests = new PullRequests(reader, writer, examples.owner(), this::opened, this::closed);
        this.deployments = new Deployments(reader);
        this.deploymentShapes = new DeploymentShapes(examples);
        var routes = new ArrayList<>(new RepositoryRoutes(repository, reader, writer, shapes).routes());
        routes.addAll(new PullRequestRoutes(repository.name(), pullRequests, pullRequestShapes, shapes).routes());
        routes.addAll(new DeploymentRoutes(repository.name(), deployments, deploymentShapes, shapes).routes());
        routes.addAll(new AppRoutes(authentication, new AppShapes(examples), shapes).routes());
        this.routes = List.copyOf(routes);
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

    /**
     * Requires {@code token} from now on, as {@code Authorization: token …} (or {@code Bearer …}), of every request but
     * {@code GET /} and {@code GET /rate_limit}; any other is GitHub's 401 "Bad credentials". Replaces an earlier token;
     * an app's installation tokens ({@link #requireApp}) are taken too.
     */
    public void requireToken(String token) {
        authentication.requireToken(token);
    }

    /**
     * Authenticates a GitHub App from now on, installed once on the repository's owner, as GitHub does:
     * {@code GET /app}, {@code GET /app/installations/{id}} and {@code POST /app/installations/{id}/access_tokens}
     * take the app's JWT ({@code Authorization: Bearer …}: RS256, verified with {@code publicKey}, {@code iss} the app
     * id, expiring in the future and at most 10 minutes after it was issued), else GitHub's 401; another installation
     * is 404. The last issues an installation token for an hour, which every other request but {@code GET /} and
     * {@code GET /rate_limit} must carry ({@code Authorization: token …} or {@code Bearer …}), else 401
     * "Bad credentials". Replaces an earlier app, whose tokens are then refused.
     */
    public void requireApp(long appId, long installationId, PublicKey publicKey) {
        authentication.requireApp(new Authentication.App(appId, installationId, publicKey));
    }

    /** How many installation tokens the app was issued; a client that caches its token asks for one an hour. */
    public int installationTokensIssued() {
        return authentication.installationTokensIssued();
    }

    /**
     * Records a deployment of a commit to {@code environment} with a {@code success} status, as a deployment tool
     * does through GitHub's deployments API, and delivers GitHub's {@code deployment_status} webhook about it (action
     * {@code created}) to the hook of {@link #deliverWebhooksTo}. {@code GET /deployments} lists it.
     *
     * @param sha a full or abbreviated SHA of a commit of the repository
     * @throws IllegalArgumentException when the repository has no such commit
     */
    public Deployment deploy(String sha, String environment) {
        Deployments.Recorded recorded;
        try {
            recorded = deployments.deploy(sha, environment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo repository", e);
        }
        webhooks.send("deployment_status", "created", () -> new String(
                shapes.bytes(deploymentShapes.statusCreatedEvent(recorded)), StandardCharsets.UTF_8));
        return recorded.deployment();
    }

    /**
     * Answers the next {@code count} requests, whatever their method and path, as GitHub answers a client that went
     * past a secondary rate limit: {@code status} 403 (or 429), a {@code Retry-After} of {@code retryAfter} in whole
     * seconds, and GitHub's message. Replaces what an earlier call still had left.
     */
    public void failNext(int count, int status, Duration retryAfter) {
        limits.refuseNext(count, status, retryAfter);
    }

    /** The requests received, oldest first; the last 10,000. */
    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Delivers the {@code pull_request} and {@code deployment_status} webhooks from now on to {@code url}, signed with
     * {@code secret}, as a repository webhook for those events would; replaces an earlier hook.
     */
    public void deliverWebhooksTo(URI url, String secret) {
        webhooks.deliverTo(url, secret);
    }

    /** The webhook deliveries made, in order, redeliveries included, each once it got its answer or failed. */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks.deliveries();
    }

    /** Sends a delivery again, with the same delivery id and body, as GitHub's "Redeliver" does; in the background. */
    public void redeliver(UUID deliveryId) {
        webhooks.redeliver(deliveryId);
    }

    /**
     * Merges each pull request opened from now on after {@code delay}, as a reviewer would; one that conflicts, or is
     * closed by then, stays as it is.
     */
    public void mergeAfter(Duration delay) {
        mergeAfter = Optional.of(delay);
    }

    /** Every pull request, by number. */
    public List<PullRequest> pullRequests() throws IOException {
        return pullRequests.all();
    }

    /**
     * Merges a pull request as a reviewer would, exactly as {@code PUT /pulls/{n}/merge} does.
     *
     * @throws IllegalStateException with GitHub's message when GitHub would refuse: a conflict, not open, no such number
     */
    public PullRequest merge(int number) throws IOException {
        return pullRequests.merge(number, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Closes a pull request without merging it, as {@code PATCH /pulls/{n}} with {@code state} closed does. */
    public PullRequest closeWithoutMerging(int number) throws IOException {
        return pullRequests.close(number);
    }

    @Override
    public void close() {
        server.stop(0);
        reviewer.shutdownNow();
        webhooks.close();
    }

    private void opened(PullRequest pullRequest) {
        mergeAfter.ifPresent(delay -> reviewer.schedule(() -> review(pullRequest.number()), delay.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    private void closed(PullRequest pullRequest) {
        webhooks.send("pull_request", "closed", () -> new String(
                shapes.bytes(pullRequestShapes.closedEvent(pullRequest, pullRequests.changes(pullRequest))),
                StandardCharsets.UTF_8));
    }

    private void review(int number) {
        try {
            merge(number);
        } catch (GitHubError refused) {
            LOG.info("GitHub stand-in: the reviewer leaves pull request #{} as it is: {}", number, refused.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("GitHub stand-in: the reviewer could not merge pull request #{}", number, e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            var method = exchange.getRequestMethod();
            var uri = exchange.getRequestURI();
            log(new Request(method, uri.getPath() + (uri.getQuery() == null ? "" : "?" + uri.getQuery())));
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "application/json; charset=utf-8");
            var refusal = limits.count(headers);
            Response response;
            if (refusal.isPresent()) {
                response = error(refusal.get().status(), "You have exceeded a secondary rate limit. Please wait a few"
                        + " minutes before you try again.", List.of(), SECONDARY_RATE_LIMITS);
            } else if (!METHODS.contains(method)) {
                headers.set("Allow", "GET, POST, PATCH, PUT");
                response = error(405, "Method Not Allowed", List.of(), DOCUMENTATION);
            } else {
                var authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"));
                response = answer(method, uri.getPath(), uri.getRawQuery(), authorization, exchange.getRequestBody());
            }
            exchange.sendResponseHeaders(response.status(), response.body().length);
            exchange.getResponseBody().write(response.body());
        }
    }

    private Response answer(String method, String path, String rawQuery, Optional<String> authorization,
            InputStream body) {
        try {
            if (method.equals("GET") && path.equals("/")) {
                return new Response(200, shapes.bytes(shapes.root()));
            }
            if (method.equals("GET") && path.equals("/rate_limit")) {
                return new Response(200, shapes.bytes(shapes.rateLimit()));
            }
            authentication.check(path, authorization);
            for (var route : routes) {
                var matcher = route.path().matcher(path);
                if (route.method().equals(method) && matcher.matches()) {
                    try {
                        return route.handler().answer(new Route.Call(matcher, rawQuery, json(body)));
                    } catch (GitHubError e) {
                        // A 404 names GitHub's REST documentation, as the stand-in's 404s of unknown paths do.
                        return error(e.status(), e.getMessage(), e.errors(), e.status() == 404 ? DOCUMENTATION
                                : route.documentation());
                    }
                }
            }
            return error(404, "Not Found", List.of(), DOCUMENTATION);
        } catch (GitHubError unauthenticated) {
            return error(unauthenticated.status(), unauthenticated.getMessage(), List.of(), DOCUMENTATION);
        } catch (IOException | RuntimeException e) {
            return error(500, "stand-in failed: " + e.getMessage(), List.of(), DOCUMENTATION);
        }
    }

    /** A request's JSON body: an empty object when there is none (a GET), GitHub's 400 when it is not JSON. */
    private JsonNode json(InputStream in) throws IOException {
        var bytes = in.readAllBytes();
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            throw new GitHubError(400, "Problems parsing JSON");
        }
    }

    private void log(Request request) {
        synchronized (requests) {
            requests.addLast(request);
            if (requests.size() > KEPT_REQUESTS) {
                requests.removeFirst();
            }
        }
    }

    private Response error(int status, String message, List<Map<String, String>> errors, String documentation) {
        return new Response(status, shapes.error(status, message, errors, documentation));
    }
}
