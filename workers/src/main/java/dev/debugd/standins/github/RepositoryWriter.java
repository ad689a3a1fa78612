package dev.debugd.standins.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What the GitHub stand-in writes to the JGit repository, as GitHub's Git database API and its merge button do:
 * blobs, trees on top of a base tree, commits, refs, and three-way merges. A request GitHub would refuse is a
 * {@link GitHubError} with GitHub's message.
 */
final class RepositoryWriter {

    /**
     * One entry of a tree to create, as GitHub's {@code POST /git/trees} takes it: a file's content, an object's SHA,
     * or neither (GitHub's {@code "sha": null}) to delete the path.
     *
     * @param mode {@code 100644}, {@code 100755}, {@code 120000}, {@code 040000} or {@code 160000}
     */
    record TreeEntry(String path, String mode, Optional<String> sha, Optional<String> content) {}

    /** A commit's author or committer as GitHub's API gives one: a name, an e-mail and a time. */
    record Person(String name, String email, Instant when) {

        /** A GitHub user under the no-reply address GitHub gives those who keep theirs private. */
        static Person user(String login, Instant when) {
            return new Person(login, login + "@users.noreply.github.com", when);
        }

        /** GitHub itself, which commits what its merge button merges. */
        static Person gitHub(Instant when) {
            return new Person("GitHub", "noreply@github.com", when);
        }

        PersonIdent ident() {
            return new PersonIdent(name, email, when, ZoneOffset.UTC);
        }
    }

    private static final Map<String, FileMode> MODES = Map.of("100644", FileMode.REGULAR_FILE, "100755",
            FileMode.EXECUTABLE_FILE, "120000", FileMode.SYMLINK, "040000", FileMode.TREE, "160000", FileMode.GITLINK);

    private final Repository repository;
    private final RepositoryReader reader;
    /**
     * Trial merges by "ours theirs": the merged tree, or empty on a conflict. A pull request's mergeability is shown on
     * every read of it, and merging it must give the same tree; each merge is worked out once.
     */
    private final Map<String, Optional<String>> merges = new ConcurrentHashMap<>();

    RepositoryWriter(Repository repository, RepositoryReader reader) {
        this.repository = repository;
        this.reader = reader;
    }

    String blob(byte[] content) throws IOException {
        try (var inserter = repository.newObjectInserter()) {
            var id = inserter.insert(Constants.OBJ_BLOB, content);
            inserter.flush();
            return id.name();
        }
    }

    /** A tree: the base tree's files (none without one) with the entries' paths set or deleted, sub-trees as needed. */
    String tree(Optional<String> baseTree, List<TreeEntry> entries) throws IOException {
        if (entries.isEmpty()) {
            throw new GitHubError(422, "Invalid tree info");
        }
        var files = new TreeMap<String, DirCacheEntry>();
        if (baseTree.isPresent()) {
            var base = reader.objectOfType(baseTree.get(), Constants.OBJ_TREE)
                    .orElseThrow(() -> new GitHubError(422, "base_tree is not a valid tree oid"));
            addFiles(files, "", base);
        }
        for (var entry : entries) {
            var mode = MODES.get(entry.mode());
            boolean folderOrSubmodule = mode == FileMode.TREE || mode == FileMode.GITLINK;
            if (mode == null || !validPath(entry.path()) || entry.content().isPresent() && folderOrSubmodule
                    || mode == FileMode.GITLINK && entry.sha().filter(sha -> !ObjectId.isId(sha)).isPresent()) {
                throw new GitHubError(422, "Invalid tree info");
            }
            remove(files, entry.path());
            if (entry.content().isPresent()) {
                var blob = blob(entry.content().get().getBytes(StandardCharsets.UTF_8));
                files.put(entry.path(), file(entry.path(), mode, ObjectId.fromString(blob)));
            } else if (entry.sha().isPresent()) {
                put(files, entry.path(), mode, entry.sha().get());
            }
        }
        var index = DirCache.newInCore();
        var builder = index.builder();
        files.values().forEach(builder::add);
        builder.finish();
        try (var inserter = repository.newObjectInserter()) {
            var tree = index.writeTree(inserter);
            inserter.flush();
            return tree.name();
        }
    }

    String commit(String message, String treeSha, List<String> parents, Person author, Person committer)
            throws IOException {
        var tree = reader.objectOfType(treeSha, Constants.OBJ_TREE)
                .orElseThrow(() -> new GitHubError(422, "Tree SHA does not exist"));
        var commit = new CommitBuilder();
        commit.setTreeId(tree);
        for (var parent : parents) {
            commit.addParentId(reader.objectOfType(parent, Constants.OBJ_COMMIT)
                    .orElseThrow(() -> new GitHubError(422, "Parent SHA does not exist or is not a commit object")));
        }
        commit.setAuthor(author.ident());
        commit.setCommitter(committer.ident());
        commit.setMessage(message);
        try (var inserter = repository.newObjectInserter()) {
            var id = inserter.insert(commit);
            inserter.flush();
            return id.name();
        }
    }

