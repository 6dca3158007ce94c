package org.ikewb.engine.tests;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ikewb.crypto.Authentication;
import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntAuth;
import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.AuthMethod;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IdType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.PrfAlgorithm;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformType;
import org.ikewb.protocol.TsType;

/**
 * A hand-driven IKEv2 initiator for the malformed-message catalogue: it runs IKE_SA_INIT properly,
 * derives the keys itself from the crypto layer, and can then send any encrypted message — valid,
 * or wrong in exactly one way — and read the decrypted answer. Every step is explicit so that a
 * catalogue case says precisely what it breaks.
 */
final class ScriptedInitiator implements AutoCloseable {

	static final SecureRandom RANDOM = new SecureRandom();

	/** An answer: the message, its decrypted inner payloads (or its plain payloads), its IntAuth data. */
	record Reply(IkeMessage message, List<Payload> inner, Octets signedData) {
		NotifyType firstNotify() {
			return inner.stream().filter(Payload.Notify.class::isInstance).map(p -> ((Payload.Notify) p).notifyType())
					.findFirst().orElse(null);
		}

		<P extends Payload> P first(Class<P> kind) {
			return inner.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElseThrow();
		}
	}

	/** What a sent request contributes to IntAuth. */
	record Sent(int messageId, Octets signedData) {
	}

	private final DatagramChannel channel;
	private final InetSocketAddress responder;
	final long spiI = RANDOM.nextLong() | 1;
	long spiR;
	final Octets ni = Octets.of(random(32));
	Octets nr;
	byte[] initRequest;
	Payload.Proposal chosen;
	Prf prf;
	IkeSaKeys keys;
	/** SKEYSEED of IKE_SA_INIT: generation 0, before any additional key exchange. */
	Octets generationZero;
	final IntAuth intAuth = new IntAuth();
	int nextMessageId = 1;

	private ScriptedInitiator(InetSocketAddress responder) throws IOException {
		this.responder = responder;
		channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		channel.configureBlocking(false);
	}

	static byte[] random(int n) {
		byte[] b = new byte[n];
		RANDOM.nextBytes(b);
		return b;
	}

