/**
 * The supply chain between a build and an environment. Sub-packages, one per concern: {@code registry}
 * (copying an image by digest over the OCI distribution API), {@code gates} (soak, vulnerabilities, manifest
 * policy, contracts: pure checks that say why they fail), {@code gitops} (writing digests into an overlay and
 * committing them). Nothing here runs a release; {@code slipway-run} calls it.
 */
package dev.slipway.supply;
