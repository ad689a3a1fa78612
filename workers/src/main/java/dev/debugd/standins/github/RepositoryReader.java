package dev.debugd.standins.github;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * What the GitHub stand-in reads from a JGit repository, in the terms GitHub's REST API reports it: refs resolved to
 * commits, tree entries, blobs, and per-file unified patches without their header lines.
 */
final class RepositoryReader {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{7,40}");

    record Commit(String sha, String treeSha, List<String> parents, String message, String authorName, String authorEmail,
            Instant authoredAt, String committerName, String committerEmail, Instant committedAt) {}

    /** @param size the blob's size in bytes, -1 for a tree */
    record Entry(String path, String mode, String type, String sha, long size) {}

    record Blob(String sha, byte[] content) {}

    /** @param status {@code added}, {@code modified} or {@code removed}, as GitHub names them */
    record FileDiff(String path, String status, String blobSha, int additions, int deletions, String patch) {}

    private final Repository repository;

    RepositoryReader(Repository repository) {
        this.repository = repository;
    }

    /** The commit a ref names: a full SHA, a unique abbreviation of at least 7 hex digits, or a branch. */
    Optional<Commit> commit(String ref) throws IOException {
        var id = commitId(ref);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        try (var walk = new RevWalk(repository)) {
            RevCommit commit = walk.parseCommit(id.get());
            var parents = new ArrayList<String>();
            for (var parent : commit.getParents()) {
                parents.add(parent.name());
            }
            var author = commit.getAuthorIdent();
            var committer = commit.getCommitterIdent();
            return Optional.of(new Commit(commit.name(), commit.getTree().name(), parents, commit.getFullMessage(),
                    author.getName(), author.getEmailAddress(), author.getWhenAsInstant(), committer.getName(),
                    committer.getEmailAddress(), committer.getWhenAsInstant()));
        }
    }

    /** The commit a full or abbreviated SHA names, and nothing else: GitHub's Git database API takes no branch. */
    Optional<Commit> commitBySha(String sha) throws IOException {
        var id = objectOfType(sha, Constants.OBJ_COMMIT);
        return id.isEmpty() ? Optional.empty() : commit(id.get().name());
    }

    /** The commit a full ref name, {@code refs/heads/main}, points at. */
    Optional<String> ref(String name) throws IOException {
        var ref = repository.exactRef(name);
        return ref == null || ref.getObjectId() == null ? Optional.empty() : Optional.of(ref.getObjectId().name());
    }

    /** The branch a commit is the head of, main before the others (then by name); empty when it heads none. */
    Optional<String> branchAt(String sha) throws IOException {
        var main = Constants.R_HEADS + DemoRepository.BRANCH;
        return repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
                .filter(branch -> branch.getObjectId() != null && branch.getObjectId().name().equals(sha))
                .map(Ref::getName)
                .min(Comparator.comparing((String name) -> !name.equals(main)).thenComparing(Comparator.naturalOrder()))
                .map(name -> name.substring(Constants.R_HEADS.length()));
    }

