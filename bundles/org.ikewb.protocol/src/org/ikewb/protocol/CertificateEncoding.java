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
}