    /** @param name a full ref name, {@code refs/heads/…} */
    void createRef(String name, String sha) throws IOException {
        if (!name.startsWith(Constants.R_REFS) || name.indexOf('/', Constants.R_REFS.length()) < 0
                || !Repository.isValidRefName(name)) {
            throw new GitHubError(422, "Reference name is invalid");
        }
        var update = repository.updateRef(name);
        update.setNewObjectId(commitId(sha));
        update.setExpectedOldObjectId(ObjectId.zeroId());
        var result = update.update();
        if (result != RefUpdate.Result.NEW) {
            throw new GitHubError(422, "Reference already exists");
        }
    }

    /** Moves a ref; without force only forward, to a descendant of where it is, as GitHub allows. */
    void updateRef(String name, String sha, boolean force) throws IOException {
        var old = reader.ref(name).orElseThrow(() -> new GitHubError(422, "Reference does not exist"));
        moveRef(name, old, commitId(sha), force);
    }

    /**
     * The tree of merging {@code theirs} into {@code ours}, as JGit's in-core recursive merge gives it; empty when
     * they conflict.
     */
    Optional<String> mergeTree(String oursSha, String theirsSha) {
        return merges.computeIfAbsent(oursSha + " " + theirsSha, key -> {
            try {
                var merger = MergeStrategy.RECURSIVE.newMerger(repository, true);
                return merger.merge(ObjectId.fromString(oursSha), ObjectId.fromString(theirsSha))
                        ? Optional.of(merger.getResultTreeId().name()) : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A merge commit of {@code theirs} into the branch, whose parents are the branch's head and {@code theirs}, and the
     * branch moved to it; empty when they conflict.
     *
     * @throws GitHubError 405 when the branch moved meanwhile, as GitHub says when a push beats its merge
     */
    Optional<String> merge(String branch, String oursSha, String theirsSha, String message, Person author, Person committer)
            throws IOException {
        var tree = mergeTree(oursSha, theirsSha);
        if (tree.isEmpty()) {
            return Optional.empty();
        }
        var merge = commit(message, tree.get(), List.of(oursSha, theirsSha), author, committer);
        try {
            moveRef(Constants.R_HEADS + branch, oursSha, ObjectId.fromString(merge), false);
        } catch (GitHubError moved) {
            throw new GitHubError(405, "Base branch was modified. Review and try the merge again.");
        }
        return Optional.of(merge);
    }

    private void moveRef(String name, String oldSha, ObjectId newId, boolean force) throws IOException {
        var update = repository.updateRef(name);
        update.setExpectedOldObjectId(ObjectId.fromString(oldSha));
        update.setNewObjectId(newId);
        update.setForceUpdate(force);
        try (var walk = new RevWalk(repository)) {
            var result = update.update(walk);
            switch (result) {
                case NO_CHANGE, FAST_FORWARD, FORCED -> { }
                case REJECTED -> throw new GitHubError(422, "Update is not a fast forward");
                default -> throw new GitHubError(422, "Reference cannot be updated");
            }
        }
    }

    private ObjectId commitId(String sha) throws IOException {
        return reader.objectOfType(sha, Constants.OBJ_COMMIT)
                .orElseThrow(() -> new GitHubError(422, "Object does not exist"));
    }

    /** Puts an object under a path: a blob or a submodule's commit as one entry, a tree as the files in it. */
    private void put(Map<String, DirCacheEntry> files, String path, FileMode mode, String sha) throws IOException {
        if (mode == FileMode.GITLINK) {
            files.put(path, file(path, mode, ObjectId.fromString(sha)));
        } else if (mode == FileMode.TREE) {
            addFiles(files, path + "/", reader.objectOfType(sha, Constants.OBJ_TREE)
                    .orElseThrow(() -> new GitHubError(422, "tree.sha " + sha + " is not a valid tree")));
        } else {
            files.put(path, file(path, mode, reader.objectOfType(sha, Constants.OBJ_BLOB)
                    .orElseThrow(() -> new GitHubError(422, "tree.sha " + sha + " is not a valid blob"))));
        }
    }

    private void addFiles(Map<String, DirCacheEntry> files, String prefix, ObjectId tree) throws IOException {
        try (var walk = new TreeWalk(repository)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            while (walk.next()) {
                var path = prefix + walk.getPathString();
                files.put(path, file(path, walk.getFileMode(0), walk.getObjectId(0)));
            }
        }
    }

    /**
     * Clears a path for a new entry or deletes it: the file there, the files under it, and a file where one of its
     * parent folders goes.
     */
    private static void remove(TreeMap<String, DirCacheEntry> files, String path) {
        files.remove(path);
        files.subMap(path + "/", path + "0").clear(); // '0' follows '/': every path below the folder
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            files.remove(path.substring(0, slash));
        }
    }

    private static boolean validPath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            return false;
        }
        for (var part : path.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equals(".git")) {
                return false;
            }
        }
        return true;
    }

    private static DirCacheEntry file(String path, FileMode mode, ObjectId id) {
        var entry = new DirCacheEntry(path);
        entry.setFileMode(mode);
        entry.setObjectId(id);
        return entry;
    }
}
