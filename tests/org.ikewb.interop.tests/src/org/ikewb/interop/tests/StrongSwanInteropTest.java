package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ProposalSyntax;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Our engine against a real strongSwan 6.1 (ML-KEM through OpenSSL 3.6), as initiator and as
 * responder. Each case writes the charon configuration it needs, checks our result, strongSwan's
 * view ({@code swanctl --list-sas}) and that both derived the same Child SA keys (charon logs them).
 */
class StrongSwanInteropTest {

	static final String PSK = "interop-test-psk-0123456789";
	static final IkeConfig.Identity US = IkeConfig.Identity.email("initiator@peer.test");
	static final IkeConfig.Identity THEM = IkeConfig.Identity.email("responder@peer.test");

	@BeforeAll
	static void root() throws Exception {
		String id = StrongSwan.run(10, "id", "-u").strip();
		if (!id.equals("0")) {
			// the interop profile needs root for the chroot; under CI that is an error, never a skip
			fail("the strongSwan interop suite needs root (id -u = " + id + ")");
		}
	}

	/** charon answering us: PSK, responder@peer.test, any initiator. */
	static String responderConf(String ike, String esp) {
		return conf("remote_addrs = %any", "responder@peer.test", "%any", ike, esp);
	}

	/** charon initiating to our engine on {@code ourPort}. */
	static String initiatorConf(int ourPort, String ike, String esp) {
		return conf("remote_addrs = 127.0.0.1\n    remote_port = " + ourPort, "initiator@peer.test", "responder@peer.test",
				ike, esp);
	}

	private static String conf(String remote, String localId, String remoteId, String ike, String esp) {
		return conf(remote, localId, remoteId, ike, esp, "", "");
	}

	/** charon's swanctl.conf with more connection lines ({@code extra}) and more secrets ({@code secrets}). */
	static String conf(String remote, String localId, String remoteId, String ike, String esp, String extra,
			String secrets) {
		return """
				connections {
				  ikewb {
				    version = 2
				    local_addrs = 127.0.0.1
				    %s
				    proposals = %s
				    mobike = no
				    fragmentation = yes
				    send_certreq = no
				%s
				    local {
				      auth = psk
				      id = %s
				    }
				    remote {
				      auth = psk
				      id = %s
				    }
				    children {
				      ikewb {
				        local_ts = 0.0.0.0/0
				        remote_ts = 0.0.0.0/0
				        policies = no
				        esp_proposals = %s
				        start_action = none
				      }
				    }
				  }
				}
				secrets {
				  ike-interop {
				    secret = "%s"
				  }
				%s}
				""".formatted(remote, ike, extra, localId, remoteId, esp, PSK, secrets);
	}

	private static IkeConfig ours(IkeConfig.Identity local, IkeConfig.Identity remote, String psk, String ike, String esp) {
		byte[] key = psk.getBytes(StandardCharsets.US_ASCII);
		// strongSwan runs prf+ of an IKE SA rekeyed to another PRF with the old PRF (IkeConfig.RekeyKeys)
		return IkeConfig.psk(local, remote, key::clone, ike, esp).withRetransmission(500, 4)
				.withRekeyKeys(IkeConfig.RekeyKeys.STRONGSWAN);
	}

	private static Engine engine() throws Exception {
		return Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
	}

	/** We initiate against charon; returns our SA after checking strongSwan's view and the Child SA keys. */
	private static EstablishedSa weInitiate(String name, int port, String ike, String esp, String expectedSuite)
			throws Exception {
		long start = System.nanoTime();
		try (StrongSwan peer = StrongSwan.start(name, port, responderConf(ike, esp)); Engine engine = engine()) {
			EstablishedSa sa = engine.initiate(ours(US, THEM, PSK, ike, esp).withFragmentSize(1280),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).get(30, TimeUnit.SECONDS);
			String sas = peer.swanctl("--list-sas");
			assertTrue(sas.contains(expectedSuite), "strongSwan's view:\n" + sas);
			assertTrue(sas.contains("ESTABLISHED"), sas);
			assertChildKeys(peer, sa.children().get(0));
			System.out.printf("interop %-40s %5d ms  %s%n", name, (System.nanoTime() - start) / 1_000_000,
					ProposalSyntax.format(sa.proposal()));
			return sa;
		}
	}

