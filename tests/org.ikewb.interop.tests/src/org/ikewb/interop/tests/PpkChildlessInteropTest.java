package org.ikewb.interop.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.Octets;
import org.junit.jupiter.api.Test;

/**
 * RFC 8784 post-quantum preshared keys and RFC 6023 childless IKE SAs against strongSwan 6.1 and
 * Libreswan 5.2, in both roles: a PPK required on both sides, optional with a peer that has none
 * (NO_PPK_AUTH), required on one side only (refused), childless IKE SAs with the Child SA made
 * later by CREATE_CHILD_SA. A required PPK leaves no fallback, so an SA that comes up proves that
 * both sides mixed the PPK into SK_pi and SK_pr the same way; strongSwan's logged Child SA keys
 * prove SK_d.
 */
class PpkChildlessInteropTest {

	private static final String PSK = StrongSwanInteropTest.PSK; // the secret StrongSwanInteropTest.conf writes
	private static final String PPK_HEX = "5c9e1a7f3b2d48e6a0c4f81d9b3e7a25c6d0f4a8e2b1c7d39f05a6e8b4c2d1f7";
	private static final String PPK_ID = "pq-1";
	private static final IkeConfig.Identity US = IkeConfig.Identity.email("initiator@peer.test");
	private static final IkeConfig.Identity THEM = IkeConfig.Identity.email("responder@peer.test");
	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";

	private static IkeConfig.Ppk ppk(String id, boolean required) {
		byte[] value = Octets.fromHex(PPK_HEX).toByteArray();
		return new IkeConfig.Ppk(List.of(new IkeConfig.Ppk.Key(Octets.of(id.getBytes(StandardCharsets.US_ASCII)),
				value::clone)), required);
	}

	private static IkeConfig ours(IkeConfig.Identity local, IkeConfig.Identity remote, String ike) {
		byte[] key = PSK.getBytes(StandardCharsets.US_ASCII);
		return IkeConfig.psk(local, remote, key::clone, ike, "aes256gcm16").withRetransmission(500, 4)
				.withRekeyKeys(IkeConfig.RekeyKeys.STRONGSWAN);
	}

