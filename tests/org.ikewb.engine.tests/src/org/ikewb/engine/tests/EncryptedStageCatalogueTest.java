package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.ProtocolId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The malformed-message catalogue, encrypted stages: a {@link ScriptedInitiator} brings a real
 * responder to a stage (IKE_SA_INIT done, the ML-KEM-768 IKE_INTERMEDIATE done, or IKE_AUTH done)
 * and then sends one message that is wrong in one way. Each case names the answer RFC 7296 / 9242 /
 * 9370 want — an error notify inside the protected response, a plain answer, or silence (§2.21:
 * nothing for what does not authenticate or falls outside the window) — and the state left behind:
 * the IKE SA (half-open or established) or nothing.
 */
class EncryptedStageCatalogueTest {

	static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";
	static final byte[] PSK = "catalogue-psk-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

	enum Stage {
		/** IKE_SA_INIT answered; the IKE_INTERMEDIATE round (message ID 1) is next. */
		INIT,
		/** The ML-KEM-768 round done; IKE_AUTH (message ID 2) is next. */
		INTERMEDIATE,
		/** IKE_AUTH done: an established IKE SA with one Child SA; message ID 3 is next. */
		ESTABLISHED
	}

	/** What must come back: an error notify, an answer without one, or nothing. */
	record Expect(NotifyType error, boolean answer) {
		static Expect notify(NotifyType type) {
			return new Expect(type, true);
		}

		static final Expect SILENCE = new Expect(null, false);
		static final Expect PLAIN_ANSWER = new Expect(null, true);

		@Override
		public String toString() {
			return error != null ? error.toString() : answer ? "an answer without error" : "silence";
		}
	}

	/** One hostile step against the scripted SA. */
	interface Step {
		ScriptedInitiator.Reply run(ScriptedInitiator s) throws Exception;
	}

	static final boolean KEEPS_SA = true;
	static final boolean NO_STATE = false;

	static Arguments c(String what, Stage stage, Step step, Expect expect, boolean keepsSa) {
		return Arguments.of(what, stage, step, expect, keepsSa);
	}

	static Payload.Ke mlkem(byte[] data) {
		return new Payload.Ke(KeyExchangeMethod.ML_KEM_768, Octets.of(data));
	}

	static Payload.Ke goodMlkem() {
		return mlkem(KeyExchange.start(KeyExchangeMethod.ML_KEM_768, ScriptedInitiator.RANDOM).publicValue());
	}

	static Payload.Ke x25519() {
		return new Payload.Ke(KeyExchangeMethod.CURVE25519,
				Octets.of(KeyExchange.start(KeyExchangeMethod.CURVE25519, ScriptedInitiator.RANDOM).publicValue()));
	}

	static final Payload CRITICAL = new Payload.Unknown(200, true, Octets.of(new byte[8]));

	/** Keys no peer holds: the same suite from another SKEYSEED. */
	static IkeSaKeys foreignKeys(ScriptedInitiator s) {
		return KeySchedule.derive(0, s.prf, s.keys.encryption(), s.keys.encryptionKeyBits(), s.keys.integrity(),
				Octets.of(ScriptedInitiator.random(48)), s.ni, s.nr, s.spiI, s.spiR);
	}

	static ScriptedInitiator.Reply rawThenReceive(ScriptedInitiator s, byte[] datagram) throws Exception {
		s.sendRaw(datagram);
		return s.receive(1000);
	}

