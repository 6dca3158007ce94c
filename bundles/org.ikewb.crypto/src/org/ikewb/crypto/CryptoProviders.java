package org.ikewb.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.NamedParameterSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;

/**
 * Which implementation serves each primitive. Bouncy Castle implements every algorithm and is the
 * fallback; where the JDK's provider is faster on this class of machine (performance-notes.md: HMAC
 * with the SHA intrinsics, AES with AES-NI, ML-KEM on Java 24+, MODP without BC's full-length
 * blinding) and present in the running JDK, the JDK serves it. X25519/X448 and ECDH stay with Bouncy
 * Castle, which is 2-5x faster for them.
 *
 * <p>
 * The choice is global and read at the start of each operation. {@code -Dikewb.crypto.providers=bc}
 * (or {@link #use}) forces Bouncy Castle everywhere: tests run both paths, the benchmarks compare
 * them.
 */
public final class CryptoProviders {

	/** Best available per primitive, or Bouncy Castle for everything. */
	public enum Choice {
		BEST, BOUNCY_CASTLE
	}

	private static volatile Choice choice = "bc"
			.equals(System.getProperty("ikewb.crypto.providers", "best").toLowerCase(Locale.ROOT))
					? Choice.BOUNCY_CASTLE
					: Choice.BEST;

	private static final boolean JDK_HMAC = available(() -> Mac.getInstance("HmacSHA384"));
	private static final boolean JDK_AES = available(() -> Cipher.getInstance("AES/GCM/NoPadding"))
			&& available(() -> Cipher.getInstance("AES/CBC/NoPadding"));
	private static final boolean JDK_DH = available(() -> KeyAgreement.getInstance("DH"));
	private static final boolean JDK_ML_KEM = available(() -> {
		KeyPairGenerator.getInstance("ML-KEM").initialize(new NamedParameterSpec("ML-KEM-768"));
		javax.crypto.KEM.getInstance("ML-KEM");
	});

	private CryptoProviders() {
	}

	private interface Probe {
		void run() throws GeneralSecurityException;
	}

	private static boolean available(Probe probe) {
		try {
			probe.run();
			return true;
		} catch (GeneralSecurityException | RuntimeException e) {
			return false;
		}
	}

	/**
	 * Starts, on another thread, what every exchange's first steps need and take long to set up in
	 * a fresh JVM: the JCA providers (found by the probes above) and a seeded SecureRandom. For a
	 * command line that runs one exchange: its main thread meanwhile reads its options and
	 * proposals and binds its sockets, on the machine's second core. Both are the JVM's once-only,
	 * thread-safe initialisations; whichever thread comes first does them.
	 * <p>
	 * Here, not as a static method of this class: calling one would initialise this class — the
	 * probes, the slow part — on the caller's thread before the other thread even started (which is
	 * what {@code ikewb run} did: a third of its main thread's time after the JVM's start).
	 */
	public static final class WarmUp {
		private WarmUp() {
		}

		public static void start() {
			Thread.ofPlatform().daemon().name("crypto-warm-up").start(() -> {
				try {
					choice();
					new java.security.SecureRandom().nextBytes(new byte[16]);
				} catch (RuntimeException | Error e) {
					// the thread that needs them sets them up and says what failed
				}
			});
		}
	}

	public static Choice choice() {
		return choice;
	}

	/** Sets the choice for operations started from now on. */
	public static void use(Choice newChoice) {
		choice = newChoice;
	}

	static boolean jdkHmac() {
		return JDK_HMAC && choice == Choice.BEST;
	}

	static boolean jdkAes() {
		return JDK_AES && choice == Choice.BEST;
	}

	static boolean jdkModp() {
		return JDK_DH && choice == Choice.BEST;
	}

	static boolean jdkMlKem() {
		return JDK_ML_KEM && choice == Choice.BEST;
	}

	/** Primitive → implementation in use now, for harness output and diagnostics. */
	public static Map<String, String> describe() {
		String jdk = "JDK " + Runtime.version().feature();
		Map<String, String> m = new LinkedHashMap<>();
		m.put("HMAC (PRF, integrity)", jdkHmac() ? jdk : "Bouncy Castle");
		m.put("AES-GCM-128/96, AES-CBC", jdkAes() ? jdk : "Bouncy Castle");
		m.put("AES-GCM-64, ChaCha20-Poly1305, AES-XCBC", "Bouncy Castle");
		m.put("MODP", jdkModp() ? jdk : "Bouncy Castle");
		m.put("ML-KEM", jdkMlKem() ? jdk : "Bouncy Castle" + (JDK_ML_KEM ? "" : " (the JDK has no ML-KEM before 24)"));
		m.put("X25519, X448, ECP, brainpool", "Bouncy Castle");
		return m;
	}
}
