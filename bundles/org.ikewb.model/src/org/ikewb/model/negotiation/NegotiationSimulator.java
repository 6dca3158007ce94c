package org.ikewb.model.negotiation;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.protocol.AuthMethod;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IdType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.PrfAlgorithm;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.SkLayout;
import org.ikewb.protocol.TransformType;
import org.ikewb.protocol.TsType;

/**
 * Predicts, without a network, what two configurations negotiate: IKE_SA_INIT with its
 * INVALID_KE_PAYLOAD round trips, one IKE_INTERMEDIATE per additional key exchange, IKE_AUTH with the
 * first Child SA, and on request a Child SA and an IKE SA rekey with their IKE_FOLLOWUP_KE exchanges —
 * each message with the payloads our engine would send and its size on the wire (SKF fragments at
 * the sender's limit), or where and why it fails. The responder's choices follow its
 * {@link Behaviour}; the initiator's first KE and its re-offer follow the initiator's.
 *
 * <p>Plain Java over wire proposals, so that the command line, the editor and tests share one answer.
 */
public final class NegotiationSimulator {

	/** Distinct INVALID_KE_PAYLOAD answers an initiator follows (strongSwan gives up after 5 retries). */
	private static final int MAX_RETRIES = 5;
	private static final int NONCE = 32;

	private NegotiationSimulator() {
	}

	/** The IKE SA and its first Child SA. */
	public static Prediction predict(Party initiator, Party responder) {
		return predict(initiator, responder, false);
	}

	/** The IKE SA, its first Child SA and, with {@code rekeys}, one rekey of each. */
	public static Prediction predict(Party initiator, Party responder, boolean rekeys) {
		// each side as its implementation can run it: what it cannot negotiate is not on its wire
		List<String> limits = new ArrayList<>();
		Party i = initiator.limited(limits);
		Party r = responder.limited(limits);
		Run run = new Run(i, r, List.copyOf(limits));
		if (i.ike().isEmpty() || r.ike().isEmpty()) {
			return run.fail(null, 0, ExchangeType.IKE_SA_INIT, NotifyType.NO_PROPOSAL_CHOSEN,
					(i.ike().isEmpty() ? i : r).name() + " has no IKE proposal its implementation can negotiate", false);
		}
		return run.run(rekeys);
	}

	private static final class Run {
		final Party i;
		final Party r;
		final List<Prediction.Step> steps = new ArrayList<>();
		long messageId;
		int generation;
		EncryptionAlgorithm encryption;
		IntegrityAlgorithm integrity;
		PrfAlgorithm prf;
		boolean fragmentation;

		final List<String> limits;

		Run(Party initiator, Party responder, List<String> limits) {
			this.i = initiator;
			this.r = responder;
			this.limits = limits;
		}

