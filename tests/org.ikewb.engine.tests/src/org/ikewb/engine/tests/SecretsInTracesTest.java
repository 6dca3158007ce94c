package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.engine.TraceRecorder;
import org.ikewb.protocol.Octets;
import org.junit.jupiter.api.Test;

/**
 * Keys and the PSK never reach a trace, its JSON, pcap or any event's text unless the run opted in
 * to key material; with the opt-in the keys are there (and only then).
 */
class SecretsInTracesTest {

	private static final String PSK = "secrets-test-psk-0123456789abcdef";
	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";

	/** Runs a hybrid exchange with both rekeys; returns everything the traces produced, and the keys used. */
	private static String[] run(boolean traceKeys, List<String> secrets) throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		List<TraceEvent> events = new CopyOnWriteArrayList<>();
		Path dir = Files.createTempDirectory("ikewb-secrets");
		try (Engine initiator = Engine.bind(any, traceKeys); Engine responder = Engine.bind(any, traceKeys)) {
			TraceRecorder mine = new TraceRecorder(initiator.localAddress());
			TraceRecorder theirs = new TraceRecorder(responder.localAddress());
			initiator.addListener(mine);
			initiator.addListener(events::add);
			responder.addListener(theirs);
			responder.addListener(events::add);
			byte[] psk = PSK.getBytes(StandardCharsets.US_ASCII);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r.test"), null, psk::clone, IKE, ESP));
			EstablishedSa sa = initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i.test"),
					IkeConfig.Identity.fqdn("r.test"), psk::clone, IKE, ESP), responder.localAddress()).get(20, TimeUnit.SECONDS);
			keys(sa.keys(), secrets);
			child(sa.children().get(0), secrets);
			EstablishedSa.Child rekeyed = initiator.rekeyChild(sa, sa.children().get(0)).get(20, TimeUnit.SECONDS);
			child(rekeyed, secrets);
			EstablishedSa newSa = initiator.rekeyIke(initiator.current(sa).get(5, TimeUnit.SECONDS)).get(20, TimeUnit.SECONDS);
			keys(newSa.keys(), secrets);
			mine.writeJson(dir.resolve("i.json"));
			theirs.writeJson(dir.resolve("r.json"));
			mine.writePcap(dir.resolve("i.pcap"));
			StringBuilder texts = new StringBuilder();
			for (TraceEvent e : events) {
				texts.append(e).append('\n');
			}
			return new String[] { Files.readString(dir.resolve("i.json")) + Files.readString(dir.resolve("r.json")),
					HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("i.pcap"))), texts.toString() };
		}
	}

	private static void keys(IkeSaKeys k, List<String> out) {
		for (Octets o : new Octets[] { k.skeyseed(), k.skD(), k.skEi(), k.skEr(), k.skPi(), k.skPr() }) {
			out.add(o.hex());
		}
	}

	private static void child(EstablishedSa.Child c, List<String> out) {
		out.add(c.keys().encryptionInitiator().hex());
		out.add(c.keys().encryptionResponder().hex());
	}

	@Test
	void withoutTheOptInNoKeyAndNoPskAppearsAnywhere() throws Exception {
		List<String> secrets = new ArrayList<>();
		String[] outputs = run(false, secrets);
		secrets.add(HexFormat.of().formatHex(PSK.getBytes(StandardCharsets.US_ASCII)));
		assertTrue(secrets.size() > 10);
		for (String output : outputs) {
			assertFalse(output.contains(PSK), "the PSK in clear");
			for (String secret : secrets) {
				assertFalse(output.toLowerCase().contains(secret.toLowerCase()), "key material " + secret.substring(0, 8) + "… leaked");
			}
		}
	}

	@Test
	void withTheOptInTheTraceCarriesTheKeysAndStillNotThePsk() throws Exception {
		List<String> secrets = new ArrayList<>();
		String[] outputs = run(true, secrets);
		assertTrue(outputs[0].contains(secrets.get(2)), "SK_ei of the first generation is in the JSON trace");
		assertFalse(outputs[0].contains(PSK) || outputs[0].contains(HexFormat.of().formatHex(PSK.getBytes(StandardCharsets.US_ASCII))),
				"the PSK never");
		assertFalse(outputs[2].contains(secrets.get(2)), "events' own text (toString) never prints keys");
	}
}
