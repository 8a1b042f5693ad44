package dev.slipway.supply.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies by digest between two real registries (Debian's docker-registry on loopback) and within one, with images
 * pushed by skopeo from layouts written by hand; every result is read back with skopeo, whose raw manifest must
 * hash to the source digest, and pulled whole, which fails if any blob is missing.
 */
class ImageCopierTest {

    @TempDir
    static Path dir;
    static RegistryServer build;
    static RegistryServer production;
    static Skopeo skopeo;

    @BeforeAll
    static void startRegistries() {
        build = RegistryServer.start(dir.resolve("build-registry"));
        production = RegistryServer.start(dir.resolve("production-registry"));
        skopeo = new Skopeo(dir);
    }

    @AfterAll
    static void stopRegistries() {
        if (build != null) {
            build.close();
        }
        if (production != null) {
            production.close();
        }
    }

    private final List<String> log = new ArrayList<>();

    private ImageCopier copier() {
        return new ImageCopier(RegistryCredentials.anonymous(), ImageCopier.Options.defaults().withLog(log::add));
    }

    /** Pushes an image (a fresh layout) to the build registry; returns it by digest. */
    private static ImageReference pushed(String repository, String tag, OciLayout layout, OciLayout.Descriptor top) {
        layout.tag(tag, top);
        skopeo.push(layout, tag, build.address + "/" + repository + ":" + tag, Optional.empty());
        return new Repository(build.address, repository).at(top.digest());
    }

    private static Digest servedDigest(String reference) {
        return Digest.sha256(skopeo.rawManifest(reference, Optional.empty()));
    }

    @Test
    void copiesAnImageByDigestToAnotherRegistryAndTagsItWithTheVersion() {
        OciLayout layout = OciLayout.create(dir.resolve("single"));
        OciLayout.Descriptor image = layout.image("amd64", "cart 1.4.0".getBytes(StandardCharsets.UTF_8));
        ImageReference source = pushed("shop/cart", "sha-5e1f", layout, image);

        try (ImageCopier copier = copier()) {
            CopyResult result = copier.copy(source, new Repository(production.address, "shop/cart"), "1.4.0");

            assertThat(result.target().digest()).isEqualTo(source.digest());
            assertThat(result.target().repository()).isEqualTo(new Repository(production.address, "shop/cart"));
            assertThat(result.manifests()).isEqualTo(1);
            assertThat(result.blobsUploaded()).isEqualTo(2); // config and layer
            assertThat(result.blobsMounted()).isZero();
            assertThat(result.chunkedUploads()).isZero();
        }
        assertThat(servedDigest(production.address + "/shop/cart:1.4.0")).isEqualTo(source.digest());
        assertThat(skopeo.rawManifest(production.address + "/shop/cart@" + source.digest(), Optional.empty()))
                .isEqualTo(skopeo.rawManifest(source.toString(), Optional.empty()));
        skopeo.pullWhole(production.address + "/shop/cart:1.4.0", dir.resolve("single-pulled"));
    }

    @Test
    void aSecondCopyFindsEveryBlobAlreadyThereAndUploadsNothing() {
        OciLayout layout = OciLayout.create(dir.resolve("again"));
        ImageReference source = pushed("shop/orders", "sha-1", layout,
                layout.image("amd64", "orders 2.0.0".getBytes(StandardCharsets.UTF_8)));
        Repository target = new Repository(production.address, "shop/orders");
        try (ImageCopier copier = copier()) {
            copier.copy(source, target, "2.0.0");
            CopyResult again = copier.copy(source, target, "2.0.0-again");

            assertThat(again.blobsPresent()).isEqualTo(2);
            assertThat(again.blobsUploaded()).isZero();
            assertThat(again.bytesUploaded()).isZero();
        }
        assertThat(servedDigest(production.address + "/shop/orders:2.0.0-again")).isEqualTo(source.digest());
    }

    @Test
    void copiesAMultiArchIndexWholeEveryChildBeforeTheIndex() {
        OciLayout layout = OciLayout.create(dir.resolve("multi"));
        OciLayout.Descriptor amd64 = layout.image("amd64", "catalog amd64".getBytes(StandardCharsets.UTF_8));
        OciLayout.Descriptor arm64 = layout.image("arm64", "catalog arm64".getBytes(StandardCharsets.UTF_8));
        OciLayout.Descriptor index = layout.index(amd64, arm64);
        ImageReference source = pushed("shop/catalog", "sha-77aa", layout, index);

        try (ImageCopier copier = copier()) {
            CopyResult result = copier.copy(source, new Repository(production.address, "shop/catalog"), "3.1.0");

            assertThat(result.target().digest()).isEqualTo(index.digest());
            assertThat(result.manifests()).isEqualTo(3);
            assertThat(result.blobsUploaded()).isEqualTo(4);
        }
        assertThat(servedDigest(production.address + "/shop/catalog:3.1.0")).isEqualTo(index.digest());
        for (OciLayout.Descriptor child : List.of(amd64, arm64)) {
            assertThat(servedDigest(production.address + "/shop/catalog@" + child.digest()))
                    .isEqualTo(child.digest());
        }
        assertThat(log.stream().filter(l -> l.startsWith("manifest ")).toList())
                .as("children first, then the index")
                .containsExactly(
                        "manifest " + amd64.digest() + " (" + Manifest.OCI_MANIFEST + ") → " + production.address
                                + "/shop/catalog",
                        "manifest " + arm64.digest() + " (" + Manifest.OCI_MANIFEST + ") → " + production.address
                                + "/shop/catalog",
                        "manifest " + index.digest() + " (" + Manifest.OCI_INDEX + ") → " + production.address
                                + "/shop/catalog");
        skopeo.pullWhole(production.address + "/shop/catalog:3.1.0", dir.resolve("multi-pulled"));
    }

    @Test
    void uploadsABlobLargerThanTheChunkSizeInChunks() {
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise); // incompressible: the gzipped layer stays about this size
        OciLayout layout = OciLayout.create(dir.resolve("large"));
        ImageReference source = pushed("shop/search", "sha-9", layout, layout.image("amd64", noise));

        try (ImageCopier copier = new ImageCopier(RegistryCredentials.anonymous(),
                ImageCopier.Options.defaults().withChunkSize(64 * 1024).withLog(log::add))) {
            CopyResult result = copier.copy(source, new Repository(production.address, "shop/search"), "0.9.0");

            assertThat(result.target().digest()).isEqualTo(source.digest());
            assertThat(result.chunkedUploads()).isEqualTo(1); // the layer; the config is smaller than a chunk
            assertThat(result.bytesUploaded()).isGreaterThan(300_000);
        }
        assertThat(log).anySatisfy(line -> assertThat(line).matches("blob sha256:\\w+ uploaded in 5 chunks .*"));
        assertThat(production.log().lines().filter(line -> line.matches(".*\"PATCH /v2/shop/search/blobs/uploads/"
                + "\\S+ HTTP/1.1\" 202 .*")).count()).as("chunks the registry accepted").isEqualTo(5);
        skopeo.pullWhole(production.address + "/shop/search:0.9.0", dir.resolve("large-pulled"));
    }

    @Test
    void mountsBlobsFromTheSourceRepositoryWithinOneRegistry() {
        OciLayout layout = OciLayout.create(dir.resolve("mount"));
        ImageReference source = pushed("ci/payments", "sha-3", layout,
                layout.image("amd64", "payments 5.0.0".getBytes(StandardCharsets.UTF_8)));

        try (ImageCopier copier = copier()) {
            CopyResult result = copier.copy(source, new Repository(build.address, "release/payments"), "5.0.0");

            assertThat(result.target().digest()).isEqualTo(source.digest());
            assertThat(result.blobsMounted()).isEqualTo(2);
            assertThat(result.blobsUploaded()).isZero();
        }
        assertThat(servedDigest(build.address + "/release/payments:5.0.0")).isEqualTo(source.digest());
        assertThat(build.log().lines().filter(line -> line.matches(".*\"POST /v2/release/payments/blobs/uploads/"
                + "\\?mount=sha256%3A\\w+&from=ci%2Fpayments HTTP/1.1\" 201 .*")).count())
                .as("mount requests the registry answered 201 Created").isEqualTo(2);
    }

    @Test
    void anUnknownDigestIsOneLineNamingTheImageWithAHint() {
        Digest missing = Digest.sha256("never pushed".getBytes(StandardCharsets.UTF_8));
        ImageReference source = new Repository(build.address, "shop/cart").at(missing);
        try (ImageCopier copier = copier()) {
            assertThatThrownBy(() -> copier.copy(source, new Repository(production.address, "shop/cart"), "9.9.9"))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND);
                        assertThat(e.getMessage()).doesNotContain("\n")
                                .startsWith(build.address + "/shop/cart has no manifest " + missing)
                                .contains("hint: check the digest with `skopeo inspect docker://" + source + "`");
                    });
        }
    }

    @Test
    void aRegistryThatIsDownIsOneLineWithAHint() {
        String down = "127.0.0.1:" + Tools.freePort();
        ImageReference source = new Repository(down, "shop/cart")
                .at(Digest.sha256("x".getBytes(StandardCharsets.UTF_8)));
        try (ImageCopier copier = copier()) {
            assertThatThrownBy(() -> copier.copy(source, new Repository(production.address, "shop/cart"), "1.0.0"))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNREACHABLE);
                        assertThat(e.getMessage()).doesNotContain("\n").isEqualTo("cannot read the manifest "
                                + source.digest() + " of shop/cart: registry " + down + " is not reachable at http://"
                                + down + "/v2/ (connection refused); hint: check the registry's address and that it "
                                + "runs; plain HTTP is used only for loopback addresses and registries named as "
                                + "insecure");
                    });
        }
    }

    @Test
    void copiesADockerV2Schema2ImageWithItsMediaType() {
        OciLayout layout = OciLayout.create(dir.resolve("docker-v2"));
        layout.tag("sha-d0c", layout.image("amd64", "legacy 0.3.0".getBytes(StandardCharsets.UTF_8)));
        skopeo.pushAsDockerV2(layout, "sha-d0c", build.address + "/shop/legacy:sha-d0c");
        byte[] pushed = skopeo.rawManifest(build.address + "/shop/legacy:sha-d0c", Optional.empty());
        assertThat(new String(pushed, StandardCharsets.UTF_8)).contains(Manifest.DOCKER_MANIFEST);
        ImageReference source = new Repository(build.address, "shop/legacy").at(Digest.sha256(pushed));

        try (ImageCopier copier = copier()) {
            CopyResult result = copier.copy(source, new Repository(production.address, "shop/legacy"), "0.3.0");

            assertThat(result.target().digest()).isEqualTo(source.digest());
        }
        assertThat(skopeo.rawManifest(production.address + "/shop/legacy:0.3.0", Optional.empty())).isEqualTo(pushed);
        assertThat(log).anySatisfy(line -> assertThat(line).contains("(" + Manifest.DOCKER_MANIFEST + ")"));
    }
}