	/** Runs IKE_SA_INIT offering {@code ike} with an x25519 KE; fails if the responder does not answer it. */
	static ScriptedInitiator init(InetSocketAddress responder, String ike) throws Exception {
		ScriptedInitiator s = new ScriptedInitiator(responder);
		KeyExchange x25519 = KeyExchange.start(KeyExchangeMethod.CURVE25519, RANDOM);
		s.initRequest = IkeCodec.encode(new IkeMessage(IkeHeader.of(s.spiI, 0, ExchangeType.IKE_SA_INIT,
				IkeHeader.FLAG_INITIATOR, 0), List.of(new Payload.Sa(List.of(ProposalSyntax.parse(ike, ProtocolId.IKE, 1))),
						new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(x25519.publicValue())),
						new Payload.Nonce(s.ni), Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED))));
		s.sendRaw(s.initRequest);
		byte[] raw = s.receiveRaw(3000);
		if (raw == null) {
			throw new AssertionError("no IKE_SA_INIT response");
		}
		IkeMessage response = IkeCodec.decode(raw);
		s.spiR = response.header().responderSpi();
		s.chosen = response.first(Payload.Sa.class).orElseThrow().proposals().get(0);
		s.nr = response.first(Payload.Nonce.class).orElseThrow().nonce();
		byte[] secret = x25519.complete(response.first(Payload.Ke.class).orElseThrow().data().toByteArray());
		s.prf = Prf.of(PrfAlgorithm.of(s.chosen.transformsOf(TransformType.PRF).get(0).id()));
		Payload.Transform encr = s.chosen.transformsOf(TransformType.ENCR).get(0);
		List<Payload.Transform> integ = s.chosen.transformsOf(TransformType.INTEG);
		s.generationZero = KeySchedule.initialSkeyseed(s.prf, s.ni, s.nr, Octets.of(secret));
		s.keys = KeySchedule.derive(0, s.prf, EncryptionAlgorithm.of(encr.id()), encr.keyLength(),
				integ.isEmpty() ? IntegrityAlgorithm.NONE : IntegrityAlgorithm.of(integ.get(0).id()), s.generationZero,
				s.ni, s.nr, s.spiI, s.spiR);
		return s;
	}

	// ------------------------------------------------------------------ sending

	/** Seals {@code inner} under {@code with} and sends it as a request with this message ID. */
	Sent send(ExchangeType type, int messageId, List<Payload> inner, IkeSaKeys with) throws IOException {
		IkeHeader header = IkeHeader.of(spiI, spiR, type, IkeHeader.FLAG_INITIATOR, messageId);
		byte[] plaintext = IkeCodec.encodeChain(inner);
		int first = inner.isEmpty() ? PayloadType.NONE : inner.get(0).type().value();
		sendRaw(SkProtection.seal(header, first, plaintext, with, RANDOM));
		return new Sent(messageId, IntAuth.signedData(header, first, Octets.of(plaintext)));
	}

	/** Sends the next request under the current keys and waits for its answer (null: silence). */
	Reply request(ExchangeType type, List<Payload> inner) throws Exception {
		send(type, nextMessageId, inner, keys);
		Reply reply = receive(1500);
		if (reply != null) {
			nextMessageId++;
		}
		return reply;
	}

	void sendRaw(byte[] datagram) throws IOException {
		channel.send(ByteBuffer.wrap(datagram), responder);
	}

	// ------------------------------------------------------------------ receiving

	byte[] receiveRaw(long millis) throws Exception {
		ByteBuffer buffer = ByteBuffer.allocate(65536);
		long end = System.currentTimeMillis() + millis;
		while (channel.receive(buffer) == null) {
			if (System.currentTimeMillis() > end) {
				return null;
			}
			Thread.sleep(5);
		}
		buffer.flip();
		byte[] bytes = new byte[buffer.remaining()];
		buffer.get(bytes);
		// the engine prefixes the non-ESP marker towards ports other than 500
		if (bytes.length > 4 && bytes[0] == 0 && bytes[1] == 0 && bytes[2] == 0 && bytes[3] == 0) {
			bytes = Arrays.copyOfRange(bytes, 4, bytes.length);
		}
		return bytes;
	}

	/** The next answer, decrypted with the current keys when protected; null after {@code millis} of silence. */
	Reply receive(long millis) throws Exception {
		byte[] raw = receiveRaw(millis);
		if (raw == null) {
			return null;
		}
		IkeMessage m = IkeCodec.decode(raw);
		if (!m.payloads().isEmpty() && m.payloads().get(m.payloads().size() - 1) instanceof Payload.Encrypted sk) {
			byte[] plaintext = SkProtection.open(raw, m, keys);
			return new Reply(m, IkeCodec.decodeInner(sk.firstInnerPayload(), plaintext, 0),
					IntAuth.signedData(m.header(), sk.firstInnerPayload(), Octets.of(plaintext)));
		}
		return new Reply(m, m.payloads(), null);
	}

	// ------------------------------------------------------------------ whole steps done right

	/** One correct IKE_INTERMEDIATE round with {@code method}; the keys move on. */
	void intermediate(KeyExchangeMethod method) throws Exception {
		intermediate(method, false);
	}

	/**
	 * One IKE_INTERMEDIATE round; with {@code foreignCiphertext} the responder's ML-KEM ciphertext
	 * is opened with another decapsulation key, as if it had been made for a different key: FIPS 203
	 * implicit rejection gives a secret the responder does not share, and the keys diverge.
	 */
	void intermediate(KeyExchangeMethod method, boolean foreignCiphertext) throws Exception {
		KeyExchange ke = KeyExchange.start(method, RANDOM);
		KeyExchange opener = foreignCiphertext ? KeyExchange.start(method, RANDOM) : ke;
		Sent sent = send(ExchangeType.IKE_INTERMEDIATE, nextMessageId, List.of(new Payload.Ke(method, Octets.of(ke.publicValue()))),
				keys);
		Reply reply = receive(3000);
		if (reply == null || reply.firstNotify() != null) {
			throw new AssertionError("IKE_INTERMEDIATE failed: " + (reply == null ? "no answer" : reply.inner()));
		}
		nextMessageId++;
		byte[] secret = opener.complete(reply.first(Payload.Ke.class).data().toByteArray());
		intAuth.add(keys, sent.signedData(), reply.signedData());
		keys = KeySchedule.afterAdditionalKeyExchange(keys, Octets.of(secret), ni, nr, spiI, spiR);
	}

	static final Payload.Id IDI = new Payload.Id(PayloadType.IDI, IdType.FQDN,
			Octets.of("i.test".getBytes(StandardCharsets.US_ASCII)));

	static Payload.Ts anyTs(PayloadType type) {
		return new Payload.Ts(type, List.of(new Payload.TrafficSelector(TsType.IPV4_ADDR_RANGE, 0, 0, 65535,
				Octets.of(new byte[4]), Octets.of(new byte[] { -1, -1, -1, -1 }))));
	}

	/** An ESP SA payload for {@code esp} with a fresh 4-octet SPI. */
	static Payload.Sa esp(String esp) {
		Payload.Proposal p = ProposalSyntax.parse(esp, ProtocolId.ESP, 1);
		return new Payload.Sa(List.of(new Payload.Proposal(1, ProtocolId.ESP, Octets.of(random(4)), p.transforms())));
	}

	/** AUTH over our InitiatorSignedOctets with {@code psk} (IntAuth included when {@code withIntAuth}). */
	Payload.Auth auth(byte[] psk, boolean withIntAuth, int authMessageId) {
		Octets signed = Authentication.signedOctets(Octets.of(initRequest), nr, prf, keys.skPi(), IDI.body(),
				withIntAuth ? intAuth : null, authMessageId);
		return new Payload.Auth(AuthMethod.SHARED_KEY_MIC, Authentication.sharedKeyAuth(prf, psk, signed));
	}

	/** A correct IKE_AUTH request's payloads for the next message ID. */
	List<Payload> authPayloads(byte[] psk) {
		return new ArrayList<>(List.of(IDI, auth(psk, true, nextMessageId), esp("aes256gcm16"), anyTs(PayloadType.TSI),
				anyTs(PayloadType.TSR)));
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}
}