		Prediction run(boolean rekeys) {
			int method = i.behaviour().firstKe(i.ike());
			if (method == 0) {
				return fail(null, 0, ExchangeType.IKE_SA_INIT, NotifyType.NO_PROPOSAL_CHOSEN,
						i.name() + " offers no key exchange method in its IKE proposals", false);
			}
			int retries = 0;
			Payload.Proposal chosen;
			while (true) {
				List<Payload.Proposal> offered = i.behaviour().offer(i.ike(), method);
				boolean addke = offersAdditional(offered);
				List<Payload> request = new ArrayList<>();
				request.add(new Payload.Sa(offered));
				request.add(ke(method, true));
				request.add(new Payload.Nonce(zeros(NONCE)));
				request.addAll(natDetection());
				if (i.fragmentation()) {
					request.add(Payload.Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
				}
				if (addke) {
					request.add(Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED));
				}
				plain(ExchangeType.IKE_SA_INIT, false, request, retries == 0 ? null : "retry with " + Behaviour.name(method));
				chosen = r.behaviour().select(offered, r.ike(), false);
				if (chosen == null) {
					plain(ExchangeType.IKE_SA_INIT, true, List.of(Payload.Notify.of(NotifyType.NO_PROPOSAL_CHOSEN)), null);
					return fail(null, retries, ExchangeType.IKE_SA_INIT, NotifyType.NO_PROPOSAL_CHOSEN,
							Overlap.explain(offered, r.ike(), r.behaviour()), false);
				}
				int chosenKe = Behaviour.method(chosen, TransformType.KE);
				if (chosenKe != method) {
					Octets data = Octets.of(new byte[] { (byte) (chosenKe >>> 8), (byte) chosenKe });
					plain(ExchangeType.IKE_SA_INIT, true, List.of(Payload.Notify.of(NotifyType.INVALID_KE_PAYLOAD, data)),
							r.name() + " selects " + Behaviour.name(chosenKe) + ", not the " + Behaviour.name(method) + " sent");
					retries++;
					if (retries > MAX_RETRIES) {
						return fail(null, retries, ExchangeType.IKE_SA_INIT, NotifyType.INVALID_KE_PAYLOAD,
								"the responder keeps asking for another key exchange method", false);
					}
					method = chosenKe;
					continue;
				}
				List<Payload> response = new ArrayList<>();
				response.add(new Payload.Sa(List.of(chosen)));
				response.add(ke(chosenKe, false));
				response.add(new Payload.Nonce(zeros(NONCE)));
				response.addAll(natDetection());
				fragmentation = i.fragmentation() && r.fragmentation();
				if (fragmentation) {
					response.add(Payload.Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
				}
				if (addke) {
					response.add(Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED));
				}
				if (r.behaviour() == Behaviour.OURS) {
					response.add(Payload.Notify.of(NotifyType.CHILDLESS_IKEV2_SUPPORTED));
				}
				plain(ExchangeType.IKE_SA_INIT, true, response, null);
				break;
			}
			steps.add(new Prediction.Keys(generation++, "IKE_SA_INIT: " + Behaviour.name(method)));
			encryption = EncryptionAlgorithm.of(Behaviour.method(chosen, TransformType.ENCR));
			integrity = chosen.transformsOf(TransformType.INTEG).isEmpty() ? null
					: IntegrityAlgorithm.of(chosen.transformsOf(TransformType.INTEG).get(0).id());
			prf = PrfAlgorithm.of(Behaviour.method(chosen, TransformType.PRF));
			messageId = 1;
			for (int round = 1; round <= 7; round++) {
				int m = Behaviour.method(chosen, TransformType.additionalKeyExchange(round));
				if (m == 0) {
					continue;
				}
				sealed(ExchangeType.IKE_INTERMEDIATE, false, i, List.of(ke(m, true)), "ADDKE " + round);
				sealed(ExchangeType.IKE_INTERMEDIATE, true, r, List.of(ke(m, false)), null);
				messageId++;
				steps.add(new Prediction.Keys(generation++, "IKE_INTERMEDIATE ADDKE " + round + ": " + Behaviour.name(m)));
			}
			// IKE_AUTH with the first Child SA (no KE in its proposals, RFC 7296 §1.2)
			List<Payload> auth = new ArrayList<>();
			auth.add(id(PayloadType.IDI, i));
			if (i.remoteId() != null) {
				auth.add(new Payload.Id(PayloadType.IDR, i.remoteId().idType(), i.remoteId().data()));
			}
			auth.add(new Payload.Auth(AuthMethod.SHARED_KEY_MIC, zeros(prf.outputLength())));
			List<Payload.Proposal> espOffer = withSpi(Behaviour.withoutKe(i.esp()), 4);
			boolean childless = espOffer.isEmpty();
			if (!childless) {
				auth.add(new Payload.Sa(espOffer));
				auth.addAll(selectors(i.localTs(), i.remoteTs()));
			}
			sealed(ExchangeType.IKE_AUTH, false, i, auth, null);
			List<Payload> answer = new ArrayList<>();
			answer.add(id(PayloadType.IDR, r));
			answer.add(new Payload.Auth(AuthMethod.SHARED_KEY_MIC, zeros(prf.outputLength())));
			Payload.Proposal esp = null;
			Prediction.Failure childFailure = null;
			if (!childless) {
				esp = r.behaviour().select(espOffer, r.esp(), true);
				if (esp == null) {
					answer.add(Payload.Notify.of(NotifyType.NO_PROPOSAL_CHOSEN));
					childFailure = new Prediction.Failure(ExchangeType.IKE_AUTH, NotifyType.NO_PROPOSAL_CHOSEN,
							"Child SA: " + Overlap.explain(espOffer, Behaviour.withoutKe(r.esp()), r.behaviour()), true);
				} else {
					esp = withSpi(List.of(esp), 4).get(0);
					answer.add(new Payload.Sa(List.of(esp)));
					answer.addAll(selectors(i.localTs(), i.remoteTs()));
				}
			}
			sealed(ExchangeType.IKE_AUTH, true, r, answer, childFailure == null ? null : "Child SA refused");
			messageId++;
			List<Prediction.Rekey> rekeyed = new ArrayList<>();
			if (rekeys && childFailure == null) {
				if (esp != null) {
					rekeyed.add(rekey("Child SA", i.espForRekey(), r.espForRekey(), ProtocolId.ESP,
							i.behaviour().firstKe(i.espForRekey())));
				}
				int previous = Behaviour.method(chosen, TransformType.KE);
				int first = i.behaviour() == Behaviour.STRONGSWAN
						&& i.ikeForRekey().stream().anyMatch(p -> p.transformsOf(TransformType.KE).stream().anyMatch(t -> t.id() == previous))
								? previous // prefer_previous_dh_group
								: i.behaviour().firstKe(i.ikeForRekey());
				rekeyed.add(rekey("IKE SA", i.ikeForRekey(), r.ikeForRekey(), ProtocolId.IKE, first));
			}
			return new Prediction(i, r, List.copyOf(steps), chosen, esp, retries, childFailure, List.copyOf(rekeyed), limits);
		}

