package org.ikewb.crypto.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ikewb.crypto.Authentication;
import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntAuth;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PrfAlgorithm;
import org.ikewb.protocol.TransformType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof that codec and key schedule are right: a real strongSwan 6.1 ↔ strongSwan 6.1 exchange
 * (x25519 + ML-KEM-768, AES-GCM-256, PRF SHA-384, PSK, IKE and Child SA rekey over IKE_FOLLOWUP_KE,
 * fragmented), decoded from the pcap and recomputed from the secrets that both charon logs print.
 */
class StrongSwanVectorTest {

	private static final Path DIR = Path.of("vectors/strongswan-6.1-x25519-mlkem768");
	private static final byte[] PSK = "interop-test-psk-0123456789".getBytes(StandardCharsets.US_ASCII);

	private static List<byte[]> datagrams;
	private static List<IkeMessage> messages;
	private static CharonLog initiator;
	private static CharonLog responder;
	private static Prf prf;

	@BeforeAll
	static void load() throws Exception {
		datagrams = new ArrayList<>();
		for (Pcapng.Datagram d : Pcapng.read(DIR.resolve("vector-loopback-x25519-ke1mlkem768.pcap"))) {
			datagrams.add(d.payload());
		}
		messages = new ArrayList<>();
		for (byte[] d : datagrams) {
			messages.add(IkeCodec.decode(d));
		}
		initiator = CharonLog.read(DIR.resolve("vector-initiator-charon.log"));
		responder = CharonLog.read(DIR.resolve("vector-responder-charon.log"));
		prf = Prf.of(PrfAlgorithm.HMAC_SHA2_384);
	}

	private static Octets nonce(int message) {
		return messages.get(message).first(Payload.Nonce.class).orElseThrow().nonce();
	}

	private static void assertOctets(Octets expected, Octets actual, String what) {
		assertEquals(expected.hex(), actual.hex(), what);
	}

	/** Both logs agree on a value, and we computed the same. */
	private static void assertLogged(String label, int index, Octets actual) {
		assertOctets(initiator.get(label, index), actual, "initiator's " + label + " #" + index);
		assertOctets(responder.get(label, index), actual, "responder's " + label + " #" + index);
	}

	private static void assertKeys(IkeSaKeys keys, int index) {
		assertLogged("SKEYSEED", index, keys.skeyseed());
		assertLogged("Sk_d secret", index, keys.skD());
		assertLogged("Sk_ei secret", index, keys.skEi());
		assertLogged("Sk_er secret", index, keys.skEr());
		assertLogged("Sk_pi secret", index, keys.skPi());
		assertLogged("Sk_pr secret", index, keys.skPr());
	}

	private static IkeSaKeys derive(int generation, Octets skeyseed, Octets ni, Octets nr, long spiI, long spiR) {
		return KeySchedule.derive(generation, prf, EncryptionAlgorithm.AES_GCM_16, 256, IntegrityAlgorithm.NONE,
				skeyseed, ni, nr, spiI, spiR);
	}

	@Test
	void everyPacketDecodesAndReencodesByteForByte() {
		assertEquals(20, datagrams.size());
		for (int i = 0; i < datagrams.size(); i++) {
			assertArrayEquals(datagrams.get(i), IkeCodec.encode(messages.get(i)), "packet " + (i + 1));
		}
		assertEquals(ExchangeType.IKE_SA_INIT, messages.get(0).header().exchangeType());
		Payload.Sa chosen = messages.get(1).first(Payload.Sa.class).orElseThrow();
		Payload.Proposal p = chosen.proposals().get(0);
		assertEquals(KeyExchangeMethod.CURVE25519.value(), p.transformsOf(TransformType.KE).get(0).id());
		assertEquals(KeyExchangeMethod.ML_KEM_768.value(), p.transformsOf(TransformType.ADDKE1).get(0).id());
		assertEquals(256, p.transformsOf(TransformType.ENCR).get(0).keyLength());
		assertEquals(1184 + 4 + 4, 1192, "IKE_INTERMEDIATE request carries KE(ML-KEM-768)");
		assertEquals(2, messages.stream().filter(m -> m.first(Payload.EncryptedFragment.class).isPresent()
				&& m.header().messageId() == 1).count(), "the Child SA rekey's IKE_FOLLOWUP_KE request is fragmented");
	}

