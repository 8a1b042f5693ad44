package dev.slipway.supply.registry;

/**
 * What a copy did. {@code target} carries the digest the target registry stored, which is the source's (a copy
 * that would change it fails instead). Blobs are counted once each: already there, mounted from the source
 * repository, or uploaded (some of them in chunks).
 */
public record CopyResult(ImageReference target, String tag, int manifests, int blobsPresent, int blobsMounted,
        int blobsUploaded, int chunkedUploads, long bytesUploaded) {

    /** {@code target:tag@digest}, for logs and reports. */
    public String taggedReference() {
        return target.repository() + ":" + tag + "@" + target.digest();
    }
}
