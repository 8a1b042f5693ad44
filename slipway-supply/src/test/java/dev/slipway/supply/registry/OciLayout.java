package dev.slipway.supply.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny OCI image layout written by hand, for skopeo to push: a layer tarball (gzip of a one-file tar), an image
 * config, a manifest (with an annotation, which a re-serializing copier would be tempted to drop), and optionally a
 * multi-platform index over several manifests. {@code index.json} names each tagged top-level descriptor.
 */
public final class OciLayout {

    public record Descriptor(String mediaType, Digest digest, long size, String architecture) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mediaType", mediaType);
            json.put("digest", digest.toString());
            json.put("size", size);
            return json;
        }
    }

    private final Path dir;
    private final List<Map<String, Object>> tagged = new ArrayList<>();

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    public static OciLayout create(Path dir) {
        try {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            return new OciLayout(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /** An image for linux/{architecture} whose one layer holds /hello.txt with this content. */
    public Descriptor image(String architecture, byte[] fileContent) {
        byte[] tar = Tar.oneFile("hello.txt", fileContent);
        Descriptor layer = blob("application/vnd.oci.image.layer.v1.tar+gzip", gzip(tar), architecture);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", architecture);
        config.put("os", "linux");
        config.put("config", Map.of("Cmd", List.of("/hello")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", List.of(Digest.sha256(tar).toString())));
        Descriptor configBlob = blob("application/vnd.oci.image.config.v1+json", json(config), architecture);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", Manifest.OCI_MANIFEST);
        manifest.put("config", configBlob.json());
        manifest.put("layers", List.of(layer.json()));
        manifest.put("annotations", Map.of("org.opencontainers.image.source", "https://example.com/shop/cart"));
        return blob(Manifest.OCI_MANIFEST, json(manifest), architecture);
    }

    /** An OCI image index over these manifests, each with its linux platform. */
    Descriptor index(Descriptor... manifests) {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (Descriptor manifest : manifests) {
            Map<String, Object> entry = manifest.json();
            entry.put("platform", Map.of("architecture", manifest.architecture(), "os", "linux"));
            entries.add(entry);
        }
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", Manifest.OCI_INDEX);
        index.put("manifests", entries);
        return blob(Manifest.OCI_INDEX, json(index), "");
    }

    /** Names the descriptor {@code tag} in index.json, where skopeo's {@code oci:DIR:tag} finds it. */
    public OciLayout tag(String tag, Descriptor descriptor) {
        Map<String, Object> entry = descriptor.json();
        entry.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
        tagged.add(entry);
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("manifests", tagged);
        write(dir.resolve("index.json"), json(index));
        return this;
    }

    private Descriptor blob(String mediaType, byte[] content, String architecture) {
        Digest digest = Digest.sha256(content);
        write(dir.resolve("blobs/sha256").resolve(digest.hex()), content);
        return new Descriptor(mediaType, digest, content.length, architecture);
    }

    private static byte[] json(Object value) {
        return JsonMapper.shared().writeValueAsString(value).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A POSIX ustar archive of one regular file: a 512-byte header, the content padded to 512, two zero blocks. */
    static final class Tar {
        private Tar() {
        }

        static byte[] oneFile(String name, byte[] content) {
            byte[] header = new byte[512];
            put(header, 0, name);
            put(header, 100, "0000644");
            put(header, 108, "0000000");
            put(header, 116, "0000000");
            put(header, 124, String.format("%011o", content.length));
            put(header, 136, String.format("%011o", 0));
            java.util.Arrays.fill(header, 148, 156, (byte) ' '); // the checksum counts its own field as spaces
            header[156] = '0';
            put(header, 257, "ustar");
            put(header, 263, "00");
            int sum = 0;
            for (byte b : header) {
                sum += b & 0xff;
            }
            put(header, 148, String.format("%06o", sum));
            header[155] = ' ';
            int padded = (content.length + 511) / 512 * 512;
            byte[] tar = new byte[512 + padded + 1024];
            System.arraycopy(header, 0, tar, 0, 512);
            System.arraycopy(content, 0, tar, 512, content.length);
            return tar;
        }

        private static void put(byte[] header, int offset, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(bytes, 0, header, offset, bytes.length);
        }
    }
}