	static void assertChildKeys(StrongSwan peer, EstablishedSa.Child child) throws Exception {
		List<byte[]> initiatorKeys = peer.dumps("encryption initiator key");
		List<byte[]> responderKeys = peer.dumps("encryption responder key");
		assertTrue(!initiatorKeys.isEmpty(), "charon logged the Child SA keys");
		assertArrayEquals(initiatorKeys.get(initiatorKeys.size() - 1), child.keys().encryptionInitiator().toByteArray(),
				"Child SA key initiator → responder");
		assertArrayEquals(responderKeys.get(responderKeys.size() - 1), child.keys().encryptionResponder().toByteArray(),
				"Child SA key responder → initiator");
	}

	@Test
	void weInitiateX25519PlusMlKem768() throws Exception {
		EstablishedSa sa = weInitiate("i-x25519-mlkem768", 14510, "aes256gcm16-prfsha384-x25519-ke1_mlkem768",
				"aes256gcm16", "AES_GCM_16-256/PRF_HMAC_SHA2_384/CURVE_25519/KE1_ML_KEM_768");
		assertEquals(1, sa.intermediateExchanges());
	}

	@Test
	void weInitiateThreeRoundsWithAesCbcAndFragments() throws Exception {
		EstablishedSa sa = weInitiate("i-ecp384-3rounds", 14520, "aes256-sha256-prfsha256-ecp384-ke1_mlkem1024-ke2_mlkem512",
				"aes256-sha256", "AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_384/KE1_ML_KEM_1024/KE2_ML_KEM_512");
		assertEquals(2, sa.intermediateExchanges());
	}

