package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.ikewb.crypto.Certificates;
import org.ikewb.crypto.Pki;
import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue #22's authentication catalogue against strongSwan 6.1: charon holds a flawed certificate
 * (expired, not valid yet, from another CA, revoked, under a CA without keyCertSign, under an end
 * entity it will not send as an issuer, without IKE in its extended key usage) and presents it, as responder to our
 * initiator and as initiator to our responder; our engine refuses each with AUTHENTICATION_FAILED
 * and says why. A control case with a good certificate establishes in both roles.
 */
class AuthenticationInteropTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final SecureRandom RANDOM = new SecureRandom();

	@BeforeAll
	static void root() throws Exception {
		String id = StrongSwan.run(10, "id", "-u").strip();
		if (!id.equals("0")) {
			fail("the strongSwan interop suite needs root (id -u = " + id + ")");
		}
	}

	/** Charon's certificate (its chain, end entity first) for {@code cn}, and what our engine must say. */
	record Flaw(String name, Function<String, Certificates.Local> issue, boolean revoked, String reason) {
	}

	private static List<Flaw> flaws(Pki ca, Pki other) {
		return List.of(new Flaw("good", cn -> ca.issue(cn, cn + ".peer.test"), false, null),
				new Flaw("expired", cn -> ca.issue(cn, cn + ".peer.test", Pki.Flaw.EXPIRED), false, ": expired"),
				new Flaw("notyet", cn -> ca.issue(cn, cn + ".peer.test", Pki.Flaw.NOT_YET_VALID), false, ": not valid yet"),
				new Flaw("otherca", cn -> other.issue(cn, cn + ".peer.test"), false, "not issued by a trusted CA"),
				new Flaw("revoked", cn -> ca.issue(cn, cn + ".peer.test"), true, ": revoked on "),
				new Flaw("signless", cn -> ca.intermediate("Signless CA", Pki.CaFlaw.NO_KEY_CERT_SIGN).issue(cn, cn + ".peer.test"),
						false, "CN=Signless CA: its key usage does not allow it"),
				// charon does not take an end entity (cA false) in x509ca/ for an issuer and sends its own
				// certificate alone: what reaches us leads to no trusted CA (the engine catalogue sends both)
				new Flaw("notaca", cn -> ca.intermediate("Not a CA", Pki.CaFlaw.NOT_A_CA).issue(cn, cn + ".peer.test"), false,
						"not issued by a trusted CA"),
				new Flaw("email", cn -> ca.issue(cn, cn + ".peer.test", Pki.Flaw.EMAIL_ONLY), false, "does not include IKE"));
	}

	/** charon's credential files: its chain's end entity, the intermediates (sent in CERT payloads), its key, our CA. */
	private static Map<String, String> files(Pki ca, String cn, Certificates.Local theirs) {
		Map<String, String> files = new HashMap<>();
		files.put("x509ca/ca.pem", Pki.certificatePem(List.of(ca.caCertificate())));
		files.put("x509/" + cn + ".pem", Pki.certificatePem(theirs.chain().subList(0, 1)));
		for (int i = 1; i < theirs.chain().size(); i++) {
			files.put("x509ca/sub" + i + ".pem", Pki.certificatePem(List.of(theirs.chain().get(i))));
		}
		files.put("private/" + cn + ".key", Pki.privateKeyPem(theirs));
		return files;
	}

	private static String conf(String local, String remote, String remoteAddrs, String extra) {
		return """
				connections {
				  ikewb {
				    version = 2
				    local_addrs = 127.0.0.1
				    remote_addrs = %s
				    %s
				    proposals = %s
				    mobike = no
				    fragmentation = yes
				    send_cert = always
				    local {
				      auth = pubkey
				      certs = %s.pem
				      id = "CN=%s"
				    }
				    remote {
				      auth = pubkey
				      id = "CN=%s"
				    }
				    children {
				      ikewb {
				        local_ts = 0.0.0.0/0
				        remote_ts = 0.0.0.0/0
				        policies = no
				        esp_proposals = aes256gcm16
				        start_action = none
				      }
				    }
				  }
				}
				""".formatted(remoteAddrs, extra, IKE, local, local, remote);
	}

	@TestFactory
	Stream<DynamicTest> charonsFlawedCertificatesAreRefusedInBothRoles() {
		Pki ca = Pki.newCa("IKEv2 Workbench interop CA", RANDOM);
		Pki other = Pki.newCa("Another CA", RANDOM);
		List<DynamicTest> tests = new ArrayList<>();
		int port = 15100;
		for (Flaw f : flaws(ca, other)) {
			int p = port;
			port += 10;
			tests.add(DynamicTest.dynamicTest("our initiator, charon responds with a " + f.name() + " certificate", () -> {
				Certificates.Local theirs = f.issue().apply("responder");
				Certificates.Local mine = ca.issue("initiator", "initiator.peer.test");
				IkeConfig ours = IkeConfig.psk(StrongSwanInteropTest.US, null, null, IKE, "aes256gcm16")
						.withCertificates(mine, List.of(ca.caCertificate())).withRetransmission(500, 3);
				if (f.revoked()) {
					ours = ours.withCrls(List.of(ca.crl(theirs.chain().subList(0, 1))));
				}
				try (StrongSwan peer = StrongSwan.start("a-" + f.name(), p, conf("responder", "initiator", "%any", ""),
						files(ca, "responder", theirs));
						Engine engine = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true)) {
					InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), p);
					if (f.reason() == null) {
						engine.initiate(ours, to).get(30, TimeUnit.SECONDS);
						return;
					}
					IkeConfig config = ours;
					ExecutionException e = assertThrows(ExecutionException.class, () -> engine.initiate(config, to).get(30, TimeUnit.SECONDS));
					String m = e.getCause().getMessage();
					assertTrue(m.startsWith("AUTHENTICATION_FAILED") && m.contains(f.reason()), m);
				}
			}));
			tests.add(DynamicTest.dynamicTest("our responder, charon initiates with a " + f.name() + " certificate", () -> {
				Certificates.Local theirs = f.issue().apply("initiator");
				Certificates.Local mine = ca.issue("responder", "responder.peer.test");
				IkeConfig ours = IkeConfig.psk(StrongSwanInteropTest.THEM, null, null, IKE, "aes256gcm16")
						.withCertificates(mine, List.of(ca.caCertificate()));
				if (f.revoked()) {
					ours = ours.withCrls(List.of(ca.crl(theirs.chain().subList(0, 1))));
				}
				try (Engine engine = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true)) {
					List<TraceEvent> trace = new CopyOnWriteArrayList<>();
					engine.addListener(trace::add);
					engine.respondWith(ours);
					try (StrongSwan peer = StrongSwan.start("r-" + f.name(), p + 5, conf("initiator", "responder", "127.0.0.1",
							"remote_port = " + engine.localAddress().getPort()), files(ca, "initiator", theirs))) {
						String initiated = peer.swanctl("--initiate", "--child", "ikewb", "--ike", "ikewb", "--timeout", "20");
						if (f.reason() == null) {
							assertTrue(initiated.contains("initiate completed successfully"), initiated);
							return;
						}
						assertFalse(initiated.contains("initiate completed successfully"), initiated);
						assertTrue(peer.log().contains("received AUTHENTICATION_FAILED notify error"), "charon hears why it failed");
						assertTrue(engine.flushTrace(Duration.ofSeconds(5)));
						assertTrue(trace.stream().anyMatch(t -> t instanceof TraceEvent.Error er && er.reason().startsWith("AUTHENTICATION_FAILED")
								&& er.reason().contains(f.reason())), () -> "our trace names '" + f.reason() + "': "
										+ trace.stream().filter(t -> t instanceof TraceEvent.Error).toList());
					}
				}
			}));
		}
		return tests.stream();
	}
}
