package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.IkeSaState;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ProposalSyntax;
import org.junit.jupiter.api.Test;

/**
 * Libreswan 5.2 (Debian forky) as a second IKEv2 implementation, in both roles: PSK with AES-GCM
 * and with AES-CBC + HMAC-SHA2, a fragmented IKE_AUTH, IKE SA rekeys started by either side, and
 * deletes. Each case starts pluto with its own ipsec.conf (accepted by ipsec addconn --checkconfig)
 * and checks both sides: our result and events, pluto's state list and log.
 *
 * The kernel here has XFRM but no ESP, so pluto cannot install a Child SA: as responder it answers
 * the Child SA of IKE_AUTH with TEMPORARY_FAILURE (the IKE SA stands, RFC 7296 §2.21.2), as
 * initiator it deletes the Child SA it could not install. The cases check the IKE SA; Child SAs
 * against Libreswan need a kernel with ESP (or childless IKE SAs, RFC 6023, which the PPK issue
 * brings).
 */
class LibreswanInteropTest {

	private static final String PSK = "libreswan-interop-psk-0123456789";
	private static final String SECRETS = "@%s @%s : PSK \"" + PSK + "\"\n";

	private static byte[] psk() {
		return PSK.getBytes(StandardCharsets.US_ASCII);
	}

	/** pluto answers; our engine initiates. */
	private static String responderConf(String initiatorId, String ike, String esp) {
		return """
				config setup
				    plutodebug=base
				conn from-ours
				    keyexchange=ikev2
				    left=%s
				    leftid=@pluto.ikewb
				    right=%%any
				    rightid=@%s
				    authby=secret
				    ike=%s
				    esp=%s
				    fragmentation=yes
				    auto=add
				""".formatted(Libreswan.PLUTO, initiatorId, ike, esp);
	}

	private static Engine hostEngine(int port) throws Exception {
		return Engine.bind(new InetSocketAddress(InetAddress.getByName(Libreswan.HOST), port), false);
	}

	private static EstablishedSa initiate(Engine engine, String id, String ike, String esp, int fragmentSize)
			throws Exception {
		IkeConfig config = IkeConfig.psk(IkeConfig.Identity.fqdn(id), IkeConfig.Identity.fqdn("pluto.ikewb"),
				LibreswanInteropTest::psk, ike, esp).withFragmentSize(fragmentSize);
		return engine.initiate(config, new InetSocketAddress(InetAddress.getByName(Libreswan.PLUTO), 500))
				.get(30, TimeUnit.SECONDS);
	}

	@Test
	void ourInitiatorWithAesGcmAndX25519() throws Exception {
		try (Libreswan pluto = Libreswan.start(responderConf("gcm.ikewb", "aes_gcm256-sha2_384;dh31", "aes_gcm256"),
				SECRETS.formatted("pluto.ikewb", "gcm.ikewb")); Engine ours = hostEngine(0)) {
			EstablishedSa sa = initiate(ours, "gcm.ikewb", "aes256gcm16-prfsha384-x25519", "aes256gcm16", 1280);
			assertEquals("aes256gcm16-prfsha384-x25519", ProposalSyntax.format(sa.proposal()));
			assertTrue(pluto.logContains("responder established IKE SA; authenticated peer using authby=secret and ID_FQDN '@gcm.ikewb'", 5000),
					() -> log(pluto));
			assertTrue(pluto.ipsec("showstates").contains("ESTABLISHED_IKE_SA"));
			assertTrue(sa.children().isEmpty(), "this kernel has no ESP: pluto refuses the Child SA, the IKE SA stands");
			ours.delete(sa);
			assertTrue(pluto.logContains("deleting IKE SA", 5000), () -> log(pluto));
			assertFalse(pluto.ipsec("showstates").contains("ESTABLISHED_IKE_SA"), "deleted on both sides");
		}
	}