	/** A sealed request whose octet {@code at} (from the end when negative) is flipped. */
	static byte[] sealedAndFlipped(ScriptedInitiator s, ExchangeType type, List<Payload> inner, int at) throws Exception {
		IkeHeader h = IkeHeader.of(s.spiI, s.spiR, type, IkeHeader.FLAG_INITIATOR, s.nextMessageId);
		byte[] d = org.ikewb.crypto.SkProtection.seal(h, inner.get(0).type().value(), IkeCodec.encodeChain(inner), s.keys,
				ScriptedInitiator.RANDOM);
		d[at < 0 ? d.length + at : at] ^= 0x01;
		return d;
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				// ---------------------------------------------------------------- the IKE_INTERMEDIATE round
				c("IKE_INTERMEDIATE whose KE is x25519, not the negotiated ML-KEM-768", Stage.INIT,
						s -> s.request(ExchangeType.IKE_INTERMEDIATE, List.of(x25519())),
						Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("an ML-KEM-768 key one octet short", Stage.INIT,
						s -> s.request(ExchangeType.IKE_INTERMEDIATE, List.of(mlkem(ScriptedInitiator.random(1183)))),
						Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("an ML-KEM-768 key failing the FIPS 203 modulus check", Stage.INIT, s -> {
					byte[] ek = new byte[1184];
					Arrays.fill(ek, (byte) 0xff);
					return s.request(ExchangeType.IKE_INTERMEDIATE, List.of(mlkem(ek)));
				}, Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("IKE_INTERMEDIATE without a KE payload while a round is due", Stage.INIT,
						s -> s.request(ExchangeType.IKE_INTERMEDIATE, List.of()),
						Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("IKE_INTERMEDIATE with two KE payloads", Stage.INIT,
						s -> s.request(ExchangeType.IKE_INTERMEDIATE, List.of(goodMlkem(), goodMlkem())),
						Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("an ML-KEM ciphertext opened as if made for a different key: IKE_AUTH under diverged keys",
						Stage.INIT, s -> {
							s.intermediate(KeyExchangeMethod.ML_KEM_768, true);
							return s.request(ExchangeType.IKE_AUTH, s.authPayloads(PSK));
						}, Expect.SILENCE, KEEPS_SA),
				c("IKE_INTERMEDIATE sealed under keys the responder does not hold", Stage.INIT, s -> {
					s.send(ExchangeType.IKE_INTERMEDIATE, 1, List.of(goodMlkem()), foreignKeys(s));
					return s.receive(1000);
				}, Expect.SILENCE, KEEPS_SA),
				c("IKE_INTERMEDIATE with one ICV bit flipped", Stage.INIT,
						s -> rawThenReceive(s, sealedAndFlipped(s, ExchangeType.IKE_INTERMEDIATE, List.of(goodMlkem()), -1)),
						Expect.SILENCE, KEEPS_SA),
				c("IKE_INTERMEDIATE with one ciphertext bit flipped", Stage.INIT,
						s -> rawThenReceive(s, sealedAndFlipped(s, ExchangeType.IKE_INTERMEDIATE, List.of(goodMlkem()), 100)),
						Expect.SILENCE, KEEPS_SA),
				c("IKE_INTERMEDIATE cut short inside its Encrypted payload", Stage.INIT, s -> {
					byte[] d = sealedAndFlipped(s, ExchangeType.IKE_INTERMEDIATE, List.of(goodMlkem()), 50);
					return rawThenReceive(s, Arrays.copyOf(d, d.length / 2));
				}, Expect.SILENCE, KEEPS_SA),
				c("IKE_INTERMEDIATE with message ID 2, ahead of the window", Stage.INIT, s -> {
					s.send(ExchangeType.IKE_INTERMEDIATE, 2, List.of(goodMlkem()), s.keys);
					return s.receive(1000);
				}, Expect.SILENCE, KEEPS_SA),
				c("IKE_INTERMEDIATE flagged as a response", Stage.INIT, s -> {
					IkeHeader h = IkeHeader.of(s.spiI, s.spiR, ExchangeType.IKE_INTERMEDIATE,
							IkeHeader.FLAG_INITIATOR | IkeHeader.FLAG_RESPONSE, 1);
					List<Payload> inner = List.of(goodMlkem());
					return rawThenReceive(s, org.ikewb.crypto.SkProtection.seal(h, PayloadType.KE.value(),
							IkeCodec.encodeChain(inner), s.keys, ScriptedInitiator.RANDOM));
				}, Expect.SILENCE, KEEPS_SA),
				c("IKE_INTERMEDIATE carrying an unsupported critical payload", Stage.INIT,
						s -> s.request(ExchangeType.IKE_INTERMEDIATE, List.of(goodMlkem(), CRITICAL)),
						Expect.notify(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD), NO_STATE),
				c("IKE_AUTH skipping the negotiated IKE_INTERMEDIATE round", Stage.INIT,
						s -> s.request(ExchangeType.IKE_AUTH, s.authPayloads(PSK)),
						Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("CREATE_CHILD_SA before IKE_AUTH", Stage.INIT,
						s -> s.request(ExchangeType.CREATE_CHILD_SA, List.of(ScriptedInitiator.esp("aes256gcm16"),
								new Payload.Nonce(Octets.of(ScriptedInitiator.random(32))),
								ScriptedInitiator.anyTs(PayloadType.TSI), ScriptedInitiator.anyTs(PayloadType.TSR))),
						Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				// ---------------------------------------------------------------- IKE_AUTH
				c("IKE_AUTH with an AUTH made from another pre-shared key", Stage.INTERMEDIATE, s -> {
					List<Payload> p = s.authPayloads("not-the-psk".getBytes(StandardCharsets.US_ASCII));
					return s.request(ExchangeType.IKE_AUTH, p);
				}, Expect.notify(NotifyType.AUTHENTICATION_FAILED), NO_STATE),
				c("IKE_AUTH whose AUTH leaves out IntAuth (RFC 7296 signed octets)", Stage.INTERMEDIATE, s -> {
					List<Payload> p = s.authPayloads(PSK);
					p.set(1, s.auth(PSK, false, s.nextMessageId));
					return s.request(ExchangeType.IKE_AUTH, p);
				}, Expect.notify(NotifyType.AUTHENTICATION_FAILED), NO_STATE),
				c("IKE_AUTH whose AUTH signs another IKE_AUTH message ID", Stage.INTERMEDIATE, s -> {
					List<Payload> p = s.authPayloads(PSK);
					p.set(1, s.auth(PSK, true, 5));
					return s.request(ExchangeType.IKE_AUTH, p);
				}, Expect.notify(NotifyType.AUTHENTICATION_FAILED), NO_STATE),
				c("IKE_AUTH without IDi", Stage.INTERMEDIATE, s -> {
					List<Payload> p = s.authPayloads(PSK);
					p.remove(0);
					return s.request(ExchangeType.IKE_AUTH, p);
				}, Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("IKE_AUTH without AUTH", Stage.INTERMEDIATE, s -> {
					List<Payload> p = s.authPayloads(PSK);
					p.remove(1);
					return s.request(ExchangeType.IKE_AUTH, p);
				}, Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("IKE_AUTH sealed with the keys from before the additional key exchange", Stage.INTERMEDIATE, s -> {
					IkeSaKeys old = KeySchedule.derive(0, s.prf, s.keys.encryption(), s.keys.encryptionKeyBits(),
							s.keys.integrity(), s.generationZero, s.ni, s.nr, s.spiI, s.spiR);
					s.send(ExchangeType.IKE_AUTH, s.nextMessageId, s.authPayloads(PSK), old);
					return s.receive(1000);
				}, Expect.SILENCE, KEEPS_SA),
				c("IKE_AUTH offering only an ESP proposal the responder does not accept", Stage.INTERMEDIATE, s -> {
					List<Payload> p = s.authPayloads(PSK);
					p.set(2, ScriptedInitiator.esp("aes128-sha1"));
					return s.request(ExchangeType.IKE_AUTH, p);
				}, Expect.notify(NotifyType.NO_PROPOSAL_CHOSEN), KEEPS_SA),
				c("IKE_AUTH with an ESP SPI of 8 octets", Stage.INTERMEDIATE, s -> {
					List<Payload> p = s.authPayloads(PSK);
					Payload.Proposal esp = ((Payload.Sa) p.get(2)).proposals().get(0);
					p.set(2, new Payload.Sa(List.of(new Payload.Proposal(1, ProtocolId.ESP,
							Octets.of(ScriptedInitiator.random(8)), esp.transforms()))));
					return s.request(ExchangeType.IKE_AUTH, p);
				}, Expect.notify(NotifyType.NO_PROPOSAL_CHOSEN), KEEPS_SA),
				c("IKE_AUTH with a Child SA but no traffic selectors", Stage.INTERMEDIATE, s -> {
					List<Payload> p = s.authPayloads(PSK);
					p.subList(3, 5).clear();
					return s.request(ExchangeType.IKE_AUTH, p);
				}, Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				c("a second IKE_INTERMEDIATE with a KE after the negotiated round", Stage.INTERMEDIATE,
						s -> s.request(ExchangeType.IKE_INTERMEDIATE, List.of(goodMlkem())),
						Expect.notify(NotifyType.INVALID_SYNTAX), NO_STATE),
				// ---------------------------------------------------------------- the established IKE SA
				c("CREATE_CHILD_SA rekeying a Child SA nobody has", Stage.ESTABLISHED,
						s -> s.request(ExchangeType.CREATE_CHILD_SA, List.of(
								new Payload.Notify(ProtocolId.ESP.value(), Octets.of(new byte[] { 1, 2, 3, 4 }),
										NotifyType.REKEY_SA, Octets.EMPTY),
								ScriptedInitiator.esp("aes256gcm16"), new Payload.Nonce(Octets.of(ScriptedInitiator.random(32))),
								ScriptedInitiator.anyTs(PayloadType.TSI), ScriptedInitiator.anyTs(PayloadType.TSR))),
						Expect.notify(NotifyType.CHILD_SA_NOT_FOUND), KEEPS_SA),
				c("IKE_FOLLOWUP_KE with an ADDITIONAL_KEY_EXCHANGE link nobody issued", Stage.ESTABLISHED,
						s -> s.request(ExchangeType.IKE_FOLLOWUP_KE, List.of(goodMlkem(),
								Payload.Notify.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, Octets.of(ScriptedInitiator.random(16))))),
						Expect.notify(NotifyType.STATE_NOT_FOUND), KEEPS_SA),
				c("IKE_FOLLOWUP_KE without an ADDITIONAL_KEY_EXCHANGE link", Stage.ESTABLISHED,
						s -> s.request(ExchangeType.IKE_FOLLOWUP_KE, List.of(goodMlkem())),
						Expect.notify(NotifyType.STATE_NOT_FOUND), KEEPS_SA),
				c("CREATE_CHILD_SA whose KE is of a method the chosen proposal does not hold", Stage.ESTABLISHED,
						s -> s.request(ExchangeType.CREATE_CHILD_SA, List.of(ScriptedInitiator.esp(ESP),
								new Payload.Nonce(Octets.of(ScriptedInitiator.random(32))),
								new Payload.Ke(KeyExchangeMethod.ECP_256, Octets.of(ScriptedInitiator.random(64))),
								ScriptedInitiator.anyTs(PayloadType.TSI), ScriptedInitiator.anyTs(PayloadType.TSR))),
						Expect.notify(NotifyType.INVALID_KE_PAYLOAD), KEEPS_SA),
				c("CREATE_CHILD_SA without a Nonce", Stage.ESTABLISHED,
						s -> s.request(ExchangeType.CREATE_CHILD_SA, List.of(ScriptedInitiator.esp(ESP), x25519(),
								ScriptedInitiator.anyTs(PayloadType.TSI), ScriptedInitiator.anyTs(PayloadType.TSR))),
						Expect.notify(NotifyType.INVALID_SYNTAX), KEEPS_SA),
				c("INFORMATIONAL carrying an unsupported critical payload", Stage.ESTABLISHED,
						s -> s.request(ExchangeType.INFORMATIONAL, List.of(CRITICAL)),
						Expect.notify(NotifyType.UNSUPPORTED_CRITICAL_PAYLOAD), KEEPS_SA),
				c("INFORMATIONAL deleting an ESP SPI nobody has", Stage.ESTABLISHED,
						s -> s.request(ExchangeType.INFORMATIONAL, List.of(new Payload.Delete(ProtocolId.ESP, 4,
								List.of(Octets.of(new byte[] { 9, 9, 9, 9 }))))),
						Expect.PLAIN_ANSWER, KEEPS_SA),
				c("a request with message ID 7 when 3 is due", Stage.ESTABLISHED, s -> {
					s.send(ExchangeType.INFORMATIONAL, 7, List.of(), s.keys);
					return s.receive(1000);
				}, Expect.SILENCE, KEEPS_SA),
				c("IKE_AUTH again on the established IKE SA", Stage.ESTABLISHED,
						s -> s.request(ExchangeType.IKE_AUTH, s.authPayloads(PSK)),
						Expect.notify(NotifyType.INVALID_SYNTAX), KEEPS_SA),
				c("IKE_SA_INIT again, on the established IKE SA's SPIs", Stage.ESTABLISHED, s -> {
					IkeMessage again = IkeCodec.decode(s.initRequest);
					IkeHeader h = IkeHeader.of(s.spiI, s.spiR, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_INITIATOR, 0);
					return rawThenReceive(s, IkeCodec.encode(new IkeMessage(h, again.payloads())));
				}, Expect.SILENCE, KEEPS_SA));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void theResponderAnswersAsTheRfcsSay(String what, Stage stage, Step step, Expect expect, boolean keepsSa)
			throws Exception {
		try (Engine responder = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
			responder.setCookieThreshold(Integer.MAX_VALUE);
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r.test"), null, PSK::clone, IKE, ESP));
			try (ScriptedInitiator s = ScriptedInitiator.init(responder.localAddress(), IKE)) {
				if (stage != Stage.INIT) {
					s.intermediate(KeyExchangeMethod.ML_KEM_768);
				}
				if (stage == Stage.ESTABLISHED) {
					ScriptedInitiator.Reply auth = s.request(ExchangeType.IKE_AUTH, s.authPayloads(PSK));
					if (auth == null || auth.firstNotify() != null && auth.firstNotify().isError()) {
						throw new AssertionError("IKE_AUTH failed: " + (auth == null ? "no answer" : auth.inner()));
					}
				}
				ScriptedInitiator.Reply reply = step.run(s);
				NotifyType got = reply == null ? null : errorOf(reply);
				assertEquals(expect, reply == null ? Expect.SILENCE : got == null ? Expect.PLAIN_ANSWER : Expect.notify(got),
						what + (reply == null ? "" : ": " + reply.inner()));
				Thread.sleep(100);
				assertEquals(keepsSa ? 1 : 0, responder.ikeSaCount(), what + ": IKE SAs left");
				if (stage == Stage.ESTABLISHED && keepsSa) {
					// an answered error consumed its message ID, silence did not: either way the SA goes on
					ScriptedInitiator.Reply live = s.request(ExchangeType.INFORMATIONAL, List.of());
					org.junit.jupiter.api.Assertions.assertNotNull(live,
							what + ": the IKE SA still answers a liveness check with message ID " + s.nextMessageId);
				}
				if (stage != Stage.ESTABLISHED || !keepsSa) {
					assertEquals(keepsSa && expect.error() != NotifyType.NO_PROPOSAL_CHOSEN ? 1 : 0,
							responder.halfOpenCount(), what + ": half-open IKE SAs left");
				}
			}
		}
	}

	private static NotifyType errorOf(ScriptedInitiator.Reply reply) {
		for (Payload p : reply.inner()) {
			if (p instanceof Payload.Notify n && n.notifyType().isError()) {
				return n.notifyType();
			}
		}
		return null;
	}
}
