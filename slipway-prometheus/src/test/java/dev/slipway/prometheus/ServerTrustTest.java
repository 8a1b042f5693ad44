package dev.slipway.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.model.PrometheusSettings;
import dev.slipway.release.cluster.MetricsUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS Prometheus with a self-signed certificate (made with the JDK's keytool for 127.0.0.1): refused by
 * default, trusted through {@code caFile}, accepted blindly with {@code insecureSkipVerify}.
 */
@Timeout(60)
class ServerTrustTest {

    static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    static Path caFile;
    static PrometheusStub stub;

    @BeforeAll
    static void start() throws IOException, GeneralSecurityException {
        Path keyStore = dir.resolve("server.p12");
        caFile = dir.resolve("ca.pem");
        keytool("-genkeypair", "-alias", "prometheus", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=prometheus.test", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD);
        }
        // the self-signed certificate is its own CA; written here rather than by a second (slow) keytool run
        Files.writeString(caFile, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(store.getCertificate("prometheus").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        stub = PrometheusStub.https(tls);
    }

    @AfterAll
    static void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Path log = dir.resolve("keytool.log");
        Process process = new ProcessBuilder(concat(keytool.toString(), args)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("keytool failed: " + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    static List<String> concat(String first, String... rest) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), java.util.stream.Stream.of(rest))
                .toList();
    }

    static PrometheusMetrics metrics(Optional<String> caFile, boolean insecureSkipVerify) {
        return new PrometheusMetrics(new PrometheusSettings(Optional.of(stub.url()), Optional.empty(), caFile,
                insecureSkipVerify, Duration.ofSeconds(2), 2, Map.of(), Map.of()), Map.of());
    }

    @Test
    void aCertificateTheJdkDoesNotTrustFailsAtOnce() {
        int before = stub.requests.size();
        try (PrometheusMetrics metrics = metrics(Optional.empty(), false)) {
            assertThatThrownBy(metrics::checkReachable).isInstanceOf(MetricsUnavailableException.class)
                    .hasMessageStartingWith("Prometheus at " + stub.url() + "/ failed the TLS handshake: ")
                    .hasMessageEndingWith("(metrics.prometheus.caFile names the CA that signed its certificate)");
        }
        assertThat(stub.requests).hasSize(before);
    }

    @Test
    void theCaFileIsTrusted() {
        try (PrometheusMetrics metrics = metrics(Optional.of(caFile.toString()), false)) {
            metrics.checkReachable();
        }
        assertThat(stub.requests).last().extracting(PrometheusStub.Request::query).isEqualTo("vector(1)");
    }

    @Test
    void insecureSkipVerifyAcceptsAnyCertificate() {
        try (PrometheusMetrics metrics = metrics(Optional.empty(), true)) {
            metrics.checkReachable();
        }
        assertThat(stub.requests).last().extracting(PrometheusStub.Request::query).isEqualTo("vector(1)");
    }

    @Test
    void aCaFileWithoutCertificatesIsRefused() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");
        assertThatThrownBy(() -> metrics(Optional.of(empty.toString()), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metrics.prometheus.caFile " + empty + " holds no PEM certificate that can be read");
    }
}
