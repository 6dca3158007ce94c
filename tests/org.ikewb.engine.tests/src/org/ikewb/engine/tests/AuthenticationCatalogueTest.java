package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import org.ikewb.crypto.Certificates;
import org.ikewb.crypto.Pki;
import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue #22, who gets in: each way a peer can fail to prove who it is, refused with
 * AUTHENTICATION_FAILED and a reason in the trace, in both roles — our responder refusing an
 * initiator, and our initiator refusing a responder — over UDP on loopback, engine against engine.
 * A control case with the same setup establishes, so each refusal is the flaw's doing.
 */
class AuthenticationCatalogueTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final SecureRandom RANDOM = new SecureRandom();
	private static Pki ca;
	private static Pki other;
	private static Engine initiator;
	private static Engine responder;
	private static final List<TraceEvent> RESPONDER_TRACE = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void bind() throws Exception {
		ca = Pki.newCa("Catalogue CA", RANDOM);
		other = Pki.newCa("Another CA", RANDOM);
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		initiator = Engine.bind(any, false);
		responder = Engine.bind(any, false);
		responder.addListener(RESPONDER_TRACE::add);
	}

	@AfterAll
	static void close() {
		initiator.close();
		responder.close();
	}

	private static IkeConfig certificates(Certificates.Local ours) {
		return IkeConfig.psk(IkeConfig.Identity.fqdn("unused"), null, null, IKE, "aes256gcm16")
				.withCertificates(ours, List.of(ca.caCertificate())).withRetransmission(300, 2);
	}

	private static IkeConfig psk(String local, String remote, String key) {
		byte[] k = key.getBytes(StandardCharsets.UTF_8);
		return IkeConfig.psk(IkeConfig.Identity.fqdn(local), IkeConfig.Identity.fqdn(remote), () -> k.clone(), IKE, "aes256gcm16")
				.withRetransmission(300, 2);
	}

	private static final String KEY = "a-long-random-pre-shared-key-0123456789";

	/**
	 * A flaw of one side's credentials, made for {@code name} (its CN and DNS name): the configuration
	 * of the side that has it. The other side is a good peer of the same CA.
	 */
	record Flawed(String what, BiFunction<String, String, IkeConfig> side, String reason) {
	}

	private static List<Flawed> flaws() {
		List<Flawed> out = new ArrayList<>();
		out.add(new Flawed("a certificate from another CA", (cn, dns) -> certificates(other.issue(cn, dns)), "not issued by a trusted CA"));
		out.add(new Flawed("an expired certificate", (cn, dns) -> certificates(ca.issue(cn, dns, Pki.Flaw.EXPIRED)), ": expired"));
		out.add(new Flawed("a certificate not valid yet", (cn, dns) -> certificates(ca.issue(cn, dns, Pki.Flaw.NOT_YET_VALID)),
				": not valid yet"));
		out.add(new Flawed("a revoked certificate", null, ": revoked on "));
		out.add(new Flawed("a CA without keyCertSign", (cn, dns) -> certificates(ca.intermediate("Signless CA", Pki.CaFlaw.NO_KEY_CERT_SIGN)
				.issue(cn, dns)), "CN=Signless CA: its key usage does not allow it in this place of the path (a CA needs keyCertSign)"));
		out.add(new Flawed("an end entity used as a CA", (cn, dns) -> certificates(ca.intermediate("Not a CA", Pki.CaFlaw.NOT_A_CA)
				.issue(cn, dns)), "CN=Not a CA: used as a CA, but it is not one (basicConstraints)"));
		out.add(new Flawed("an unknown critical extension", (cn, dns) -> certificates(ca.issue(cn, dns,
				Pki.Flaw.UNKNOWN_CRITICAL_EXTENSION)), "carries a critical extension that is not understood"));
		out.add(new Flawed("a key usage without digitalSignature", (cn, dns) -> certificates(ca.issue(cn, dns,
				Pki.Flaw.NO_DIGITAL_SIGNATURE)), "its key usage does not allow digital signatures (RFC 4945 §5.1.3.2)"));
		out.add(new Flawed("an extended key usage without IKE", (cn, dns) -> certificates(ca.issue(cn, dns, Pki.Flaw.EMAIL_ONLY)),
				"does not include IKE (id-kp-ipsecIKE, RFC 4945 §5.1.3.12)"));
		out.add(new Flawed("an ID the certificate does not name", (cn, dns) -> certificates(ca.issue(cn, dns))
				.withLocalId(IkeConfig.Identity.fqdn("intruder.example")), "the certificate does not name the peer's identity"));
		return out;
	}

	@TestFactory
	Stream<DynamicTest> eachFlawIsRefusedInBothRoles() {
		List<DynamicTest> tests = new ArrayList<>();
		tests.add(DynamicTest.dynamicTest("control: good certificates establish", () -> {
			responder.respondWith(certificates(ca.issue("responder", "responder.test")));
			initiator.initiate(certificates(ca.issue("initiator", "initiator.test")), responder.localAddress()).get(10, TimeUnit.SECONDS);
		}));
		for (Flawed f : flaws()) {
			tests.add(DynamicTest.dynamicTest("our responder refuses " + f.what(), () -> {
				IkeConfig[] goodBad = pair(f, "responder", "initiator");
				responderRefuses(goodBad[0], goodBad[1], f.reason());
			}));
			tests.add(DynamicTest.dynamicTest("our initiator refuses " + f.what(), () -> {
				IkeConfig[] goodBad = pair(f, "initiator", "responder");
				initiatorRefuses(goodBad[0], goodBad[1], f.reason());
			}));
		}
		tests.add(DynamicTest.dynamicTest("our responder refuses a wrong PSK", () -> responderRefuses(
				psk("gw.test", "branch.test", KEY), psk("branch.test", "gw.test", KEY + "-not"),
				"AUTH does not verify with our pre-shared key")));
		tests.add(DynamicTest.dynamicTest("our responder refuses an identity it does not expect", () -> responderRefuses(
				psk("gw.test", "branch.test", KEY), psk("intruder.example", "gw.test", KEY), "intruder.example")));
		tests.add(DynamicTest.dynamicTest("our initiator refuses a responder with another identity", () -> initiatorRefuses(
				psk("branch.test", "gw.test", KEY), psk("intruder.example", "branch.test", KEY), "intruder.example")));
		return tests.stream();
	}

	/**
	 * Our good configuration ({@code ours}'s certificate) and the peer's flawed one ({@code theirs}):
	 * for a revoked certificate, ours holds the CRL that lists the peer's.
	 */
	private static IkeConfig[] pair(Flawed f, String ours, String theirs) {
		IkeConfig good = certificates(ca.issue(ours, ours + ".test"));
		if (f.side() != null) {
			return new IkeConfig[] { good, f.side().apply(theirs, theirs + ".test") };
		}
		Certificates.Local revoked = ca.issue(theirs, theirs + ".test");
		return new IkeConfig[] { good.withCrls(List.of(ca.crl(revoked.chain()))), certificates(revoked) };
	}

	/** {@code theirs} initiates to our responder ({@code ours}), which refuses it and says why in its trace. */
	private static void responderRefuses(IkeConfig ours, IkeConfig theirs, String reason) throws Exception {
		RESPONDER_TRACE.clear();
		responder.respondWith(ours);
		ExecutionException e = assertThrows(ExecutionException.class,
				() -> initiator.initiate(theirs, responder.localAddress()).get(10, TimeUnit.SECONDS));
		assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
		assertTrue(responder.flushTrace(Duration.ofSeconds(5)));
		assertTrue(RESPONDER_TRACE.stream().anyMatch(t -> t instanceof TraceEvent.Error er && er.reason().contains(reason)),
				() -> "the responder's trace names '" + reason + "': " + RESPONDER_TRACE.stream()
						.filter(t -> t instanceof TraceEvent.Error).toList());
	}

	/** Our initiator ({@code ours}) to a responder ({@code theirs}) whose credentials it refuses, saying why. */
	private static void initiatorRefuses(IkeConfig ours, IkeConfig theirs, String reason) throws Exception {
		responder.respondWith(theirs);
		ExecutionException e = assertThrows(ExecutionException.class,
				() -> initiator.initiate(ours, responder.localAddress()).get(10, TimeUnit.SECONDS));
		String m = e.getCause().getMessage();
		assertTrue(m.startsWith("AUTHENTICATION_FAILED") && m.contains(reason), m);
	}
}
