package dev.debugd.integrations.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.kohsuke.github.GHCompare;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GHTree;
import org.kohsuke.github.GHTreeEntry;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;

/**
 * One repository's code read through GitHub's REST API (hub4j {@code github-api}) at an Integration's API base URL:
 * {@code https://api.github.com}, a GitHub Enterprise Server's {@code /api/v3}, or the local stand-in. Rate and abuse
 * limits fail at once instead of sleeping, so a context build never hangs on them. Error messages name the URL and the
 * repository, never the token.
 */
public final class GitHubCodeHost implements CodeHost {

    /** GitHub's status when the commits API finds no commit for a ref ("No commit found for SHA: …"). */
    private static final int NO_COMMIT_FOR_REF = 422;

    private final GHRepository repository;
    private final URI apiUrl;
    private final GitHubCredentials credentials;

    private GitHubCodeHost(GHRepository repository, URI apiUrl, GitHubCredentials credentials) {
        this.repository = repository;
        this.apiUrl = apiUrl;
        this.credentials = credentials;
    }

    /**
     * Reads the repository once to check it is there and readable.
     *
     * @param repository "owner/name"
     * @param credentials allowed to read the repository
     */
    public static GitHubCodeHost connect(URI apiUrl, String repository, GitHubCredentials credentials) throws IOException {
        try {
            var github = GitHubApi.client(apiUrl, credentials, GitHubRateLimitHandler.FAIL, GitHubAbuseLimitHandler.FAIL);
            return new GitHubCodeHost(github.getRepository(repository), apiUrl, credentials);
        } catch (IOException e) {
            throw failure(apiUrl, credentials, "cannot read repository " + repository, e);
        }
    }

    @Override
    public Optional<String> commit(String ref) throws IOException {
        try {
            return Optional.of(repository.getCommit(ref).getSHA1());
        } catch (GHFileNotFoundException e) {
            return Optional.empty();
        } catch (HttpException e) {
            if (e.getResponseCode() == NO_COMMIT_FOR_REF) {
                return Optional.empty();
            }
            throw failure("cannot resolve " + ref, e);
        } catch (IOException e) {
            throw failure("cannot resolve " + ref, e);
        }
    }

    @Override
    public List<String> paths(String commitSha) throws IOException {
        GHTree tree;
        try {
            tree = repository.getTreeRecursive(commitSha, 1);
        } catch (IOException e) {
            throw failure("cannot list the files of " + commitSha, e);
        }
        if (tree.isTruncated()) {
            throw new IOException("GitHub at " + apiUrl + ": " + repository.getFullName() + ": the tree of " + commitSha
                    + " is too large for one response (truncated)");
        }
        return tree.getTree().stream().filter(entry -> entry.getType().equals("blob")).map(GHTreeEntry::getPath).sorted()
                .toList();
    }

    @Override
    public Optional<String> file(String commitSha, String path) throws IOException {
        try {
            var content = repository.getFileContent(path, commitSha);
            if (!content.isFile()) {
                return Optional.empty();
            }
            try (InputStream in = content.read()) {
                var bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                return Optional.of(bytes.toString(StandardCharsets.UTF_8));
            }
        } catch (GHFileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure("cannot read " + path + " at " + commitSha, e);
        }
    }

    @Override
    public List<FileChange> changes(String baseSha, String headSha) throws IOException {
        try {
            return List.of(repository.getCompare(baseSha, headSha).getFiles()).stream()
                    .map(file -> new FileChange(file.getFileName(), file.getStatus(), file.getPatch()))
                    .sorted(Comparator.comparing(FileChange::path))
                    .toList();
        } catch (IOException e) {
            throw failure("cannot compare " + baseSha + "..." + headSha, e);
        }
    }

    @Override
    public boolean contains(String ref, String ancestorSha) throws IOException {
        try {
            // base...head: "ahead" or "identical" when head has every commit of base.
            var status = repository.getCompare(ancestorSha, ref).getStatus();
            return status == GHCompare.Status.ahead || status == GHCompare.Status.identical;
        } catch (GHFileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw failure("cannot compare " + ancestorSha + "..." + ref, e);
        }
    }

    private IOException failure(String what, IOException cause) {
        return failure(apiUrl, credentials, repository.getFullName() + ": " + what, cause);
    }

    /** An IOException naming what failed; the secret, should any message carry it, is masked and its cause dropped. */
    private static IOException failure(URI apiUrl, GitHubCredentials credentials, String what, IOException cause) {
        var message = "GitHub at " + apiUrl + ": " + what + ": " + cause.getMessage();
        var secret = credentials.secret();
        if (secret.isPresent() && !secret.get().isEmpty() && mentions(cause, secret.get())) {
            return new IOException(message.replace(secret.get(), "***"));
        }
        return new IOException(message, cause);
    }

    private static boolean mentions(Throwable error, String token) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e.getMessage() != null && e.getMessage().contains(token)) {
                return true;
            }
        }
        return false;
    }
}