	@Test
	void keyScheduleAuthAndEveryPlaintextMatchCharon() throws Exception {
		IkeMessage init = messages.get(0);
		long spiI = init.header().initiatorSpi();
		long spiR = messages.get(1).header().responderSpi();
		Octets ni = nonce(0);
		Octets nr = nonce(1);
		assertLogged("nonces", 0, Octets.concat(ni, nr));

		// generation 0: IKE_SA_INIT, x25519
		Octets x25519 = initiator.get("key exchange secret", 0);
		assertOctets(responder.get("key exchange secret", 0), x25519, "both sides' g^ir");
		IkeSaKeys gen0 = derive(0, KeySchedule.initialSkeyseed(prf, ni, nr, x25519), ni, nr, spiI, spiR);
		assertKeys(gen0, 0);

		List<Octets> plains = new ArrayList<>();
		// IKE_INTERMEDIATE (packets 3 and 4) under generation 0, and the IntAuth chain
		Octets request = open(2, gen0, plains);
		Octets response = open(3, gen0, plains);
		List<Payload> inner = IkeCodec.decodeInner(messages.get(2).first(Payload.Encrypted.class).orElseThrow()
				.firstInnerPayload(), request.toByteArray(), 0);
		Payload.Ke ke1 = (Payload.Ke) inner.get(0);
		assertEquals(KeyExchangeMethod.ML_KEM_768, ke1.method());
		assertEquals(1184, ke1.data().length());
		Octets requestData = IntAuth.signedData(messages.get(2).header(), 34, request);
		Octets responseData = IntAuth.signedData(messages.get(3).header(), 34, response);
		assertOctets(initiator.get("IntAuth_A|P", 0), requestData, "A|P of the IKE_INTERMEDIATE request");
		assertOctets(initiator.get("IntAuth_A|P", 1), responseData, "A|P of the IKE_INTERMEDIATE response");
		IntAuth intAuth = new IntAuth();
		intAuth.add(gen0, requestData, responseData);
		assertLogged("IntAuth_N = ", 0, intAuth.initiator());
		assertLogged("IntAuth_N = ", 1, intAuth.responder());

		// generation 1: after ADDKE1 ML-KEM-768 (RFC 9370)
		Octets mlkem = initiator.get("key exchange secret", 1);
		IkeSaKeys gen1 = KeySchedule.afterAdditionalKeyExchange(gen0, mlkem, ni, nr, spiI, spiR);
		assertEquals(1, gen1.generation());
		assertKeys(gen1, 1);

		// IKE_AUTH (packets 5 and 6) under generation 1; both AUTH values with IntAuth and IKE_AUTH_MID
		List<Payload> authRequest = inner(4, open(4, gen1, plains));
		List<Payload> authResponse = inner(5, open(5, gen1, plains));
		Payload.Id idi = first(authRequest, Payload.Id.class);
		Payload.Id idr = first(authResponse, Payload.Id.class);
		assertEquals("initiator@peer.test", new String(idi.data().toByteArray(), StandardCharsets.US_ASCII));
		Octets initiatorOctets = Authentication.signedOctets(Octets.of(datagrams.get(0)), nr, prf, gen1.skPi(),
				idi.body(), intAuth, messages.get(4).header().messageId());
		Octets responderOctets = Authentication.signedOctets(Octets.of(datagrams.get(1)), ni, prf, gen1.skPr(),
				idr.body(), intAuth, messages.get(4).header().messageId());
		assertLogged("octets", 0, initiatorOctets);
		assertLogged("octets", 1, responderOctets);
		Octets authI = Authentication.sharedKeyAuth(prf, PSK, initiatorOctets);
		Octets authR = Authentication.sharedKeyAuth(prf, PSK, responderOctets);
		assertLogged("AUTH", 0, authI);
		assertLogged("AUTH", 1, authR);
		assertOctets(first(authRequest, Payload.Auth.class).data(), authI, "AUTH payload of IKE_AUTH request");
		assertOctets(first(authResponse, Payload.Auth.class).data(), authR, "AUTH payload of IKE_AUTH response");

		// first Child SA: KEYMAT = prf+(SK_d, Ni | Nr), AES-GCM-256 keys with salt
		Octets keymat = KeySchedule.childKeymat(prf, gen1.skD(), ni, nr, 72);
		assertLogged("encryption initiator key", 0, keymat.slice(0, 36));
		assertLogged("encryption responder key", 0, keymat.slice(36, 72));

		// IKE SA rekey: CREATE_CHILD_SA (7, 8) + IKE_FOLLOWUP_KE (9, 10 fragments; 11) under generation 1
		List<Payload> rekeyRequest = inner(6, open(6, gen1, plains));
		List<Payload> rekeyResponse = inner(7, open(7, gen1, plains));
		Octets fragment1 = open(8, gen1, plains);
		Octets fragment2 = open(9, gen1, plains);
		List<Payload> followup = IkeCodec.decodeInner(
				messages.get(8).first(Payload.EncryptedFragment.class).orElseThrow().firstInnerPayload(),
				Octets.concat(fragment1, fragment2).toByteArray(), 0);
		assertEquals(KeyExchangeMethod.ML_KEM_768, first(followup, Payload.Ke.class).method());
		open(10, gen1, plains);
		open(11, gen1, plains); // INFORMATIONAL: delete the old IKE SA
		open(12, gen1, plains);
		Octets rekeyNi = first(rekeyRequest, Payload.Nonce.class).nonce();
		Octets rekeyNr = first(rekeyResponse, Payload.Nonce.class).nonce();
		long newSpiI = spi(first(rekeyRequest, Payload.Sa.class));
		long newSpiR = spi(first(rekeyResponse, Payload.Sa.class));
		Octets sk0 = initiator.get("key exchange secret", 2);
		Octets sk1 = initiator.get("additional key exchange secret", 2);
		Octets skeyseed = KeySchedule.rekeySkeyseed(prf, gen1.skD(), rekeyNi, rekeyNr, sk0, sk1);
		IkeSaKeys rekeyed = derive(0, skeyseed, rekeyNi, rekeyNr, newSpiI, newSpiR);
		assertKeys(rekeyed, 2);
		assertEquals(newSpiI, messages.get(13).header().initiatorSpi(), "later messages use the new SPIs");

		// Child SA rekey on the new IKE SA: CREATE_CHILD_SA (14, 15), IKE_FOLLOWUP_KE (16, 17; 18), delete (19, 20)
		List<Payload> childRequest = inner(13, open(13, rekeyed, plains));
		List<Payload> childResponse = inner(14, open(14, rekeyed, plains));
		for (int i = 15; i < 20; i++) {
			open(i, rekeyed, plains);
		}
		Octets childNi = first(childRequest, Payload.Nonce.class).nonce();
		Octets childNr = first(childResponse, Payload.Nonce.class).nonce();
		Octets childKeymat = KeySchedule.childKeymat(prf, rekeyed.skD(), childNi, childNr, 72,
				initiator.get("key exchange secret", 3), initiator.get("additional key exchange secret", 3));
		assertLogged("encryption initiator key", 1, childKeymat.slice(0, 36));
		assertLogged("encryption responder key", 1, childKeymat.slice(36, 72));

		// every plaintext equals charon's "plain =>" dump, on both sides
		assertEquals(18, plains.size());
		assertEquals(18, initiator.all("plain").size());
		for (int i = 0; i < plains.size(); i++) {
			assertOctets(initiator.get("plain", i), plains.get(i), "initiator's plaintext #" + i);
			assertOctets(responder.get("plain", i), plains.get(i), "responder's plaintext #" + i);
		}
	}

	private static long spi(Payload.Sa sa) {
		Octets spi = sa.proposals().get(0).spi();
		assertEquals(8, spi.length());
		long v = 0;
		for (int i = 0; i < 8; i++) {
			v = (v << 8) | (spi.get(i) & 0xff);
		}
		return v;
	}

	private static Octets open(int packet, IkeSaKeys keys, List<Octets> plains) throws Exception {
		Octets plain = Octets.of(SkProtection.open(datagrams.get(packet), messages.get(packet), keys));
		plains.add(plain);
		return plain;
	}

	private static List<Payload> inner(int packet, Octets plaintext) throws Exception {
		int first = messages.get(packet).first(Payload.Encrypted.class).orElseThrow().firstInnerPayload();
		List<Payload> payloads = IkeCodec.decodeInner(first, plaintext.toByteArray(), 0);
		assertTrue(!payloads.isEmpty() || plaintext.isEmpty());
		return payloads;
	}

	private static <P extends Payload> P first(List<Payload> payloads, Class<P> kind) {
		return payloads.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow(
				() -> new AssertionError("no " + kind.getSimpleName() + " in " + payloads));
	}
}