	@Test
	void weInitiateAndTheRoundChosenAsNoneDoesNotHappen() throws Exception {
		EstablishedSa sa;
		long start = System.nanoTime();
		try (StrongSwan peer = StrongSwan.start("i-none", 14530, responderConf("aes256gcm16-prfsha256-x25519-ke1_none",
				"aes256gcm16")); Engine engine = engine()) {
			sa = engine.initiate(ours(US, THEM, PSK, "aes256gcm16-prfsha256-x25519-ke1_mlkem768-ke1_none", "aes256gcm16"),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), 14530)).get(30, TimeUnit.SECONDS);
			assertTrue(peer.swanctl("--list-sas").contains("ESTABLISHED"));
			assertChildKeys(peer, sa.children().get(0));
		}
		assertEquals(0, sa.intermediateExchanges());
		System.out.printf("interop %-40s %5d ms  %s%n", "i-none", (System.nanoTime() - start) / 1_000_000,
				ProposalSyntax.format(sa.proposal()));
	}

	@Test
	void weInitiateWithASkippedRound() throws Exception {
		EstablishedSa sa = weInitiate("i-skip", 14540, "aes256gcm16-prfsha512-x25519-ke1_mlkem768-ke3_mlkem1024",
				"aes256gcm16", "KE3_ML_KEM_1024");
		assertEquals(2, sa.intermediateExchanges());
	}

	/**
	 * strongSwan initiates to our responder; returns what swanctl --initiate said, after checking
	 * (when it succeeded) the suite in strongSwan's view and the Child SA keys on both sides.
	 */
	private static String theyInitiate(String name, int port, String theirIke, String ourIke, String expectedSuite,
			String ourPsk) throws Exception {
		long start = System.nanoTime();
		String initiated;
		try (Engine engine = engine()) {
			engine.respondWith(ours(THEM, null, ourPsk, ourIke, "aes256gcm16"));
			CompletableFuture<TraceEvent.ChildSaEstablished> child = new CompletableFuture<>();
			engine.addListener(e -> {
				if (e instanceof TraceEvent.ChildSaEstablished c) {
					child.complete(c);
				}
			});
			try (StrongSwan peer = StrongSwan.start(name, port,
					initiatorConf(engine.localAddress().getPort(), theirIke, "aes256gcm16"))) {
				initiated = peer.swanctl("--initiate", "--child", "ikewb", "--ike", "ikewb", "--timeout", "20");
				if (initiated.contains("initiate completed successfully")) {
					TraceEvent.ChildSaEstablished c = child.get(10, TimeUnit.SECONDS);
					List<byte[]> initiatorKeys = peer.dumps("encryption initiator key");
					assertArrayEquals(initiatorKeys.get(initiatorKeys.size() - 1), c.keys().encryptionInitiator().toByteArray());
					String sas = peer.swanctl("--list-sas");
					assertTrue(sas.contains(expectedSuite), sas);
				}
			}
		}
		System.out.printf("interop %-40s %5d ms%n", name, (System.nanoTime() - start) / 1_000_000);
		return initiated;
	}

	@Test
	void strongSwanInitiatesToOurResponder() throws Exception {
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		String r = theyInitiate("r-x25519-mlkem768", 14550, ike, ike, "AES_GCM_16-256/PRF_HMAC_SHA2_384/CURVE_25519/KE1_ML_KEM_768",
				PSK);
		assertTrue(r.contains("initiate completed successfully"), r);
	}

	@Test
	void strongSwanInitiatesThreeRoundsWithAesCbcAndFragments() throws Exception {
		String ike = "aes256-sha256-prfsha256-ecp384-ke1_mlkem1024-ke2_mlkem512";
		String r = theyInitiate("r-ecp384-3rounds", 14610, ike, ike,
				"AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_384/KE1_ML_KEM_1024/KE2_ML_KEM_512", PSK);
		assertTrue(r.contains("initiate completed successfully"), r);
	}

	@Test
	void strongSwanInitiatesAndWeAnswerNoneForTheOptionalRound() throws Exception {
		String r = theyInitiate("r-none", 14620, "aes256gcm16-prfsha256-x25519-ke1_mlkem768-ke1_none",
				"aes256gcm16-prfsha256-x25519-ke1_none", "AES_GCM_16-256/PRF_HMAC_SHA2_256/CURVE_25519", PSK);
		assertTrue(r.contains("initiate completed successfully"), r);
	}

	@Test
	void strongSwanInitiatesWithASkippedRound() throws Exception {
		String ike = "aes256gcm16-prfsha512-x25519-ke1_mlkem768-ke3_mlkem1024";
		String r = theyInitiate("r-skip", 14630, ike, ike, "KE3_ML_KEM_1024", PSK);
		assertTrue(r.contains("initiate completed successfully"), r);
	}

	@Test
	void strongSwanWithAWrongPskIsRefusedByOurResponder() throws Exception {
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		String r = theyInitiate("r-wrong-psk", 14640, ike, ike, "", "not-the-psk");
		assertTrue(r.contains("AUTHENTICATION_FAILED") || r.contains("initiate failed"), r);
	}

	@Test
	void strongSwanWithNoCommonProposalGetsNoProposalChosen() throws Exception {
		String r = theyInitiate("r-no-proposal", 14650, "aes256gcm16-prfsha384-x25519-ke1_mlkem768",
				"aes256gcm16-prfsha384-x25519-ke1_mlkem1024", "", PSK);
		assertTrue(r.contains("NO_PROPOSAL_CHOSEN") || r.contains("initiate failed"), r);
	}

	@Test
	void weRekeyTheIkeSaAndTheChildSaWithFollowupKeyExchanges() throws Exception {
		long start = System.nanoTime();
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		String esp = "aes256gcm16-x25519-ke1_mlkem768";
		try (StrongSwan peer = StrongSwan.start("i-rekey", 14580, responderConf(ike, esp)); Engine engine = engine()) {
			EstablishedSa sa = engine.initiate(ours(US, THEM, PSK, ike, esp),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), 14580)).get(30, TimeUnit.SECONDS);
			EstablishedSa rekeyed = engine.rekeyIke(sa).get(30, TimeUnit.SECONDS);
			List<byte[]> skd = peer.dumps("Sk_d secret");
			assertArrayEquals(skd.get(skd.size() - 1), rekeyed.keys().skD().toByteArray(), "SK_d after the IKE SA rekey");
			Thread.sleep(1000); // charon: back-to-back rekeys can race (real-peer.md)
			EstablishedSa.Child child = engine.rekeyChild(rekeyed, rekeyed.children().get(0)).get(30, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-x25519-noesn-ke1_mlkem768", ProposalSyntax.format(child.proposal()));
			assertChildKeys(peer, child);
			Thread.sleep(500);
			String sas = peer.swanctl("--list-sas");
			assertTrue(sas.contains(Long.toHexString(rekeyed.initiatorSpi()).replaceFirst("^0+", "")), sas);
			assertTrue(sas.contains(child.outboundSpi().hex()), "charon holds the new Child SA:\n" + sas);
		}
		System.out.printf("interop %-40s %5d ms%n", "i-rekey (IKE + Child, FOLLOWUP_KE)", (System.nanoTime() - start) / 1_000_000);
	}

	/** SKEYSEED and SK_d, SK_ei, SK_pi of the newest key generation: ours equal to what charon logged last. */
	private static void assertNewestIkeKeys(StrongSwan peer, EstablishedSa sa, String when) throws Exception {
		for (String[] key : new String[][] { { "SKEYSEED", "skeyseed" }, { "Sk_d secret", "skD" },
				{ "Sk_ei secret", "skEi" }, { "Sk_pi secret", "skPi" } }) {
			List<byte[]> logged = peer.dumps(key[0]);
			assertTrue(!logged.isEmpty(), "charon logged " + key[0]);
			org.ikewb.protocol.Octets ours = switch (key[1]) {
			case "skeyseed" -> sa.keys().skeyseed();
			case "skD" -> sa.keys().skD();
			case "skEi" -> sa.keys().skEi();
			default -> sa.keys().skPi();
			};
			assertArrayEquals(logged.get(logged.size() - 1), ours.toByteArray(), key[0] + " " + when);
		}
	}

	@Test
	void weRekeyTheIkeSaToAnotherPrfAndKeyExchangesAndBack() throws Exception {
		// RFC 7296 §2.18: SKEYSEED of the new IKE SA uses the OLD SA's PRF, prf+ the new one
		long start = System.nanoTime();
		String classic = "aes256gcm16-prfsha256-x25519";
		String hybrid = "aes256gcm16-prfsha384-ecp384-ke1_mlkem768";
		try (StrongSwan peer = StrongSwan.start("i-rekey-prf", 14610, responderConf(classic + "," + hybrid, "aes256gcm16"));
				Engine engine = engine()) {
			EstablishedSa sa = engine.initiate(ours(US, THEM, PSK, classic, "aes256gcm16"),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), 14610)).get(30, TimeUnit.SECONDS);
			assertEquals(classic, ProposalSyntax.format(sa.proposal()));
			EstablishedSa up = engine.rekeyIke(sa, hybrid).get(30, TimeUnit.SECONDS);
			assertEquals(hybrid, ProposalSyntax.format(up.proposal()), "PRF, KE and an ADDKE round changed");
			assertNewestIkeKeys(peer, up, "after prfsha256 -> prfsha384 + ML-KEM-768");
			Thread.sleep(1000); // charon: back-to-back rekeys can race (real-peer.md)
			EstablishedSa down = engine.rekeyIke(engine.current(up).get(5, TimeUnit.SECONDS), classic)
					.get(30, TimeUnit.SECONDS);
			assertEquals(classic, ProposalSyntax.format(down.proposal()));
			assertNewestIkeKeys(peer, down, "after prfsha384 -> prfsha256");
			engine.checkLiveness(down).get(20, TimeUnit.SECONDS);
		}
		System.out.printf("interop %-40s %5d ms%n", "i-rekey-prf (256 -> 384+ML-KEM -> 256)", (System.nanoTime() - start) / 1_000_000);
	}

	@Test
	void weRekeyTheChildSaToOtherEspProposals() throws Exception {
		// the first Child SA without PFS (IKE_AUTH), its rekey with x25519 and an ML-KEM-768 round (IKE_FOLLOWUP_KE)
		long start = System.nanoTime();
		String ike = "aes256gcm16-prfsha384-x25519";
		String pfs = "aes256gcm16-x25519-ke1_mlkem768";
		try (StrongSwan peer = StrongSwan.start("i-rekey-esp", 14640, responderConf(ike, "aes256gcm16," + pfs));
				Engine engine = engine()) {
			EstablishedSa sa = engine.initiate(ours(US, THEM, PSK, ike, "aes256gcm16").withRekeyProposals(null, pfs),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), 14640)).get(30, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-noesn", ProposalSyntax.format(sa.children().get(0).proposal()));
			EstablishedSa.Child child = engine.rekeyChild(sa, sa.children().get(0)).get(30, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-x25519-noesn-ke1_mlkem768", ProposalSyntax.format(child.proposal()));
			assertChildKeys(peer, child);
		}
		System.out.printf("interop %-40s %5d ms%n", "i-rekey-esp (no PFS -> x25519 + ML-KEM)", (System.nanoTime() - start) / 1_000_000);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"r-rekey-up   | 14620 | aes256gcm16-prfsha256-x25519                | aes256gcm16-prfsha384-ecp384-ke1_mlkem768",
			"r-rekey-down | 14630 | aes256gcm16-prfsha384-ecp384-ke1_mlkem768 | aes256gcm16-prfsha256-x25519" })
	void strongSwanRekeysOurIkeSaToAnotherPrf(String name, int port, String first, String next) throws Exception {
		long start = System.nanoTime();
		// charon offers its configured proposals at a rekey, the current one first; our responder's rekey
		// proposals accept only the next algorithms, so it picks those
		try (StrongSwan peer = StrongSwan.start(name.strip(), port, responderConf(next + "," + first, "aes256gcm16"));
				Engine engine = engine()) {
			engine.initiate(ours(US, THEM, PSK, first, "aes256gcm16").withRekeyProposals(next, null),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).get(30, TimeUnit.SECONDS);
			String rekey = peer.swanctl("--rekey", "--ike", "ikewb");
			assertTrue(rekey.contains("rekey completed successfully"), rekey);
			Thread.sleep(1500);
			List<EstablishedSa> held = engine.established().get(5, TimeUnit.SECONDS);
			assertEquals(1, held.size(), "the old IKE SA was deleted: " + held);
			assertEquals(next, ProposalSyntax.format(held.get(0).proposal()));
			assertNewestIkeKeys(peer, held.get(0), "after charon's rekey " + first + " -> " + next);
		}
		System.out.printf("interop %-40s %5d ms%n", name.strip() + " (strongSwan changes the PRF)",
				(System.nanoTime() - start) / 1_000_000);
	}

	@Test
	void strongSwanRekeysOurIkeSaAndChildSa() throws Exception {
		long start = System.nanoTime();
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		String esp = "aes256gcm16-x25519-ke1_mlkem768";
		try (StrongSwan peer = StrongSwan.start("r-rekey", 14590, responderConf(ike, esp)); Engine engine = engine()) {
			engine.initiate(ours(US, THEM, PSK, ike, esp), new InetSocketAddress(InetAddress.getLoopbackAddress(), 14590))
					.get(30, TimeUnit.SECONDS);
			String rekeyIke = peer.swanctl("--rekey", "--ike", "ikewb");
			assertTrue(rekeyIke.contains("rekey completed successfully"), rekeyIke);
			Thread.sleep(1500);
			List<EstablishedSa> held = engine.established().get(5, TimeUnit.SECONDS);
			assertEquals(1, held.size(), "the old IKE SA was deleted: " + held);
			List<byte[]> skd = peer.dumps("Sk_d secret");
			assertArrayEquals(skd.get(skd.size() - 1), held.get(0).keys().skD().toByteArray());
			String rekeyChild = peer.swanctl("--rekey", "--child", "ikewb");
			assertTrue(rekeyChild.contains("rekey completed successfully"), rekeyChild);
			Thread.sleep(1500);
			EstablishedSa now = engine.established().get(5, TimeUnit.SECONDS).get(0);
			assertEquals(1, now.children().size(), "old Child SA deleted: " + now.children());
			assertChildKeys(peer, now.children().get(0));
		}
		System.out.printf("interop %-40s %5d ms%n", "r-rekey (strongSwan rekeys)", (System.nanoTime() - start) / 1_000_000);
	}

	@Test
	void ecdsaCertificatesInsteadOfPsk() throws Exception {
		long start = System.nanoTime();
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		java.security.SecureRandom random = new java.security.SecureRandom();
		org.ikewb.crypto.Pki ca = org.ikewb.crypto.Pki.newCa("IKEv2 Workbench interop CA", random);
		org.ikewb.crypto.Certificates.Local theirs = ca.issue("responder", "responder.peer.test");
		org.ikewb.crypto.Certificates.Local mine = ca.issue("initiator", "initiator.peer.test");
		String conf = """
				connections {
				  ikewb {
				    version = 2
				    local_addrs = 127.0.0.1
				    remote_addrs = %%any
				    proposals = %s
				    mobike = no
				    fragmentation = yes
				    send_certreq = no
				    local {
				      auth = pubkey
				      certs = responder.pem
				      id = "CN=responder"
				    }
				    remote {
				      auth = pubkey
				      id = "CN=initiator"
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
				""".formatted(ike);
		java.util.Map<String, String> files = java.util.Map.of(
				"x509ca/ca.pem", org.ikewb.crypto.Pki.certificatePem(List.of(ca.caCertificate())),
				"x509/responder.pem", org.ikewb.crypto.Pki.certificatePem(theirs.chain()),
				"private/responder.key", org.ikewb.crypto.Pki.privateKeyPem(theirs));
		try (StrongSwan peer = StrongSwan.start("i-ecdsa", 14600, conf, files); Engine engine = engine()) {
			IkeConfig ours = IkeConfig.psk(US, null, null, ike, "aes256gcm16").withCertificates(mine,
					List.of(ca.caCertificate()));
			EstablishedSa sa = engine.initiate(ours, new InetSocketAddress(InetAddress.getLoopbackAddress(), 14600))
					.get(30, TimeUnit.SECONDS);
			assertEquals("CN=responder", org.ikewb.crypto.Certificates.describeName(sa.peerId().data()));
			String sas = peer.swanctl("--list-sas");
			assertTrue(sas.contains("ESTABLISHED") && sas.contains("CN=initiator"), sas);
			assertChildKeys(peer, sa.children().get(0));
		}
		System.out.printf("interop %-40s %5d ms%n", "i-ecdsa (certificates, RFC 7427)", (System.nanoTime() - start) / 1_000_000);
	}

	@Test
	void strongSwanInitiatesWithEcdsaCertificates() throws Exception {
		long start = System.nanoTime();
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		java.security.SecureRandom random = new java.security.SecureRandom();
		org.ikewb.crypto.Pki ca = org.ikewb.crypto.Pki.newCa("IKEv2 Workbench interop CA", random);
		org.ikewb.crypto.Certificates.Local theirs = ca.issue("initiator", "initiator.peer.test");
		org.ikewb.crypto.Certificates.Local mine = ca.issue("responder", "responder.peer.test");
		try (Engine engine = engine()) {
			engine.respondWith(IkeConfig.psk(THEM, null, null, ike, "aes256gcm16").withCertificates(mine,
					List.of(ca.caCertificate())));
			CompletableFuture<TraceEvent.ChildSaEstablished> child = new CompletableFuture<>();
			engine.addListener(e -> {
				if (e instanceof TraceEvent.ChildSaEstablished c) {
					child.complete(c);
				}
			});
			String conf = """
					connections {
					  ikewb {
					    version = 2
					    local_addrs = 127.0.0.1
					    remote_addrs = 127.0.0.1
					    remote_port = %d
					    proposals = %s
					    mobike = no
					    fragmentation = yes
					    local {
					      auth = pubkey
					      certs = initiator.pem
					      id = "CN=initiator"
					    }
					    remote {
					      auth = pubkey
					      id = "CN=responder"
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
					""".formatted(engine.localAddress().getPort(), ike);
			java.util.Map<String, String> files = java.util.Map.of(
					"x509ca/ca.pem", org.ikewb.crypto.Pki.certificatePem(List.of(ca.caCertificate())),
					"x509/initiator.pem", org.ikewb.crypto.Pki.certificatePem(theirs.chain()),
					"private/initiator.key", org.ikewb.crypto.Pki.privateKeyPem(theirs));
			try (StrongSwan peer = StrongSwan.start("r-ecdsa", 14660, conf, files)) {
				String initiated = peer.swanctl("--initiate", "--child", "ikewb", "--ike", "ikewb", "--timeout", "20");
				assertTrue(initiated.contains("initiate completed successfully"), initiated);
				TraceEvent.ChildSaEstablished c = child.get(10, TimeUnit.SECONDS);
				List<byte[]> keys = peer.dumps("encryption initiator key");
				assertArrayEquals(keys.get(keys.size() - 1), c.keys().encryptionInitiator().toByteArray());
				assertTrue(peer.swanctl("--list-sas").contains("CN=responder"));
			}
		}
		System.out.printf("interop %-40s %5d ms%n", "r-ecdsa (strongSwan initiates, certificates)",
				(System.nanoTime() - start) / 1_000_000);
	}

	@Test
	void aWrongPskIsAuthenticationFailed() throws Exception {
		try (StrongSwan peer = StrongSwan.start("i-wrong-psk", 14560, responderConf(
				"aes256gcm16-prfsha384-x25519-ke1_mlkem768", "aes256gcm16")); Engine engine = engine()) {
			ExecutionException e = assertThrows(ExecutionException.class, () -> engine.initiate(
					ours(US, THEM, "not-the-psk", "aes256gcm16-prfsha384-x25519-ke1_mlkem768", "aes256gcm16"),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), 14560)).get(30, TimeUnit.SECONDS));
			assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
		}
	}

	@Test
	void noCommonProposalIsNoProposalChosen() throws Exception {
		try (StrongSwan peer = StrongSwan.start("i-no-proposal", 14570, responderConf(
				"aes256gcm16-prfsha384-x25519-ke1_mlkem1024", "aes256gcm16")); Engine engine = engine()) {
			ExecutionException e = assertThrows(ExecutionException.class, () -> engine.initiate(
					ours(US, THEM, PSK, "aes256gcm16-prfsha384-x25519-ke1_mlkem768", "aes256gcm16"),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), 14570)).get(30, TimeUnit.SECONDS));
			assertTrue(e.getCause().getMessage().contains("NO_PROPOSAL_CHOSEN"), e.getCause().getMessage());
		}
	}
}