		/** CREATE_CHILD_SA (with its INVALID_KE_PAYLOAD retries) and one IKE_FOLLOWUP_KE per ADDKE chosen. */
		Prediction.Rekey rekey(String what, List<Payload.Proposal> own, List<Payload.Proposal> theirs, ProtocolId protocol,
				int method) {
			int spi = protocol.equals(ProtocolId.IKE) ? 8 : 4;
			int retries = 0;
			while (true) {
				List<Payload.Proposal> offered = withSpi(method == 0 ? own : i.behaviour().offer(own, method), spi);
				List<Payload> request = new ArrayList<>();
				request.add(new Payload.Sa(offered));
				request.add(new Payload.Nonce(zeros(NONCE)));
				if (method != 0) {
					request.add(ke(method, true));
				}
				if (protocol.equals(ProtocolId.ESP)) {
					request.add(new Payload.Notify(ProtocolId.ESP.value(), zeros(4), NotifyType.REKEY_SA, Octets.EMPTY));
					request.addAll(selectors(i.localTs(), i.remoteTs()));
				}
				sealed(ExchangeType.CREATE_CHILD_SA, false, i, request, what + " rekey");
				Payload.Proposal chosen = r.behaviour().select(offered, withSpi(theirs, spi), false);
				if (chosen == null) {
					sealed(ExchangeType.CREATE_CHILD_SA, true, r, List.of(Payload.Notify.of(NotifyType.NO_PROPOSAL_CHOSEN)), null);
					messageId++;
					return new Prediction.Rekey(what, null, retries, 0, "NO_PROPOSAL_CHOSEN — "
							+ Overlap.explain(offered, theirs, r.behaviour()));
				}
				int chosenKe = Behaviour.method(chosen, TransformType.KE);
				if (chosenKe != method) {
					Octets data = Octets.of(new byte[] { (byte) (chosenKe >>> 8), (byte) chosenKe });
					sealed(ExchangeType.CREATE_CHILD_SA, true, r,
							List.of(Payload.Notify.of(NotifyType.INVALID_KE_PAYLOAD, data)), null);
					messageId++;
					retries++;
					if (chosenKe == 0 || retries > MAX_RETRIES) {
						return new Prediction.Rekey(what, null, retries, 0,
								"INVALID_KE_PAYLOAD: the responder wants " + Behaviour.name(chosenKe));
					}
					method = chosenKe;
					continue;
				}
				List<Payload> response = new ArrayList<>();
				response.add(new Payload.Sa(List.of(chosen)));
				response.add(new Payload.Nonce(zeros(NONCE)));
				if (method != 0) {
					response.add(ke(method, false));
				}
				int followups = 0;
				for (int round = 1; round <= 7; round++) {
					if (Behaviour.method(chosen, TransformType.additionalKeyExchange(round)) != 0) {
						followups++;
					}
				}
				if (followups > 0) {
					response.add(Payload.Notify.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, zeros(8)));
				}
				if (protocol.equals(ProtocolId.ESP)) {
					response.addAll(selectors(i.localTs(), i.remoteTs()));
				}
				sealed(ExchangeType.CREATE_CHILD_SA, true, r, response, null);
				messageId++;
				int left = followups;
				for (int round = 1; round <= 7; round++) {
					int m = Behaviour.method(chosen, TransformType.additionalKeyExchange(round));
					if (m == 0) {
						continue;
					}
					left--;
					sealed(ExchangeType.IKE_FOLLOWUP_KE, false, i,
							List.of(ke(m, true), Payload.Notify.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, zeros(8))),
							what + " ADDKE " + round);
					List<Payload> back = new ArrayList<>();
					back.add(ke(m, false));
					if (left > 0) {
						back.add(Payload.Notify.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, zeros(8)));
					}
					sealed(ExchangeType.IKE_FOLLOWUP_KE, true, r, back, null);
					messageId++;
				}
				return new Prediction.Rekey(what, chosen, retries, followups, null);
			}
		}

		Prediction fail(Payload.Proposal ike, int retries, ExchangeType where, NotifyType notify, String reason,
				boolean ikeUp) {
			return new Prediction(i, r, List.copyOf(steps), ike, null, retries,
					new Prediction.Failure(where, notify, reason, ikeUp), List.of(), limits);
		}

		void plain(ExchangeType type, boolean response, List<Payload> payloads, String note) {
			int length = IkeHeader.SIZE + IkeCodec.encodeChain(payloads).length;
			steps.add(new Prediction.Message(type, 0, response, false, List.copyOf(payloads), List.of(length), note));
		}

		void sealed(ExchangeType type, boolean response, Party sender, List<Payload> payloads, String note) {
			int plaintext = IkeCodec.encodeChain(payloads).length;
			List<Integer> lengths = SkLayout.messageLengths(encryption, integrity, plaintext, fragmentation,
					sender.maxMessage());
			steps.add(new Prediction.Message(type, messageId, response, true, List.copyOf(payloads), lengths, note));
		}

		Payload.Id id(PayloadType type, Party p) {
			if (p.id() != null) {
				return new Payload.Id(type, p.id().idType(), p.id().data());
			}
			return new Payload.Id(type, IdType.IPV4_ADDR, zeros(4));
		}
	}

	private static boolean offersAdditional(List<Payload.Proposal> proposals) {
		return proposals.stream().flatMap(p -> p.transforms().stream())
				.anyMatch(t -> t.transformType().isAdditionalKeyExchange() && t.id() != 0);
	}

	private static Payload.Ke ke(int method, boolean initiator) {
		KeyExchangeMethod m = KeyExchangeMethod.of(method);
		return new Payload.Ke(m, zeros(initiator ? m.initiatorValueLength() : m.responderValueLength()));
	}

	private static List<Payload> natDetection() {
		return List.of(Payload.Notify.of(NotifyType.NAT_DETECTION_SOURCE_IP, zeros(20)),
				Payload.Notify.of(NotifyType.NAT_DETECTION_DESTINATION_IP, zeros(20)));
	}

	private static List<Payload> selectors(List<Payload.TrafficSelector> local, List<Payload.TrafficSelector> remote) {
		return List.of(new Payload.Ts(PayloadType.TSI, local.isEmpty() ? List.of(anyIpv4()) : local),
				new Payload.Ts(PayloadType.TSR, remote.isEmpty() ? List.of(anyIpv4()) : remote));
	}

	private static Payload.TrafficSelector anyIpv4() {
		return new Payload.TrafficSelector(TsType.IPV4_ADDR_RANGE, 0, 0, 65535, Octets.of(new byte[4]),
				Octets.of(new byte[] { (byte) 255, (byte) 255, (byte) 255, (byte) 255 }));
	}

	private static List<Payload.Proposal> withSpi(List<Payload.Proposal> proposals, int size) {
		return proposals.stream()
				.map(p -> new Payload.Proposal(p.number(), p.protocol(), zeros(size), p.transforms())).toList();
	}

	private static Octets zeros(int n) {
		return Octets.of(new byte[n]);
	}
}
