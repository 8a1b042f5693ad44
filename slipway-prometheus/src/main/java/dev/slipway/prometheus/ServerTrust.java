package dev.slipway.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which server certificates an HTTPS Prometheus may present: those the JDK trusts; or, with {@code caFile}, those
 * signed by the CA certificates in that PEM file (only those, as kubeconfig's certificate-authority does); or, with
 * {@code insecureSkipVerify}, any certificate for any host, which is for testing only: anyone on the path could
 * then answer the queries and pass a bad canary.
 */
final class ServerTrust {

    private ServerTrust() {
    }

    /** Empty for the JDK's own trust, which the HTTP client then sets up only if it ever speaks TLS. */
    static Optional<SSLContext> context(Optional<String> caFile, boolean insecureSkipVerify) {
        try {
            if (insecureSkipVerify) {
                return Optional.of(context(new TrustManager[] {new AnyCertificate()}));
            }
            if (caFile.isPresent()) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(keyStore(Path.of(caFile.get())));
                return Optional.of(context(factory.getTrustManagers()));
            }
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no TLS", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("metrics.prometheus.caFile " + caFile.orElse("") + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext context(TrustManager[] trust) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust, null);
        return context;
    }

    private static KeyStore keyStore(Path pem) throws GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("metrics.prometheus.caFile " + pem + " cannot be read: " + e, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("metrics.prometheus.caFile " + pem + " holds no PEM certificate that "
                    + "can be read: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("metrics.prometheus.caFile " + pem + " holds no PEM certificate");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty key store cannot be created", e);
        }
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    /**
     * Accepts every chain. An extended trust manager, because the JDK checks the host name itself only around a
     * plain one: this one must skip that check too, or a test server's certificate still fails on its name.
     */
    private static final class AnyCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
