package org.ikewb.protocol;

import java.util.Collection;

/** IKEv2 Certificate Encodings (RFC 7296 §3.6). */
public record CertificateEncoding(int value, String ianaName) implements IanaValue {

	private static final Registry<CertificateEncoding> REGISTRY = new Registry<>(v -> new CertificateEncoding(v, Registry.unknownName(v)));

	public static final CertificateEncoding X509_SIGNATURE = REGISTRY.define(new CertificateEncoding(4, "X.509_CERTIFICATE_SIGNATURE"));
	public static final CertificateEncoding CRL = REGISTRY.define(new CertificateEncoding(7, "CERTIFICATE_REVOCATION_LIST"));
	public static final CertificateEncoding HASH_AND_URL_X509 = REGISTRY.define(new CertificateEncoding(12, "HASH_AND_URL_X.509_CERTIFICATE"));
	public static final CertificateEncoding RAW_PUBLIC_KEY = REGISTRY.define(new CertificateEncoding(15, "RAW_PUBLIC_KEY"));

	public static CertificateEncoding of(int value) {
		return REGISTRY.of(value);
	}

	public static Collection<CertificateEncoding> all() {
		return REGISTRY.all();
	}

	@Override
	public boolean known() {
		return REGISTRY.isKnown(value);
	}

	@Override
	public String toString() {
		return ianaName;
	}

	// equals and hashCode written out, as a record's own would be: those are bootstrapped through
	// invokedynamic on first use (a few milliseconds each in a fresh JVM, for every registry type
	// the first exchange compares — a tenth of 'ikewb run' start-up).
	@Override
	public boolean equals(Object o) {
		return o instanceof CertificateEncoding other && other.value == value && java.util.Objects.equals(other.ianaName, ianaName);
	}

	@Override
	public int hashCode() {
		return 31 * value + java.util.Objects.hashCode(ianaName);
	}
}