	@Test
	void ourInitiatorWithAesCbcHmacSha256AndEcp256() throws Exception {
		try (Libreswan pluto = Libreswan.start(responderConf("cbc.ikewb", "aes256-sha2_256;dh19", "aes256-sha2_256"),
				SECRETS.formatted("pluto.ikewb", "cbc.ikewb")); Engine ours = hostEngine(0)) {
			EstablishedSa sa = initiate(ours, "cbc.ikewb", "aes256-prfsha256-sha256-ecp256", "aes256-sha256", 1280);
			assertEquals("aes256-prfsha256-sha256-ecp256", ProposalSyntax.format(sa.proposal()));
			assertTrue(pluto.logContains("responder established IKE SA", 5000), () -> log(pluto));
			assertTrue(pluto.log().contains("AES_CBC_256") && pluto.log().contains("HMAC_SHA2_256_128"), () -> log(pluto));
		}
	}

	@Test
	void ourFragmentedIkeAuthIsReassembledByPlutoAndOurInitiatorRekeysTheIkeSa() throws Exception {
		try (Libreswan pluto = Libreswan.start(responderConf("frag.ikewb", "aes_gcm256-sha2_512;dh31", "aes_gcm256"),
				SECRETS.formatted("pluto.ikewb", "frag.ikewb")); Engine ours = hostEngine(0)) {
			List<TraceEvent> events = new CopyOnWriteArrayList<>();
			ours.addListener(events::add);
			EstablishedSa sa = initiate(ours, "frag.ikewb", "aes256gcm16-prfsha512-x25519", "aes256gcm16", 200);
			long fragments = events.stream().filter(e -> e instanceof TraceEvent.Message m
					&& m.direction() == TraceEvent.Direction.SENT && m.datagrams().size() > 1).count();
			assertTrue(fragments >= 1, "IKE_AUTH went out in fragments (RFC 7383)");
			assertTrue(pluto.logContains("responder established IKE SA", 5000), () -> log(pluto));

			EstablishedSa next = ours.rekeyIke(ours.current(sa).get(5, TimeUnit.SECONDS)).get(30, TimeUnit.SECONDS);
			assertNotEquals(sa.initiatorSpi(), next.initiatorSpi());
			assertTrue(pluto.logContains("responder rekeyed IKE SA", 5000), () -> log(pluto));
			// the old IKE SA is deleted; the new one is the only one pluto keeps, and it still answers
			ours.checkLiveness(next).get(20, TimeUnit.SECONDS);
			assertEquals(1, Consumers.count(pluto.ipsec("showstates"), "ESTABLISHED_IKE_SA"), () -> {
				try {
					return pluto.ipsec("showstates");
				} catch (Exception e) {
					return e.toString();
				}
			});
		}
	}

	/** pluto's side of a certificate case: its certificate (nickname "pluto") from a CA made for the run. */
	private static String certificateConf(String name, boolean plutoInitiates, int ourPort) {
		return """
				config setup
				    plutodebug=base
				conn %s
				    keyexchange=ikev2
				    left=%s
				    leftcert=pluto
				    leftid="CN=pluto"
				    right=%s
				    rightid="CN=%s"
				    %s
				    authby=ecdsa
				    ike=aes_gcm256-sha2_384;dh31
				    esp=aes_gcm256
				    fragmentation=yes
				    auto=add
				""".formatted(name, Libreswan.PLUTO, plutoInitiates ? Libreswan.HOST : "%any",
				plutoInitiates ? "responder" : "initiator", plutoInitiates ? "rightikeport=" + ourPort : "");
	}

	@Test
	void ourInitiatorAuthenticatesWithEcdsaCertificates() throws Exception {
		java.security.SecureRandom random = new java.security.SecureRandom();
		org.ikewb.crypto.Pki ca = org.ikewb.crypto.Pki.newCa("IKEv2 Workbench Libreswan CA", random);
		org.ikewb.crypto.Certificates.Local plutos = ca.issue("pluto", "pluto.ikewb");
		org.ikewb.crypto.Certificates.Local mine = ca.issue("initiator", "initiator.ikewb");
		try (Libreswan pluto = Libreswan.start(certificateConf("from-ours-cert", false, 0), "",
				org.ikewb.crypto.Pki.certificatePem(List.of(ca.caCertificate())), plutos); Engine ours = hostEngine(0)) {
			IkeConfig config = IkeConfig.psk(IkeConfig.Identity.fqdn("initiator.ikewb"), null, null,
					"aes256gcm16-prfsha384-x25519", "aes256gcm16").withCertificates(mine, List.of(ca.caCertificate()));
			EstablishedSa sa = ours.initiate(config, new InetSocketAddress(InetAddress.getByName(Libreswan.PLUTO), 500))
					.get(30, TimeUnit.SECONDS);
			assertEquals("CN=pluto", org.ikewb.crypto.Certificates.describeName(sa.peerId().data()),
					"pluto's certificate, verified against the CA");
			assertTrue(pluto.logContains("responder established IKE SA; authenticated peer using authby=ecdsa", 5000)
					|| pluto.log().contains("responder established IKE SA"), () -> log(pluto));
			assertTrue(log(pluto).contains("CN=initiator"), () -> log(pluto));
		}
	}

