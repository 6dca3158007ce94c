package org.ikewb.engine;

import java.time.Instant;
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
final class IkeIntermediateTask implements ExchangeTask {

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
	static List<ExchangeTask> plan(Payload.Proposal chosen) {
		List<ExchangeTask> tasks = new ArrayList<>();
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

	/** The responder's task for the next round it expects, or null when no round is left. */
	static ExchangeTask responderFor(IkeSa sa) {
		List<ExchangeTask> rounds = plan(sa.chosen);
		int done = sa.intAuth.exchanges();
		return done < rounds.size() ? rounds.get(done) : null;
	}

	@Override
	public ExchangeType exchangeType() {
		return ExchangeType.IKE_INTERMEDIATE;
	}

	@Override
	public List<Payload> buildRequest(IkeSa sa) {
		keyExchange = KeyExchange.start(method, sa.engine.random());
		return List.of(new Payload.Ke(method, Octets.of(keyExchange.publicValue())));
	}

	@Override
	public void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) throws IkeFailure {
		var error = IkeInitTask.firstError(response);
		if (error.isPresent()) {
			throw new IkeFailure(null, round.shortName() + ": the responder answered "
					+ error.get().notifyType().ianaName());
		}
		Payload.Ke ke = IkeInitTask.find(response, Payload.Ke.class, "KE");
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
		Payload.Ke ke = IkeInitTask.single(request, Payload.Ke.class, "KE");
		if (!ke.method().equals(method)) {
			// RFC 9370 §2.2.2: the method of this round was agreed in IKE_SA_INIT, so another one is a
			// protocol error (INVALID_SYNTAX), not a guess to correct (INVALID_KE_PAYLOAD)
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, round.shortName() + ": the initiator sent "
					+ ke.method().ianaName() + ", the negotiated method is " + method.ianaName());
		}
		KeyExchange.Response answer;
		try {
			answer = KeyExchange.respond(method, ke.data().toByteArray(), sa.engine.random());
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
		sa.intAuth.add(sa.keys, exchange.request(), exchange.response());
		sa.engine.emit(new TraceEvent.IntAuthUpdated(Instant.now(), sa.spiI, sa.intAuth.exchanges(),
				sa.intAuth.initiator(), sa.intAuth.responder()));
		next = KeySchedule.afterAdditionalKeyExchange(sa.keys, secret, sa.ni, sa.nr, sa.spiI, sa.spiR);
		secret.destroy();
		sa.newKeys(next, round.shortName() + " " + method.ianaName());
	}
}
