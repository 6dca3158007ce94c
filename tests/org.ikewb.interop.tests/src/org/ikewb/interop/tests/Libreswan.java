package org.ikewb.interop.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Libreswan 5.2's pluto in its network namespace (tests/consumers/pluto.sh): reached from the host
 * at {@link #PLUTO}; our engine binds {@link #HOST}. One pluto at a time, started with the
 * ipsec.conf and ipsec.secrets of one case; {@code ipsec addconn --checkconfig} must accept the
 * config first.
 */
final class Libreswan implements AutoCloseable {

	static final String HOST = "10.77.0.1";
	static final String PLUTO = "10.77.0.2";

	private Libreswan() {
	}

	static Libreswan start(String ipsecConf, String secrets) throws IOException, InterruptedException {
		return start(ipsecConf, secrets, null, null);
	}

	/**
	 * Starts pluto with a fresh NSS database that trusts {@code caPem} for peers and holds pluto's
	 * own certificate and key ({@code credentials}, under the nickname "pluto").
	 */
	static Libreswan start(String ipsecConf, String secrets, String caPem, org.ikewb.crypto.Certificates.Local credentials)
			throws IOException, InterruptedException {
		Consumers.root();
		Path conf = Files.createTempFile("ikewb-pluto", ".conf");
		Path sec = Files.createTempFile("ikewb-pluto", ".secrets");
		Path ca = Files.createTempFile("ikewb-pluto", ".pem");
		Path p12 = Files.createTempFile("ikewb-pluto", ".p12");
		Files.writeString(conf, ipsecConf);
		Files.writeString(sec, secrets);
		List<String> command = new ArrayList<>(List.of("bash", Consumers.SCRIPTS.resolve("pluto.sh").toString(), "start",
				conf.toString(), sec.toString()));
		if (caPem != null) {
			Files.writeString(ca, caPem);
			command.add(ca.toString());
			if (credentials != null) {
				Files.write(p12, pkcs12(credentials, "ikewb-p12"));
				command.add(p12.toString());
				command.add("ikewb-p12");
			}
		}
		String out = StrongSwan.run(300, command.toArray(String[]::new));
		for (Path p : List.of(conf, sec, ca, p12)) {
			Files.delete(p);
		}
		if (!out.contains("running: pid")) {
			throw new IOException("pluto did not start:\n" + out);
		}
		return new Libreswan();
	}

	/** A PKCS#12 file of a certificate chain and its key, the key entry named "pluto" (its NSS nickname). */
	private static byte[] pkcs12(org.ikewb.crypto.Certificates.Local credentials, String password) throws IOException {
		try {
			String pem = org.ikewb.crypto.Pki.privateKeyPem(credentials);
			byte[] pkcs8 = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
			java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
					.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkcs8));
			java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
			List<java.security.cert.Certificate> chain = new ArrayList<>();
			for (org.ikewb.protocol.Octets der : credentials.chain()) {
				chain.add(x509.generateCertificate(new java.io.ByteArrayInputStream(der.toByteArray())));
			}
			java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
			store.load(null, null);
			store.setKeyEntry("pluto", key, password.toCharArray(), chain.toArray(java.security.cert.Certificate[]::new));
			java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
			store.store(out, password.toCharArray());
			return out.toByteArray();
		} catch (java.security.GeneralSecurityException e) {
			throw new IOException("cannot write pluto's PKCS#12 file", e);
		}
	}

	/** An ipsec command in pluto's namespace, e.g. {@code showstates} or {@code up CONN}. */
	String ipsec(String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("bash", Consumers.SCRIPTS.resolve("pluto.sh").toString(), "ipsec"));
		command.addAll(List.of(args));
		return StrongSwan.run(60, command.toArray(String[]::new));
	}

	/** What pluto logged since it started. */
	String log() throws IOException, InterruptedException {
		return new String(Files.readAllBytes(Consumers.root().resolve("var/log/ikewb-pluto/pluto.log")), StandardCharsets.UTF_8);
	}

	/** Waits until pluto's log contains the text (pluto works asynchronously to our engine). */
	boolean logContains(String text, long millis) throws IOException, InterruptedException {
		long end = System.currentTimeMillis() + millis;
		while (System.currentTimeMillis() < end) {
			if (log().contains(text)) {
				return true;
			}
			Thread.sleep(100);
		}
		return log().contains(text);
	}

	@Override
	public void close() throws IOException, InterruptedException {
		StrongSwan.run(60, "bash", Consumers.SCRIPTS.resolve("pluto.sh").toString(), "stop");
	}
}