    /** The best common ancestor of two commits, as {@code git merge-base} finds it. */
    Optional<String> mergeBase(String aSha, String bSha) throws IOException {
        try (var walk = new RevWalk(repository)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(ObjectId.fromString(aSha)));
            walk.markStart(walk.parseCommit(ObjectId.fromString(bSha)));
            var base = walk.next();
            return base == null ? Optional.empty() : Optional.of(base.name());
        }
    }

    /** The tree a commit ref or a full tree SHA names. */
    Optional<String> treeSha(String treeIsh) throws IOException {
        var commit = commit(treeIsh);
        if (commit.isPresent()) {
            return Optional.of(commit.get().treeSha());
        }
        return objectOfType(treeIsh, Constants.OBJ_TREE).map(ObjectId::name);
    }

    /** A tree's entries, sub-trees first listed then entered when recursive, in git's order. */
    List<Entry> tree(String treeSha, boolean recursive) throws IOException {
        var entries = new ArrayList<Entry>();
        try (var walk = new TreeWalk(repository); ObjectReader reader = repository.newObjectReader()) {
            walk.addTree(ObjectId.fromString(treeSha));
            walk.setRecursive(false);
            while (walk.next()) {
                var mode = walk.getFileMode(0);
                var sha = walk.getObjectId(0);
                boolean isTree = mode == FileMode.TREE;
                entries.add(new Entry(walk.getPathString(), String.format(Locale.ROOT, "%06o", mode.getBits()),
                        isTree ? "tree" : "blob", sha.name(), isTree ? -1 : reader.getObjectSize(sha, Constants.OBJ_BLOB)));
                if (isTree && recursive) {
                    walk.enterSubtree();
                }
            }
        }
        return entries;
    }

    /** A blob by its full SHA. */
    Optional<Blob> blob(String sha) throws IOException {
        var id = objectOfType(sha, Constants.OBJ_BLOB);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Blob(id.get().name(), repository.open(id.get(), Constants.OBJ_BLOB).getBytes()));
    }

    /** A file (blob) at a path of a commit's tree. */
    Optional<Blob> file(String commitRef, String path) throws IOException {
        var commit = commit(commitRef);
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        try (var walk = TreeWalk.forPath(repository, path, ObjectId.fromString(commit.get().treeSha()))) {
            if (walk == null || walk.getFileMode(0).getObjectType() != Constants.OBJ_BLOB) {
                return Optional.empty();
            }
            return blob(walk.getObjectId(0).name());
        }
    }

    /** The commits reachable from head but not from base, oldest first. */
    List<Commit> between(String baseSha, String headSha) throws IOException {
        var shas = new ArrayList<String>();
        try (var walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(ObjectId.fromString(headSha)));
            walk.markUninteresting(walk.parseCommit(ObjectId.fromString(baseSha)));
            walk.sort(RevSort.TOPO, true);
            walk.sort(RevSort.REVERSE, true);
            for (var commit : walk) {
                shas.add(commit.name());
            }
        }
        var commits = new ArrayList<Commit>();
        for (var sha : shas) {
            commits.add(commit(sha).orElseThrow());
        }
        return commits;
    }

    /** The files that differ between two trees (the old one absent for a root commit), sorted by path. */
    List<FileDiff> diff(Optional<String> oldTreeSha, String newTreeSha) throws IOException {
        var diffs = new ArrayList<FileDiff>();
        var out = new ByteArrayOutputStream();
        try (var formatter = new DiffFormatter(out)) {
            formatter.setRepository(repository);
            for (var entry : formatter.scan(oldTreeSha.map(ObjectId::fromString).orElse(null), ObjectId.fromString(newTreeSha))) {
                out.reset();
                formatter.format(entry);
                var patch = hunks(out.toString(StandardCharsets.UTF_8));
                boolean removed = entry.getChangeType() == DiffEntry.ChangeType.DELETE;
                diffs.add(new FileDiff(removed ? entry.getOldPath() : entry.getNewPath(), status(entry.getChangeType()),
                        (removed ? entry.getOldId() : entry.getNewId()).name(), count(patch, '+'), count(patch, '-'), patch));
            }
        }
        diffs.sort((a, b) -> a.path().compareTo(b.path()));
        return diffs;
    }

    private Optional<ObjectId> commitId(String ref) throws IOException {
        var branch = repository.exactRef(ref.startsWith(Constants.R_REFS) ? ref : Constants.R_HEADS + ref);
        if (branch != null && branch.getObjectId() != null) {
            return Optional.of(branch.getObjectId());
        }
        return objectOfType(ref, Constants.OBJ_COMMIT);
    }

    /** The one object of that type a full or abbreviated (≥ 7 hex digits) SHA names. */
    Optional<ObjectId> objectOfType(String sha, int type) throws IOException {
        if (!HEX.matcher(sha).matches()) {
            return Optional.empty();
        }
        try (ObjectReader reader = repository.newObjectReader()) {
            var candidates = new ArrayList<ObjectId>();
            for (var id : reader.resolve(AbbreviatedObjectId.fromString(sha.toLowerCase(Locale.ROOT)))) {
                if (isOfType(reader, id, type)) {
                    candidates.add(id);
                }
            }
            return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
        }
    }

    private static boolean isOfType(ObjectReader reader, ObjectId id, int type) throws IOException {
        try {
            return reader.open(id).getType() == type;
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return false;
        }
    }

    /** A file's diff as GitHub's {@code patch} gives it: the hunks, without the header lines or a final newline. */
    private static String hunks(String formatted) {
        int start = formatted.startsWith("@@") ? 0 : formatted.indexOf("\n@@") + 1;
        if (start == 0 && !formatted.startsWith("@@")) {
            return "";
        }
        var patch = formatted.substring(start);
        return patch.endsWith("\n") ? patch.substring(0, patch.length() - 1) : patch;
    }

    private static int count(String patch, char sign) {
        int n = 0;
        for (var line : patch.split("\n")) {
            if (!line.isEmpty() && line.charAt(0) == sign) {
                n++;
            }
        }
        return n;
    }

    private static String status(DiffEntry.ChangeType type) {
        return switch (type) {
            case ADD -> "added";
            case DELETE -> "removed";
            case RENAME -> "renamed";
            case COPY -> "copied";
            case MODIFY -> "modified";
        };
    }
}
