package org.ikewb.engine;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.KeyExchangeException;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.TransformType;

/**
 * One IKE_INTERMEDIATE exchange carrying an additional key exchange (RFC 9370 §2.2.2): KEi(n) and
 * KEr(n) inside SK, protected with the keys current at its start; afterwards both sides add it to
 * the IntAuth chain (RFC 9242) and derive the next generation of keys. Rounds chosen as NONE do not
 * happen.
 */
final class IkeIntermediateTask implements ExchangeTask.Initiator, ExchangeTask.Responder {

	private final TransformType round;
	private final KeyExchangeMethod method;
	private KeyExchange keyExchange;
	private IkeSaKeys next;
	private Octets secret;

	private IkeIntermediateTask(TransformType round, KeyExchangeMethod method) {
		this.round = round;
		this.method = method;
	}

	/** One task per ADDKE chosen with a method other than NONE, in transform-type order. */
	static List<IkeIntermediateTask> plan(Payload.Proposal chosen) {
		List<IkeIntermediateTask> tasks = new ArrayList<>();
		for (int r = 1; r <= 7; r++) {
			TransformType type = TransformType.additionalKeyExchange(r);
			for (Payload.Transform t : chosen.transformsOf(type)) {
				if (t.id() != 0) {
					tasks.add(new IkeIntermediateTask(type, KeyExchangeMethod.of(t.id())));
				}
			}
		}
		return tasks;
	}

	/**
	 * The responder's task for the next additional key exchange it expects, or null when no round is
	 * left. Each round done made one key generation, so the generation counts them (IKE_INTERMEDIATE
	 * exchanges without a key exchange do not).
	 */
	static IkeIntermediateTask nextRound(IkeSa sa) {
		List<IkeIntermediateTask> rounds = plan(sa.chosen());
		int done = sa.keys().generation();
		return done < rounds.size() ? rounds.get(done) : null;
	}

	/**
	 * The responder's task for an IKE_INTERMEDIATE request, or null when IKE_INTERMEDIATE was not
	 * negotiated: the next additional key exchange while one is due (they come first, in round
	 * order); after them, a request without a KE payload is an exchange without content, which RFC
	 * 9242 allows (Libreswan 5.2 with intermediate=yes sends one): it is answered empty and joins the
	 * IntAuth chain, the keys stay.
	 */
	static ExchangeTask.Responder responderFor(IkeSa sa) {
		return sa.intermediate() ? new Dispatch() : null;
	}

	/** Chooses, by the request, between the next key exchange round and an exchange without content. */
	private static final class Dispatch implements ExchangeTask.Responder {
		private IkeIntermediateTask chosen;

		@Override
		public ExchangeType exchangeType() {
			return ExchangeType.IKE_INTERMEDIATE;
		}

		@Override
		public List<Payload> respond(IkeSa sa, List<Payload> request) throws IkeFailure {
			chosen = nextRound(sa);
			if (request.stream().noneMatch(p -> p instanceof Payload.Ke)) {
				if (chosen != null) {
					// the additional key exchanges come first, in round order (RFC 9370 §2.2.2): a round is due
					return chosen.respond(sa, request);
				}
				return List.of();
			}
			if (chosen == null) {
				throw new IkeFailure(NotifyType.INVALID_SYNTAX,
						"IKE_INTERMEDIATE with a KE payload, but every negotiated additional key exchange is done");
			}
			return chosen.respond(sa, request);
		}

		@Override
		public void responseSent(IkeSa sa, ExchangeData exchange) {
			if (chosen != null) {
				chosen.responseSent(sa, exchange);
				return;
			}
			// without content: IntAuth only, with the keys that protected it (RFC 9242 §3.1)
			sa.addToIntAuth(exchange);
		}
	}

	@Override
	public ExchangeType exchangeType() {
		return ExchangeType.IKE_INTERMEDIATE;
	}

	@Override
	public List<Payload> buildRequest(IkeSa sa) {
		keyExchange = KeyExchange.start(method, sa.random());
		return List.of(new Payload.Ke(method, Octets.of(keyExchange.publicValue())));
	}

	@Override
	public void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) throws IkeFailure {
		var error = Payloads.firstError(response);
		if (error.isPresent()) {
			throw new IkeFailure(null, round.shortName() + ": the responder answered "
					+ error.get().notifyType().ianaName());
		}
		Payload.Ke ke = Payloads.first(response, Payload.Ke.class, "KE");
		if (!ke.method().equals(method)) {
			throw new IkeFailure(null, round.shortName() + ": the responder's KE payload uses " + ke.method().ianaName()
					+ ", not the negotiated " + method.ianaName());
		}
		try {
			secret = Octets.of(keyExchange.complete(ke.data().toByteArray()));
		} catch (KeyExchangeException e) {
			throw new IkeFailure(null, round.shortName() + ": " + e.getMessage());
		} finally {
			keyExchange.destroy();
		}
		finish(sa, exchange);
	}

	@Override
	public List<Payload> respond(IkeSa sa, List<Payload> request) throws IkeFailure {
		Payload.Ke ke = Payloads.single(request, Payload.Ke.class, "KE");
		if (!ke.method().equals(method)) {
			// RFC 9370 §2.2.2: the method of this round was agreed in IKE_SA_INIT, so another one is a
			// protocol error (INVALID_SYNTAX), not a guess to correct (INVALID_KE_PAYLOAD)
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, round.shortName() + ": the initiator sent "
					+ ke.method().ianaName() + ", the negotiated method is " + method.ianaName());
		}
		KeyExchange.Response answer;
		try {
			answer = KeyExchange.respond(method, ke.data().toByteArray(), sa.random());
		} catch (KeyExchangeException e) {
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, round.shortName() + ": " + e.getMessage());
		}
		secret = Octets.of(answer.sharedSecret());
		java.util.Arrays.fill(answer.sharedSecret(), (byte) 0);
		return List.of(new Payload.Ke(method, Octets.of(answer.publicValue())));
	}

	@Override
	public void responseSent(IkeSa sa, ExchangeData exchange) {
		finish(sa, exchange);
	}

	/** IntAuth with the keys that protected this exchange, then the next key generation. */
	private void finish(IkeSa sa, ExchangeData exchange) {
		sa.addToIntAuth(exchange);
		next = KeySchedule.afterAdditionalKeyExchange(sa.keys(), secret, sa.ni(), sa.nr(), sa.initiatorSpi(), sa.responderSpi());
		secret.destroy();
		sa.newKeys(next, round.shortName() + " " + method.ianaName());
	}
}