	@Test
	void plutoAuthenticatesWithEcdsaCertificatesToOurResponder() throws Exception {
		int port = 14813;
		java.security.SecureRandom random = new java.security.SecureRandom();
		org.ikewb.crypto.Pki ca = org.ikewb.crypto.Pki.newCa("IKEv2 Workbench Libreswan CA", random);
		org.ikewb.crypto.Certificates.Local plutos = ca.issue("pluto", "pluto.ikewb");
		org.ikewb.crypto.Certificates.Local mine = ca.issue("responder", "responder.ikewb");
		try (Libreswan pluto = Libreswan.start(certificateConf("to-ours-cert", true, port), "",
				org.ikewb.crypto.Pki.certificatePem(List.of(ca.caCertificate())), plutos); Engine ours = hostEngine(port)) {
			List<TraceEvent> events = new CopyOnWriteArrayList<>();
			ours.addListener(events::add);
			ours.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("responder.ikewb"), null, null,
					"aes256gcm16-prfsha384-x25519", "aes256gcm16").withCertificates(mine, List.of(ca.caCertificate())));
			pluto.ipsec("up", "--asynchronous", "to-ours-cert");
			assertTrue(pluto.logContains("initiator established IKE SA", 15000),
					() -> "our responder: " + events.stream().filter(e -> e instanceof TraceEvent.Error).toList());
			List<EstablishedSa> established = ours.established().get(5, TimeUnit.SECONDS);
			assertEquals(1, established.size(), "our responder holds the IKE SA pluto made");
			assertEquals("CN=pluto", org.ikewb.crypto.Certificates.describeName(established.get(0).peerId().data()));
		}
	}

	@Test
	void ourInitiatorRekeysTheIkeSaToAnotherPrfAndPlutoAgreesOnTheKeys() throws Exception {
		// the new IKE SA's keys come from the old SA's PRF (RFC 7296 §2.18): a liveness check under the new
		// keys, answered by pluto, shows both derived the same
		try (Libreswan pluto = Libreswan.start(responderConf("prf.ikewb", "aes_gcm256-sha2_256;dh31,aes_gcm256-sha2_384;dh20",
				"aes_gcm256"), SECRETS.formatted("pluto.ikewb", "prf.ikewb")); Engine ours = hostEngine(0)) {
			EstablishedSa sa = initiate(ours, "prf.ikewb", "aes256gcm16-prfsha256-x25519", "aes256gcm16", 1280);
			EstablishedSa up = ours.rekeyIke(sa, "aes256gcm16-prfsha384-ecp384").get(30, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-prfsha384-ecp384", ProposalSyntax.format(up.proposal()));
			assertTrue(pluto.logContains("responder rekeyed IKE SA", 5000), () -> log(pluto));
			assertTrue(log(pluto).contains("prf=HMAC_SHA2_384"), () -> log(pluto));
			live(ours, up, pluto);
			EstablishedSa down = ours.rekeyIke(ours.current(up).get(5, TimeUnit.SECONDS), "aes256gcm16-prfsha256-x25519")
					.get(30, TimeUnit.SECONDS);
			live(ours, down, pluto);
		}
	}

	/** A liveness check pluto must answer under the SA's keys; its log when it does not. */
	private static void live(Engine ours, EstablishedSa sa, Libreswan pluto) throws Exception {
		try {
			ours.checkLiveness(sa).get(20, TimeUnit.SECONDS);
		} catch (java.util.concurrent.TimeoutException e) {
			String log = log(pluto);
			throw new AssertionError("pluto did not answer under the keys of " + ProposalSyntax.format(sa.proposal()) + ":\n"
					+ log.lines().filter(l -> !l.contains("| ")).reduce("", (a, b) -> a + b + "\n"));
		}
	}

	/** pluto initiates with a PSK to our responder on {@code port}; {@code extra}: more conn lines. */
	private static String plutoToOursConf(String name, int port, String extra) {
		return """
				config setup
				    plutodebug=base
				conn %s
				    keyexchange=ikev2
				    left=%s
				    leftid=@pluto.ikewb
				    right=%s
				    rightikeport=%d
				    rightid=@responder.ikewb
				    authby=secret
				    ike=aes_gcm256-sha2_384;dh31
				    esp=aes_gcm256
				%s    auto=add
				""".formatted(name, Libreswan.PLUTO, Libreswan.HOST, port, extra);
	}

	/**
	 * Our responder answers pluto's PSK conn, which pluto brings up; its trace events go to
	 * {@code events}. Returns the IKE SAs our responder holds once pluto says it is established.
	 */
	private static List<EstablishedSa> plutoUp(Libreswan pluto, String conn, Engine ours, List<TraceEvent> events)
			throws Exception {
		ours.addListener(events::add);
		ours.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("responder.ikewb"), null, LibreswanInteropTest::psk,
				"aes256gcm16-prfsha384-x25519", "aes256gcm16"));
		String up = pluto.ipsec("up", "--asynchronous", conn);
		assertTrue(pluto.logContains("initiator established IKE SA", 15000), () -> up + "\nour responder: "
				+ events.stream().filter(e -> e instanceof TraceEvent.Error).toList() + "\n" + log(pluto));
		return ours.established().get(5, TimeUnit.SECONDS);
	}

	@Test
	void plutoWithIntermediateYesRunsAnEmptyIkeIntermediateWithOurResponder() throws Exception {
		// Libreswan 5.2 has no RFC 9370; with intermediate=yes it sends one IKE_INTERMEDIATE without
		// content (RFC 9242), which both sides put into the IntAuth chain of IKE_AUTH
		int port = 14815;
		try (Libreswan pluto = Libreswan.start(plutoToOursConf("to-ours-int", port, "    intermediate=yes\n"),
				SECRETS.formatted("pluto.ikewb", "responder.ikewb")); Engine ours = hostEngine(port)) {
			List<TraceEvent> events = new CopyOnWriteArrayList<>();
			List<EstablishedSa> established = plutoUp(pluto, "to-ours-int", ours, events);
			assertEquals(1, established.size());
			assertEquals(1, established.get(0).intermediateExchanges(), "one IKE_INTERMEDIATE in the IntAuth chain");
			assertTrue(events.stream().anyMatch(e -> e instanceof TraceEvent.IntAuthUpdated), "IntAuth traced");
		}
	}

	@Test
	void plutoInitiatesToOurResponderAndRekeysTheIkeSa() throws Exception {
		int port = 14811;
		try (Libreswan pluto = Libreswan.start(plutoToOursConf("to-ours", port, ""),
				SECRETS.formatted("pluto.ikewb", "responder.ikewb")); Engine ours = hostEngine(port)) {
			List<TraceEvent> events = new CopyOnWriteArrayList<>();
			List<EstablishedSa> established = plutoUp(pluto, "to-ours", ours, events);
			assertEquals(1, established.size(), "our responder holds the IKE SA pluto made");
			assertEquals("aes256gcm16-prfsha384-x25519", ProposalSyntax.format(established.get(0).proposal()));

			pluto.ipsec("whack", "--rekey-ike", "--name", "to-ours");
			assertTrue(pluto.logContains("initiator rekeyed IKE SA", 15000), () -> log(pluto));
			long deadline = System.currentTimeMillis() + 10_000;
			while (System.currentTimeMillis() < deadline && events.stream().noneMatch(
					e -> e instanceof TraceEvent.StateChanged s && s.to() == IkeSaState.DELETED)) {
				Thread.sleep(100);
			}
			List<EstablishedSa> after = ours.established().get(5, TimeUnit.SECONDS);
			assertEquals(1, after.size(), "the rekeyed IKE SA replaced the old one: " + after);
			assertNotEquals(established.get(0).initiatorSpi(), after.get(0).initiatorSpi());
		}
	}

	private static String log(Libreswan pluto) {
		try {
			return pluto.log();
		} catch (Exception e) {
			return e.toString();
		}
	}
}
