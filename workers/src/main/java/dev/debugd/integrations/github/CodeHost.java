package dev.debugd.integrations.github;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The code of one repository as its code host serves it; read-only. */
public interface CodeHost {

    /** The full commit SHA a ref names (a full or abbreviated SHA, a branch), or empty when the host does not know it. */
    Optional<String> commit(String ref) throws IOException;

    /** Every file (blob) path in the commit's tree, sorted. */
    List<String> paths(String commitSha) throws IOException;

    /** A file's text at a commit (UTF-8), or empty when there is no such file. */
    Optional<String> file(String commitSha, String path) throws IOException;

    /** The files changed from base to head, with each file's unified patch text as GitHub's compare API gives it (sorted by path). */
    List<FileChange> changes(String baseSha, String headSha) throws IOException;

    /**
     * Whether the commit a ref names contains {@code ancestorSha} (is it, or comes after it): false when the host does
     * not know the ref, since a deploy hash it cannot resolve proves nothing.
     */
    boolean contains(String ref, String ancestorSha) throws IOException;

    record FileChange(String path, String status, String patch) {}
}