	private static Engine engine() throws Exception {
		return Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true);
	}

	// ------------------------------------------------------------------ strongSwan 6.1

	/** charon's swanctl.conf (StrongSwanInteropTest's) with extra connection lines and, if given, its PPK. */
	private static String charonConf(String remote, String localId, String remoteId, String extra, String ppkSecretId) {
		return StrongSwanInteropTest.conf(remote, localId, remoteId, IKE, "aes256gcm16", extra, ppkSecretId == null ? ""
				: "  ppk-interop {\n    secret = 0x" + PPK_HEX + "\n    id = " + ppkSecretId + "\n  }\n");
	}

	private static String charonResponds(String extra, String ppkSecretId) {
		return charonConf("remote_addrs = %any", "responder@peer.test", "%any", extra, ppkSecretId);
	}

	private static String charonInitiates(int ourPort, String extra, String ppkSecretId) {
		return charonConf("remote_addrs = 127.0.0.1\n    remote_port = " + ourPort, "initiator@peer.test",
				"responder@peer.test", extra, ppkSecretId);
	}

	private static InetSocketAddress at(int port) {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
	}

	@Test
	void weInitiateWithARequiredPpkToCharon() throws Exception {
		try (StrongSwan peer = StrongSwan.start("i-ppk", 15010,
				charonResponds("    ppk_id = " + PPK_ID + "\n    ppk_required = yes", PPK_ID)); Engine engine = engine()) {
			EstablishedSa sa = engine.initiate(ours(US, THEM, IKE).withPpk(ppk(PPK_ID, true)), at(15010))
					.get(30, TimeUnit.SECONDS);
			assertEquals(PPK_ID, new String(sa.ppkId().toByteArray(), StandardCharsets.US_ASCII));
			assertTrue(peer.log().contains("using PPK for PPK_ID '" + PPK_ID + "'"), peer::toString);
			StrongSwanInteropTest.assertChildKeys(peer, sa.children().get(0)); // derived from SK_d with the PPK mixed in, on both sides
			// a rekeyed IKE SA derives from that SK_d: its Child SA rekey still agrees with charon
			EstablishedSa next = engine.rekeyIke(sa).get(30, TimeUnit.SECONDS);
			EstablishedSa.Child child = engine.rekeyChild(next, next.children().get(0)).get(30, TimeUnit.SECONDS);
			StrongSwanInteropTest.assertChildKeys(peer, child);
		}
	}

	@Test
	void charonInitiatesWithARequiredPpkToOurResponder() throws Exception {
		try (Engine engine = engine()) {
			engine.respondWith(ours(THEM, null, IKE).withPpk(ppk(PPK_ID, true)));
			int port = engine.localAddress().getPort();
			try (StrongSwan peer = StrongSwan.start("r-ppk", 15020,
					charonInitiates(port, "    ppk_id = " + PPK_ID + "\n    ppk_required = yes", PPK_ID))) {
				String up = peer.swanctl("--initiate", "--child", "ikewb", "--ike", "ikewb", "--timeout", "20");
				assertTrue(up.contains("initiate completed successfully"), up);
				EstablishedSa sa = engine.established().get(5, TimeUnit.SECONDS).get(0);
				assertEquals(PPK_ID, new String(sa.ppkId().toByteArray(), StandardCharsets.US_ASCII));
				StrongSwanInteropTest.assertChildKeys(peer, sa.children().get(0));
			}
		}
	}

	@Test
	void anOptionalPpkFallsBackWhenCharonHasNoneForItsId() throws Exception {
		// charon names pq-1 but holds no secret for it and does not require one: it takes our NO_PPK_AUTH
		try (StrongSwan peer = StrongSwan.start("i-ppk-fallback", 15030,
				charonResponds("    ppk_id = " + PPK_ID + "\n    ppk_required = no", null)); Engine engine = engine()) {
			EstablishedSa sa = engine.initiate(ours(US, THEM, IKE).withPpk(ppk(PPK_ID, false)), at(15030))
					.get(30, TimeUnit.SECONDS);
			assertNull(sa.ppkId(), "no PPK protects this SA, and we know it");
			StrongSwanInteropTest.assertChildKeys(peer, sa.children().get(0));
		}
	}

	@Test
	void aRequiredPpkOnOneSideOnlyIsRefused() throws Exception {
		// we require one, charon was never configured for PPKs (no USE_PPK): we refuse before IKE_AUTH
		try (StrongSwan peer = StrongSwan.start("i-ppk-none", 15040, charonResponds("", null)); Engine engine = engine()) {
			ExecutionException e = assertThrows(ExecutionException.class,
					() -> engine.initiate(ours(US, THEM, IKE).withPpk(ppk(PPK_ID, true)), at(15040)).get(30, TimeUnit.SECONDS));
			assertTrue(e.getCause().getMessage().contains("no USE_PPK"), e.getCause().getMessage());
		}
		// charon requires one, we have none: charon refuses our IKE_AUTH
		try (StrongSwan peer = StrongSwan.start("i-ppk-theirs", 15050,
				charonResponds("    ppk_id = " + PPK_ID + "\n    ppk_required = yes", PPK_ID)); Engine engine = engine()) {
			ExecutionException e = assertThrows(ExecutionException.class,
					() -> engine.initiate(ours(US, THEM, IKE), at(15050)).get(30, TimeUnit.SECONDS));
			assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
		}
	}

	@Test
	void weInitiateChildlessToCharonAndCreateTheChildSaLater() throws Exception {
		try (StrongSwan peer = StrongSwan.start("i-childless", 15060, charonResponds("", null)); Engine engine = engine()) {
			List<TraceEvent> events = new CopyOnWriteArrayList<>();
			engine.addListener(events::add);
			EstablishedSa sa = engine.initiate(ours(US, THEM, IKE).withChildless(true), at(15060)).get(30, TimeUnit.SECONDS);
			assertEquals(List.of(), sa.children());
			String sas = peer.swanctl("--list-sas");
			assertTrue(sas.contains("ESTABLISHED") && !sas.contains("INSTALLED"), "an IKE SA without Child SA:\n" + sas);
			EstablishedSa.Child child = engine.createChild(sa).get(30, TimeUnit.SECONDS);
			StrongSwanInteropTest.assertChildKeys(peer, child);
			assertTrue(peer.swanctl("--list-sas").contains("INSTALLED"), "charon installed the Child SA");
		}
	}

	@Test
	void charonInitiatesChildlessToOurResponder() throws Exception {
		try (Engine engine = engine()) {
			engine.respondWith(ours(THEM, null, IKE).withPpk(ppk(PPK_ID, false)));
			int port = engine.localAddress().getPort();
			try (StrongSwan peer = StrongSwan.start("r-childless", 15070,
					charonInitiates(port, "    childless = force\n    ppk_id = " + PPK_ID, PPK_ID))) {
				String up = peer.swanctl("--initiate", "--ike", "ikewb", "--timeout", "20");
				assertTrue(up.contains("initiate completed successfully"), up);
				EstablishedSa sa = engine.established().get(5, TimeUnit.SECONDS).get(0);
				assertEquals(List.of(), sa.children(), "IKE_AUTH brought no Child SA");
				assertEquals(PPK_ID, new String(sa.ppkId().toByteArray(), StandardCharsets.US_ASCII), "childless and PPK");
				String child = peer.swanctl("--initiate", "--child", "ikewb", "--timeout", "20");
				assertTrue(child.contains("initiate completed successfully"), child);
				EstablishedSa after = engine.current(sa).get(5, TimeUnit.SECONDS);
				assertEquals(1, after.children().size(), "the Child SA came by CREATE_CHILD_SA");
				StrongSwanInteropTest.assertChildKeys(peer, after.children().get(0));
			}
		}
	}

	// ------------------------------------------------------------------ Libreswan 5.2

	private static final String PLUTO_SECRETS = "@%s @%s : PSK \"" + PSK + "\"\n";
	private static final String PLUTO_PPK = "@%s @%s : PPKS \"" + PPK_ID + "\" 0x" + PPK_HEX + "\n";

	private static Engine hostEngine(int port) throws Exception {
		return Engine.bind(new InetSocketAddress(InetAddress.getByName(Libreswan.HOST), port), false);
	}

	/** pluto answers {@code initiatorId}: PSK, x25519 + AES-GCM, {@code ppk} as its ppk= value. */
	private static String plutoResponds(String initiatorId, String ppkPolicy) {
		return plutoResponds(initiatorId, ppkPolicy, "");
	}

	private static String plutoResponds(String initiatorId, String ppkPolicy, String extra) {
		return """
				config setup
				    plutodebug=base,crypt
				conn from-ours
				    keyexchange=ikev2
				    left=%s
				    leftid=@pluto.ikewb
				    right=%%any
				    rightid=@%s
				    authby=secret
				    ike=aes_gcm256-sha2_384;dh31
				    esp=aes_gcm256
				    ppk=%s
				%s    auto=add
				""".formatted(Libreswan.PLUTO, initiatorId, ppkPolicy, extra);
	}

	private static IkeConfig toPluto(String id) {
		byte[] key = PSK.getBytes(StandardCharsets.US_ASCII);
		return IkeConfig.psk(IkeConfig.Identity.fqdn(id), IkeConfig.Identity.fqdn("pluto.ikewb"), key::clone,
				"aes256gcm16-prfsha384-x25519", "aes256gcm16");
	}

	/**
	 * A key pluto logs with plutodebug=crypt when it recalculates SK_d, SK_pi and SK_pr with a PPK:
	 * the line "| LABEL", then hex lines of 16 octets.
	 */
	private static byte[] plutoDump(String log, String label, int length) {
		String[] lines = log.substring(log.indexOf("Starting to recalculate SK_d, SK_pi, SK_pr")).split("\n");
		java.util.regex.Pattern hex = java.util.regex.Pattern.compile("\\|   ((?:[0-9a-f]{2} {1,2}){1,16})");
		for (int i = 0; i < lines.length; i++) {
			if (lines[i].endsWith("| " + label)) {
				StringBuilder b = new StringBuilder();
				for (int j = i + 1; j < lines.length && b.length() < 2 * length; j++) {
					java.util.regex.Matcher m = hex.matcher(lines[j]);
					if (!m.find()) {
						break;
					}
					b.append(m.group(1).replace(" ", ""));
				}
				return java.util.HexFormat.of().parseHex(b.toString());
			}
		}
		throw new AssertionError("pluto logged no " + label + " after the PPK");
	}

	/** One IPv4 address, all protocols and ports. */
	private static org.ikewb.protocol.Payload.TrafficSelector host(String address) throws Exception {
		Octets a = Octets.of(InetAddress.getByName(address).getAddress());
		return new org.ikewb.protocol.Payload.TrafficSelector(org.ikewb.protocol.TsType.IPV4_ADDR_RANGE, 0, 0, 65535, a, a);
	}

	private static InetSocketAddress pluto() throws Exception {
		return new InetSocketAddress(InetAddress.getByName(Libreswan.PLUTO), 500);
	}

	private static String log(Libreswan pluto) {
		try {
			return pluto.log();
		} catch (Exception e) {
			return e.toString();
		}
	}

	@Test
	void weInitiateWithAnInsistedPpkToPluto() throws Exception {
		try (Libreswan pluto = Libreswan.start(plutoResponds("ppk.ikewb", "insist"),
				PLUTO_SECRETS.formatted("pluto.ikewb", "ppk.ikewb") + PLUTO_PPK.formatted("pluto.ikewb", "ppk.ikewb"));
				Engine ours = hostEngine(0)) {
			EstablishedSa sa = ours.initiate(toPluto("ppk.ikewb").withPpk(ppk(PPK_ID, true)), pluto()).get(30, TimeUnit.SECONDS);
			assertEquals(PPK_ID, new String(sa.ppkId().toByteArray(), StandardCharsets.US_ASCII));
			assertTrue(pluto.logContains("responder established IKE SA", 5000), () -> log(pluto));
			assertTrue(pluto.log().contains("PPK AUTH calculated as responder"), () -> log(pluto));
			// pluto's keys after the PPK (plutodebug=crypt) are ours, value for value
			String log = pluto.log();
			assertArrayEquals(plutoDump(log, "sk_d", 48), sa.keys().skD().toByteArray(), "SK_d with the PPK");
			assertArrayEquals(plutoDump(log, "sk_pi", 48), sa.keys().skPi().toByteArray(), "SK_pi with the PPK");
			assertArrayEquals(plutoDump(log, "sk_pr", 48), sa.keys().skPr().toByteArray(), "SK_pr with the PPK");
			// and the rekeyed IKE SA, derived from the SK_d with the PPK, agrees with pluto too
			EstablishedSa next = ours.rekeyIke(ours.current(sa).get(5, TimeUnit.SECONDS)).get(30, TimeUnit.SECONDS);
			ours.checkLiveness(next).get(20, TimeUnit.SECONDS);
			assertTrue(pluto.logContains("responder rekeyed IKE SA", 5000), () -> log(pluto));
		}
	}

	@Test
	void plutoInitiatesWithAnInsistedPpkToOurResponder() throws Exception {
		int port = 15500 + 20;
		String conf = """
				config setup
				    plutodebug=base
				conn to-ours-ppk
				    keyexchange=ikev2
				    left=%s
				    leftid=@pluto.ikewb
				    right=%s
				    rightikeport=%d
				    rightid=@responder.ikewb
				    authby=secret
				    ike=aes_gcm256-sha2_384;dh31
				    esp=aes_gcm256
				    ppk=insist
				    auto=add
				""".formatted(Libreswan.PLUTO, Libreswan.HOST, port);
		try (Libreswan pluto = Libreswan.start(conf, PLUTO_SECRETS.formatted("pluto.ikewb", "responder.ikewb")
				+ PLUTO_PPK.formatted("pluto.ikewb", "responder.ikewb")); Engine ours = hostEngine(port)) {
			List<TraceEvent> events = new CopyOnWriteArrayList<>();
			ours.addListener(events::add);
			byte[] key = PSK.getBytes(StandardCharsets.US_ASCII);
			ours.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("responder.ikewb"), null, key::clone,
					"aes256gcm16-prfsha384-x25519", "aes256gcm16").withPpk(ppk(PPK_ID, true)));
			String up = pluto.ipsec("up", "--asynchronous", "to-ours-ppk");
			assertTrue(pluto.logContains("initiator established IKE SA", 15000), () -> up + "\nour responder: "
					+ events.stream().filter(e -> e instanceof TraceEvent.Error).toList() + "\n" + log(pluto));
			EstablishedSa sa = ours.established().get(5, TimeUnit.SECONDS).get(0);
			assertEquals(PPK_ID, new String(sa.ppkId().toByteArray(), StandardCharsets.US_ASCII));
		}
	}

	@Test
	void plutoWithAnotherPpkTakesOurNoPpkAuth() throws Exception {
		// pluto proposes PPKs but holds only "other": it verifies the AUTH we computed without a PPK
		try (Libreswan pluto = Libreswan.start(plutoResponds("other.ikewb", "propose", "    ppk-ids=\"other\"\n"),
				PLUTO_SECRETS.formatted("pluto.ikewb", "other.ikewb")
						+ "@pluto.ikewb @other.ikewb : PPKS \"other\" 0x" + PPK_HEX + "\n");
				Engine ours = hostEngine(0)) {
			EstablishedSa sa = ours.initiate(toPluto("other.ikewb").withPpk(ppk(PPK_ID, false)), pluto())
					.get(30, TimeUnit.SECONDS);
			assertNull(sa.ppkId(), "established without a PPK, and we know it");
			assertTrue(pluto.logContains("responder established IKE SA", 5000), () -> log(pluto));
			assertTrue(pluto.log().contains("NO_PPK_AUTH"), () -> log(pluto));
		}
	}

	@Test
	void plutoWithoutPpkSupport() throws Exception {
		try (Libreswan pluto = Libreswan.start(plutoResponds("noppk.ikewb", "no"),
				PLUTO_SECRETS.formatted("pluto.ikewb", "noppk.ikewb")); Engine ours = hostEngine(0)) {
			EstablishedSa sa = ours.initiate(toPluto("noppk.ikewb").withPpk(ppk(PPK_ID, false)), pluto())
					.get(30, TimeUnit.SECONDS);
			assertNull(sa.ppkId());
			assertTrue(pluto.logContains("responder established IKE SA", 5000), () -> log(pluto));
		}
		// and insisting on one with the same pluto is refused by us, with the reason
		try (Libreswan pluto = Libreswan.start(plutoResponds("noppk.ikewb", "no"),
				PLUTO_SECRETS.formatted("pluto.ikewb", "noppk.ikewb")); Engine ours = hostEngine(0)) {
			ExecutionException e = assertThrows(ExecutionException.class,
					() -> ours.initiate(toPluto("noppk.ikewb").withPpk(ppk(PPK_ID, true)), pluto()).get(30, TimeUnit.SECONDS));
			assertTrue(e.getCause().getMessage().contains("no USE_PPK"), e.getCause().getMessage());
		}
	}

	@Test
	void childlessWithPlutoIsHowAnExchangeFinishesOnThisKernel() throws Exception {
		// IKE_AUTH without a Child SA: no TEMPORARY_FAILURE; the Child SA by CREATE_CHILD_SA then meets this
		// kernel's missing ESP (pluto answers it with an error notify, the IKE SA stands)
		// pfs=no: the Child SA of CREATE_CHILD_SA needs no key exchange, as the one of IKE_AUTH would not
		try (Libreswan pluto = Libreswan.start(plutoResponds("childless.ikewb", "insist", "    pfs=no\n"),
				PLUTO_SECRETS.formatted("pluto.ikewb", "childless.ikewb")
						+ PLUTO_PPK.formatted("pluto.ikewb", "childless.ikewb"));
				Engine ours = hostEngine(0)) {
			List<TraceEvent> events = new CopyOnWriteArrayList<>();
			ours.addListener(events::add);
			// pluto's conn is host to host: our selectors say the same, so only the kernel can refuse the Child SA
			EstablishedSa sa = ours.initiate(toPluto("childless.ikewb").withChildless(true).withPpk(ppk(PPK_ID, true))
					.withTrafficSelectors(List.of(host(Libreswan.HOST)), List.of(host(Libreswan.PLUTO))), pluto())
					.get(30, TimeUnit.SECONDS);
			assertEquals(List.of(), sa.children());
			assertTrue(pluto.logContains("responder established IKE SA", 5000), () -> log(pluto));
			assertTrue(events.stream().noneMatch(e -> e instanceof TraceEvent.Error), () -> events.toString());
			ExecutionException refused = assertThrows(ExecutionException.class,
					() -> ours.createChild(sa).get(30, TimeUnit.SECONDS));
			assertTrue(refused.getCause().getMessage().contains("TEMPORARY_FAILURE"), refused.getCause().getMessage());
			assertTrue(pluto.log().contains("IKE_AUTH request does not propose a Child SA; creating childless SA"), () -> log(pluto));
			assertTrue(pluto.log().contains("Requested AEAD algorithm not found"), "the kernel, not the protocol, refused: "
					+ log(pluto));
			ours.checkLiveness(ours.current(sa).get(5, TimeUnit.SECONDS)).get(20, TimeUnit.SECONDS);
			assertTrue(pluto.ipsec("showstates").contains("ESTABLISHED_IKE_SA"), "the IKE SA stands");
		}
	}
}
