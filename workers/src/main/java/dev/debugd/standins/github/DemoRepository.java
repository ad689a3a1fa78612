package dev.debugd.standins.github;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;

/**
 * The demo shop's repository, built in memory from {@code standins/github/demo-repository/} with fixed authors and
 * times, so its SHAs are the same on every run and machine. Its code is what the traffic generator's stack traces
 * point at: every service's {@code Handler.handle} at line 40 + its index, and the defects four releases brought, each
 * to one service, where the code before it was right ({@link #faultyRelease(String)}).
 */
public final class DemoRepository {

    public static final String BRANCH = "main";
    /** The services a release brought a defect to, in the order of those releases (commits.txt): checkout's is the last. */
    public static final List<String> FAULTY_SERVICES = List.of("payments", "inventory", "accounts", "checkout");
    /** Where the faulty releases start among the commits. */
    private static final int FIRST_FAULTY = 4;
    private static final String NAME = "acme/shop";
    private static final String FOLDER = "/standins/github/demo-repository/";
    private static final Instant FIRST_COMMIT_TIME = Instant.parse("2026-01-05T09:00:00Z");
    private static final String AUTHOR_NAME = "debugd demo";
    private static final String AUTHOR_EMAIL = "demo@debugd.invalid";

    private final Repository repository;
    private final List<String> releases;

    private DemoRepository(Repository repository, List<String> releases) {
        this.repository = repository;
        this.releases = releases;
    }

    /** One commit of the index: the folder holding the files it adds or changes, its message and those files. */
    private record Step(String folder, String message, List<String> paths) {}

    public static DemoRepository build() {
        var repository = new InMemoryRepository(new DfsRepositoryDescription(NAME));
        var files = new TreeMap<String, byte[]>();
        var releases = new ArrayList<String>();
        ObjectId parent = null;
        try (ObjectInserter inserter = repository.newObjectInserter()) {
            var steps = steps();
            for (int n = 0; n < steps.size(); n++) {
                var step = steps.get(n);
                for (var path : step.paths()) {
                    files.put(path, resource(step.folder() + "/" + path));
                }
                var when = author(FIRST_COMMIT_TIME.plusSeconds(3600L * n));
                var commit = new CommitBuilder();
                commit.setTreeId(writeTree(files, inserter));
                if (parent != null) {
                    commit.setParentId(parent);
                }
                commit.setAuthor(when);
                commit.setCommitter(when);
                commit.setMessage(step.message() + "\n");
                parent = inserter.insert(commit);
                releases.add(parent.name());
            }
            inserter.flush();
            var update = repository.updateRef(Constants.R_HEADS + BRANCH);
            update.setNewObjectId(parent);
            expect(update.update(), RefUpdate.Result.NEW);
            expect(repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + BRANCH), RefUpdate.Result.NEW);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the demo repository", e);
        }
        return new DemoRepository(repository, List.copyOf(releases));
    }

    /** "owner/name", as GitHub names it. */
    public String name() {
        return NAME;
    }

    /** Every commit, oldest first: each was deployed as a release. */
    public List<String> releases() {
        return releases;
    }

    /** The release that brought the NullPointerException in {@code Coupons.apply}: checkout's, main's head. */
    public String faultyRelease() {
        return faultyRelease("checkout");
    }

    /** The release before checkout's faulty one: its {@code Coupons.apply} has the null guard. */
    public String previousRelease() {
        return releases.get(releases.size() - 2);
    }

    /** The releases before the first faulty one: deploying them brings no new error. */
    public List<String> benignReleases() {
        return releases.subList(0, FIRST_FAULTY);
    }

    /**
     * The release that brought a service's defect: checkout's {@code Coupons.apply:88}, payments'
     * {@code Refunds.split:41}, inventory's {@code Stock.available:32}, accounts' {@code Sessions.latest:34}.
     */
    public String faultyRelease(String service) {
        int index = FAULTY_SERVICES.indexOf(service);
        if (index < 0) {
            throw new IllegalArgumentException("no faulty release of " + service + "; there are " + FAULTY_SERVICES);
        }
        return releases.get(FIRST_FAULTY + index);
    }

    /**
     * The JGit repository. The GitHub stand-in writes to it (branches, commits, merges into main), so each stand-in
     * whose writes must not be seen by others gets a repository built for it.
     */
    public Repository repository() {
        return repository;
    }

    private static ObjectId writeTree(Map<String, byte[]> files, ObjectInserter inserter) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (var file : files.entrySet()) {
            var entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
            builder.add(entry);
        }
        builder.finish();
        return index.writeTree(inserter);
    }

    /** Reads {@code commits.txt}: "folder: message" lines, each followed by its files, indented. */
    private static List<Step> steps() {
        var steps = new ArrayList<Step>();
        for (var line : new String(resource("commits.txt"), StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(" ")) {
                steps.get(steps.size() - 1).paths().add(line.strip());
            } else {
                int colon = line.indexOf(": ");
                steps.add(new Step(line.substring(0, colon), line.substring(colon + 2), new ArrayList<>()));
            }
        }
        return steps;
    }

    private static byte[] resource(String path) {
        try (InputStream in = DemoRepository.class.getResourceAsStream(FOLDER + path)) {
            if (in == null) {
                throw new IllegalStateException("missing demo repository file " + FOLDER + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expect(RefUpdate.Result actual, RefUpdate.Result expected) {
        if (actual != expected) {
            throw new IllegalStateException("ref update gave " + actual + ", expected " + expected);
        }
    }

    /** The demo author, who is also the committer, at a given time in UTC. */
    private static PersonIdent author(Instant when) {
        return new PersonIdent(AUTHOR_NAME, AUTHOR_EMAIL, when, ZoneOffset.UTC);
    }
}
