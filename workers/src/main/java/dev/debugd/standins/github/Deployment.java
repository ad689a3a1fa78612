package dev.debugd.standins.github;

import java.time.Instant;

/**
 * A deployment the GitHub stand-in recorded ({@link GitHubStandIn#deploy}): a commit of the repository deployed to an
 * environment, with its one status, {@code success}.
 *
 * @param id       the deployment's id; the stand-in's first is 1
 * @param statusId its status's id; the stand-in's first is 1
 * @param sha      the commit's full SHA
 * @param at       when it was deployed and its status set, to the second as GitHub's times are
 */
public record Deployment(long id, long statusId, String sha, String environment, Instant at) {}
