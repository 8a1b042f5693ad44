package dev.slipway.supply.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Copies an image by digest from one repository to another, in the same registry or across registries, and tags
 * it: the promotion of a build, never a rebuild. The target ends up with the very bytes the source holds, so the
 * digest an environment runs is the digest that ran before it.
 * <p>
 * An image manifest's blobs (config and layers) go first, then the manifest by digest; an index (OCI image index or
 * Docker manifest list) is copied whole, each child manifest before the index. A blob already in the target
 * repository is left alone (HEAD); in the same registry it is mounted from the source repository when the registry
 * allows it; otherwise it is streamed from the source to the target, in one PUT up to {@link Options#chunkSize()}
 * and in chunks above it (never smaller than the registry's {@code OCI-Chunk-Min-Length}).
 * <p>
 * Why not a client library: jib-core (0.27.3 resolves from Maven Central) was the candidate, but its
 * {@code RegistryClient} lives outside jib's public API package ({@code com.google.cloud.tools.jib.api}), and its
 * {@code pushManifest} takes a parsed {@code ManifestTemplate} and serializes it again: the pushed bytes, and so
 * the digest, differ from the source's whenever the source was not written by the same Jackson settings (field
 * order, whitespace, fields jib's templates do not know such as annotations). A copy by digest must move the
 * manifest's exact bytes. It would also bring Jackson 2, Guava and the Google HTTP client into a Jackson 3 code
 * base. The protocol subset a digest copy needs is small, so it is written here on {@code java.net.http}.
 */
public final class ImageCopier implements AutoCloseable {

    /** 127.0.0.0/8 as an address, not a host name that merely starts with "127." */
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127(\\.[0-9]{1,3}){3}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    /**
     * @param insecureRegistries registries spoken to over plain HTTP (loopback addresses always are), like Docker's
     *                           {@code insecure-registries}
     * @param chunkSize          blobs up to this size go in one request, larger ones in chunks of this size
     * @param timeout            for connecting and for each request that is not a blob transfer
     * @param log                one line per manifest and blob; never a credential
     */
    public record Options(Set<String> insecureRegistries, long chunkSize, Duration timeout, Consumer<String> log) {
        public Options {
            insecureRegistries = Set.copyOf(insecureRegistries);
            if (chunkSize < 1 || chunkSize > Integer.MAX_VALUE - 8 || !timeout.isPositive()) {
                throw new IllegalArgumentException("chunkSize must be 1 byte to 2 GiB, timeout positive");
            }
            Objects.requireNonNull(log);
        }

        public static Options defaults() {
            return new Options(Set.of(), 16L * 1024 * 1024, Duration.ofSeconds(30), line -> { });
        }

        public Options withChunkSize(long bytes) {
            return new Options(insecureRegistries, bytes, timeout, log);
        }

        public Options withLog(Consumer<String> lines) {
            return new Options(insecureRegistries, chunkSize, timeout, lines);
        }

        public Options withInsecureRegistries(Set<String> registries) {
            return new Options(registries, chunkSize, timeout, log);
        }

        public Options withTimeout(Duration requestTimeout) {
            return new Options(insecureRegistries, chunkSize, requestTimeout, log);
        }
    }

    private final RegistryCredentials credentials;
    private final Options options;
    private final HttpClient http;

    public ImageCopier(RegistryCredentials credentials, Options options) {
        this.credentials = credentials;
        this.options = options;
        this.http = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .followRedirects(HttpClient.Redirect.NEVER) // blob redirects are followed by hand, without credentials
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /**
     * Copies {@code source} into {@code target} and tags it {@code tag}.
     *
     * @return the target image, whose digest equals the source's
     * @throws RegistryException for anything a registry refuses or cannot answer, in one line with a hint
     * @throws IllegalArgumentException for a tag that is not one
     */
    public CopyResult copy(ImageReference source, Repository target, String tag) {
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("'" + tag + "' is not a valid tag; hint: up to 128 letters, digits, "
                    + "'_', '.' and '-', not starting with '.' or '-' (a version such as 1.4.0)");
        }
        String sourceRegistry = source.repository().registry().toLowerCase(Locale.ROOT);
        boolean sameRegistry = sourceRegistry.equals(target.registry().toLowerCase(Locale.ROOT));
        RegistryClient from = client(source.repository().registry());
        RegistryClient to = sameRegistry ? from : client(target.registry());
        Copy copy = new Copy(from, source.repository().name(), to, target.name(), sameRegistry);
        Manifest manifest = copy.manifest(source.digest());
        Digest tagged = to.putManifest(target.name(), tag, manifest);
        copy.requireSame(tagged, manifest.digest(), tag);
        options.log().accept("tagged " + target + ":" + tag + " → " + tagged);
        return new CopyResult(target.at(tagged), tag, copy.manifests, copy.present, copy.mounted, copy.uploaded,
                copy.chunked, copy.bytes);
    }

    private RegistryClient client(String registry) {
        return new RegistryClient(registry, plainHttp(registry), http, options.timeout(), credentials);
    }

    /** Whether this registry is spoken to over plain HTTP: loopback addresses and the registries named insecure. */
    boolean plainHttp(String registry) {
        String host = registry.replaceFirst(":[0-9]+$", "").toLowerCase(Locale.ROOT);
        return options.insecureRegistries().contains(registry) || host.equals("localhost")
                || LOOPBACK_V4.matcher(host).matches() || host.equals("[::1]");
    }

    @Override
    public void close() {
        http.close();
    }

    /** One copy's state: what was already copied (indexes may share blobs) and what each blob cost. */
    private final class Copy {
        private final RegistryClient from;
        private final String fromRepository;
        private final RegistryClient to;
        private final String toRepository;
        private final boolean mountable;
        private final Set<Digest> done = new HashSet<>();
        int manifests;
        int present;
        int mounted;
        int uploaded;
        int chunked;
        long bytes;

        Copy(RegistryClient from, String fromRepository, RegistryClient to, String toRepository, boolean sameRegistry) {
            this.from = from;
            this.fromRepository = fromRepository;
            this.to = to;
            this.toRepository = toRepository;
            this.mountable = sameRegistry && !fromRepository.equals(toRepository);
        }

        /** Copies what the manifest references, then the manifest by digest; returns it for tagging. */
        Manifest manifest(Digest digest) {
            Manifest manifest = from.manifest(fromRepository, digest);
            if (manifest.isIndex()) {
                for (Manifest.Descriptor child : manifest.children()) {
                    if (done.add(child.digest())) {
                        manifest(child.digest());
                    }
                }
            } else {
                for (Manifest.Descriptor blob : manifest.blobs()) {
                    if (!blob.foreign() && done.add(blob.digest())) {
                        blob(blob);
                    }
                }
            }
            requireSame(to.putManifest(toRepository, digest.toString(), manifest), digest, digest.toString());
            manifests++;
            options.log().accept("manifest " + digest + " (" + manifest.mediaType() + ") → " + to.registry() + "/"
                    + toRepository);
            return manifest;
        }

        private void blob(Manifest.Descriptor blob) {
            Digest digest = blob.digest();
            if (to.hasBlob(toRepository, digest)) {
                present++;
                options.log().accept("blob " + digest + " already in " + to.registry() + "/" + toRepository);
                return;
            }
            RegistryClient.Upload upload;
            if (mountable) {
                var session = to.mount(toRepository, digest, fromRepository);
                if (session.isEmpty()) {
                    mounted++;
                    options.log().accept("blob " + digest + " mounted from " + fromRepository);
                    return;
                }
                upload = session.get(); // the registry declined the mount and opened an upload instead
            } else {
                upload = to.startUpload(toRepository);
            }
            upload(digest, blob.size(), upload);
        }

        private void upload(Digest digest, long declaredSize, RegistryClient.Upload upload) {
            RegistryClient.Blob blob = from.openBlob(fromRepository, digest);
            long length = blob.length() >= 0 ? blob.length() : declaredSize;
            long chunkSize = Math.max(options.chunkSize(), upload.minimumChunk());
            try (InputStream content = blob.content()) {
                if (length >= 0 && length <= chunkSize) {
                    to.finishUpload(toRepository, upload.location(), digest, length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(() -> content), length));
                    options.log().accept("blob " + digest + " uploaded (" + length + " bytes)");
                } else {
                    byte[] buffer = new byte[(int) chunkSize];
                    URI location = upload.location();
                    long offset = 0;
                    int chunks = 0;
                    for (int n; (n = content.readNBytes(buffer, 0, buffer.length)) > 0; offset += n, chunks++) {
                        location = to.uploadChunk(toRepository, location, buffer, n, offset);
                    }
                    to.finishUpload(toRepository, location, digest, HttpRequest.BodyPublishers.noBody());
                    chunked++;
                    length = offset;
                    options.log().accept("blob " + digest + " uploaded in " + chunks + " chunks (" + length
                            + " bytes)");
                }
            } catch (IOException e) {
                throw new RegistryException(RegistryException.Reason.UNREACHABLE, "reading the blob " + digest
                        + " from " + from.registry() + "/" + fromRepository + " broke off (" + e.getMessage() + ")",
                        "check the source registry and try again; the copy is idempotent");
            }
            uploaded++;
            bytes += length;
        }

        void requireSame(Digest stored, Digest expected, String reference) {
            if (!stored.equals(expected)) {
                throw new RegistryException(RegistryException.Reason.DIGEST_MISMATCH, to.registry() + "/"
                        + toRepository + " stored " + reference + " as " + stored + ", not " + expected,
                        "the target registry rewrote the manifest (a schema conversion?); it cannot hold this "
                                + "image by digest");
            }
        }
    }
}
