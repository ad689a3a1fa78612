package dev.debugd.context;

import dev.debugd.config.ConfigHistory;
import dev.debugd.context.snapshot.CodeExcerpts;
import dev.debugd.context.snapshot.Context;
import dev.debugd.integrations.github.CodeHost;
import dev.debugd.integrations.github.GitHubApi;
import dev.debugd.integrations.github.GitHubCredentials;
import dev.debugd.operator.api.v1alpha1.IntegrationSpec;
import dev.debugd.operator.api.v1alpha1.SecretKeyRef;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the code a context holds through the code host of the tenant's GitHub Integration, as recorded when the
 * incident was detected: the files the in-app frames point into, at the commit of the deploy the fault ran, and the
 * change the service's deploy before it made to them. What it cannot read is listed as missing, never guessed; a code
 * host that fails is named in the missing list too, so the context is still built.
 */
public final class CodeReader {


    /** Connects to one repository of a code host. */
    public interface CodeHosts {
        CodeHost connect(URI apiUrl, String repository, GitHubCredentials credentials) throws IOException;
    }

    private final CodeHosts hosts;
    private final Function<SecretKeyRef, Optional<String>> secrets;

    /** @param secrets a credential by the Secret key an Integration names */
    public CodeReader(CodeHosts hosts, Function<SecretKeyRef, Optional<String>> secrets) {
        this.hosts = hosts;
        this.secrets = secrets;
    }

    /**
     * The code for a context; empty when its exceptions have no in-app frame (there is nothing to read) or the tenant has
     * no GitHub Integration that reads code.
     */
    public Optional<Context.Code> read(ConfigHistory history, Instant detectedAt, Context context) {
        boolean inAppFrames = context.exceptions().stream().flatMap(e -> e.frames().stream()).anyMatch(Context.Frame::inApp);
        var integration = ConfigHistory.github(history.asOf(detectedAt))
                .filter(spec -> spec.allows(IntegrationSpec.Feature.CODE_CONTEXT));
        if (!inAppFrames || integration.isEmpty()) {
            return Optional.empty();
        }
        var spec = integration.get();
        var missing = new ArrayList<String>();
        var deploy = CodeExcerpts.deploy(context);
        if (deploy.isEmpty()) {
            missing.add("code: no deploy hash tells which commit the service ran");
            return Optional.of(new Context.Code(spec.repository(), "", List.of(), missing, "", List.of()));
        }
        var apiUrl = GitHubApi.of(spec);
        try {
            var host = hosts.connect(apiUrl, spec.repository(), GitHubCredentials.of(spec, secrets));
            var commit = host.commit(deploy.get());
            if (commit.isEmpty()) {
                missing.add("code: " + spec.repository() + " has no commit " + deploy.get());
                return Optional.of(new Context.Code(spec.repository(), "", List.of(), missing, "", List.of()));
            }
            var wanted = CodeExcerpts.wanted(context, host.paths(commit.get()), missing);
            var files = new ArrayList<Context.CodeFile>();
            for (var file : wanted) {
                var text = host.file(commit.get(), file.path());
                if (text.isPresent()) {
                    files.add(CodeExcerpts.excerpt(file, text.get()));
                } else {
                    missing.add(file.path() + " at " + commit.get());
                }
            }
            var base = "";
            var changes = new ArrayList<Context.CodeChange>();
            var previous = CodeExcerpts.previousDeploy(context, deploy.get());
            if (previous.isPresent() && !files.isEmpty()) {
                var baseCommit = host.commit(previous.get());
                if (baseCommit.isPresent()) {
                    base = baseCommit.get();
                    var paths = files.stream().map(Context.CodeFile::path).toList();
                    for (var change : host.changes(base, commit.get())) {
                        if (paths.contains(change.path()) && change.patch() != null) {
                            changes.add(new Context.CodeChange(change.path(), change.patch()));
                        }
                    }
                }
            }
            return Optional.of(new Context.Code(spec.repository(), commit.get(), files, missing, base, changes));
        } catch (IOException | GitHubCredentials.Missing e) {
            missing.add("code: " + e.getMessage());
            return Optional.of(new Context.Code(spec.repository(), "", List.of(), missing, "", List.of()));
        }
    }

}
