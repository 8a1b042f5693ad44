/**
 * GitOps write-back: a release to a {@code delivery: gitops} environment sets its images' digests in the
 * environment's overlay ({@link dev.slipway.supply.gitops.OverlayImages}, an in-place edit that keeps the rest of
 * the file) and commits them with JGit ({@link dev.slipway.supply.gitops.GitOpsWriter}), retrying on a branch
 * that moved on, or pushing a branch for a pull request. Credentials come from environment variables and are
 * never shown ({@link dev.slipway.supply.gitops.GitCredentials}).
 */
package dev.slipway.supply.gitops;
