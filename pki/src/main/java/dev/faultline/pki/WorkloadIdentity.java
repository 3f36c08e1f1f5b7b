package dev.faultline.pki;

import java.net.URI;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Who a certificate says its holder is: a SPIFFE ID ({@code spiffe://faultline.local/<service>}) in its subject
 * alternative names, as service meshes name workloads. Every instance of a service shares its service's identity:
 * the rules of who may call whom are about services, not instances.
 */
public final class WorkloadIdentity {

    /** The sandbox's trust domain. */
    public static final String TRUST_DOMAIN = "faultline.local";
    private static final String PREFIX = "spiffe://" + TRUST_DOMAIN + "/";
    /** The type of a uniformResourceIdentifier in {@link X509Certificate#getSubjectAlternativeNames()}. */
    private static final int URI_NAME = 6;

    private WorkloadIdentity() {
    }

    /** The SPIFFE ID of a service. */
    public static URI of(String service) {
        if (!service.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("Not a service name: " + service);
        }
        return URI.create(PREFIX + service);
    }

    /** The service a certificate names in this trust domain, if it names one. */
    public static Optional<String> service(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return Optional.empty();
            }
            return names.stream()
                    .filter(name -> name.size() == 2 && Integer.valueOf(URI_NAME).equals(name.get(0)))
                    .map(name -> String.valueOf(name.get(1)))
                    .filter(uri -> uri.startsWith(PREFIX) && uri.length() > PREFIX.length())
                    .map(uri -> uri.substring(PREFIX.length()))
                    .findFirst();
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }
}
