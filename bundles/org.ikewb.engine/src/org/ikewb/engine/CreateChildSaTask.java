package org.ikewb.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.KeyExchangeException;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.protocol.ProposalSelector;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PrfAlgorithm;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformType;

/**
 * CREATE_CHILD_SA (RFC 7296 §1.3) followed by one IKE_FOLLOWUP_KE per additional key exchange
 * (RFC 9370 §2.2.3–2.2.4), linked by ADDITIONAL_KEY_EXCHANGE notifies (the last response carries
 * none). Three kinds: a new Child SA, a Child SA rekey (N(REKEY_SA)) and an IKE SA rekey. Keys come
 * from SK(0) of CREATE_CHILD_SA and SK(1..n) of the follow-ups: SKEYSEED = prf(SK_d, SK(0) | Ni | Nr
 * | SK(1) | ... ) for the IKE SA, KEYMAT = prf+(SK_d, SK(0) | Ni | Nr | SK(1) | ...) for a Child SA.
 */
final class CreateChildSaTask implements ExchangeTask.Initiator, ExchangeTask.Responder {

	enum Kind {
		NEW_CHILD, REKEY_CHILD, REKEY_IKE
	}

	private Kind kind;
	private EstablishedSa.Child rekeyed;
	/** What the initiator offers instead of its configured proposals (null: the configuration's). */
	private final List<Payload.Proposal> proposals;
	private final CompletableFuture<Object> done = new CompletableFuture<>();

	private List<Payload.Proposal> offered;
	private Payload.Proposal chosen;
	private Octets ni;
	private Octets nr;
	private Octets ourSpi;
	private Octets peerSpi;
	private final List<Octets> secrets = new ArrayList<>();
	private final List<TransformType> rounds = new ArrayList<>();
	private int round;
	private KeyExchange keyExchange;
	private Octets link;
	/** The Child SA's selectors and mode (not for an IKE SA rekey). */
	private ChildSaNegotiation.Selectors selectors;
	/** The method the responder asked for with INVALID_KE_PAYLOAD (RFC 7296 §1.3), sent in the next attempt. */
	private KeyExchangeMethod requested;
	/** INVALID_KE_PAYLOAD answers followed: each asks for another method we offered, at most a few. */
	private int retries;
	private static final int MAX_RETRIES = 3;

	/** Initiator of a rekey or new Child SA; {@code rekeyed} is the Child SA to replace, if any. */
	CreateChildSaTask(Kind kind, EstablishedSa.Child rekeyed) {
		this(kind, rekeyed, null);
	}

	/** Initiator offering {@code proposals} (other algorithms than configured), or the configuration's when null. */
	CreateChildSaTask(Kind kind, EstablishedSa.Child rekeyed, List<Payload.Proposal> proposals) {
		this.kind = kind;
		this.rekeyed = rekeyed;
		this.proposals = proposals == null ? null : List.copyOf(proposals);
	}

	/** Completes with the new Child SA or the new IKE SA, or with the reason the exchange failed. */
	CompletableFuture<Object> done() {
		return done;
	}

	/** Responder: the kind is read from the request. */
	CreateChildSaTask() {
		this(null, null, null);
	}

	/** The configured proposals for this kind of exchange: rekeys may use other algorithms than the first SA. */
	private static List<Payload.Proposal> configured(IkeConfig config, Kind kind) {
		return switch (kind) {
		case REKEY_IKE -> config.rekeyIkeProposals();
		case REKEY_CHILD -> config.rekeyEspProposals();
		case NEW_CHILD -> config.espProposals();
		};
	}

	@Override
	public ExchangeType exchangeType() {
		return ExchangeType.CREATE_CHILD_SA;
	}


	private static KeyExchangeMethod primaryKe(Payload.Proposal p) {
		List<Payload.Transform> ke = p.transformsOf(TransformType.KE);
		return ke.isEmpty() ? KeyExchangeMethod.NONE : KeyExchangeMethod.of(ke.get(0).id());
	}

	// ------------------------------------------------------------------ initiator: CREATE_CHILD_SA

	@Override
	public List<Payload> buildRequest(IkeSa sa) throws IkeFailure {
		if (kind == Kind.REKEY_IKE) {
			sa.changeState(IkeSaState.REKEYING);
		}
		ourSpi = sa.randomOctets(kind == Kind.REKEY_IKE ? 8 : 4);
		offered = ChildSaNegotiation.withSpi(proposals != null ? proposals : configured(sa.config(), kind), ourSpi);
		ni = sa.randomOctets(32);
		List<Payload> payloads = new ArrayList<>();
		if (kind == Kind.REKEY_CHILD) {
			payloads.add(new Payload.Notify(ProtocolId.ESP.value(), rekeyed.inboundSpi(), NotifyType.REKEY_SA, Octets.EMPTY));
		}
		payloads.add(new Payload.Sa(offered));
		payloads.add(new Payload.Nonce(ni));
		// the first KE of our first proposal, or the one the responder asked for (our proposals unchanged)
		KeyExchangeMethod method = requested != null ? requested : primaryKe(offered.get(0));
		if (method.equals(KeyExchangeMethod.NONE)) {
			if (kind == Kind.REKEY_IKE) {
				throw new IkeFailure(null, "an IKE SA rekey needs a key exchange method");
			}
		} else {
			keyExchange = KeyExchange.start(method, sa.random());
			payloads.add(new Payload.Ke(method, Octets.of(keyExchange.publicValue())));
		}
		if (kind != Kind.REKEY_IKE) {
			payloads.addAll(ChildSaNegotiation.request(sa.config()));
		}
		return payloads;
	}

	@Override
	public void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) throws IkeFailure {
		var error = Payloads.firstError(response);
		if (error.isPresent() && error.get().notifyType().equals(NotifyType.INVALID_KE_PAYLOAD) && retry(sa, error.get())) {
			return;
		}
		if (error.isPresent()) {
			fail(sa, "CREATE_CHILD_SA (" + kind + ") answered with " + error.get().notifyType().ianaName());
			return;
		}
		Payload.Sa saPayload = Payloads.first(response, Payload.Sa.class, "SA");
		chosen = saPayload.proposals().get(0);
		String problem = ProposalSelector.checkChoice(chosen, offered);
		if (problem != null) {
			fail(sa, "CREATE_CHILD_SA: NO_PROPOSAL_CHOSEN: " + problem);
			return;
		}
		peerSpi = chosen.spi();
		nr = Payloads.first(response, Payload.Nonce.class, "Nonce").nonce();
		if (keyExchange != null) {
			Payload.Ke ke = Payloads.first(response, Payload.Ke.class, "KE");
			try {
				secrets.add(Octets.of(keyExchange.complete(ke.data().toByteArray())));
			} catch (KeyExchangeException e) {
				fail(sa, "CREATE_CHILD_SA: " + e.getMessage());
				return;
			}
		}
		if (kind != Kind.REKEY_IKE) {
			selectors = ChildSaNegotiation.answered(response);
		}
		planRounds();
		link = Payloads.notify(response, NotifyType.ADDITIONAL_KEY_EXCHANGE).map(Payload.Notify::data).orElse(null);
		if (rounds.isEmpty()) {
			finish(sa, true);
			return;
		}
		if (link == null) {
			fail(sa, "CREATE_CHILD_SA: additional key exchanges chosen but no ADDITIONAL_KEY_EXCHANGE notify");
			return;
		}
		List<ExchangeTask.Initiator> followups = new ArrayList<>();
		for (int i = 0; i < rounds.size(); i++) {
			followups.add(new FollowupKe());
		}
		sa.queueNext(followups);
	}

	/**
	 * INVALID_KE_PAYLOAD (RFC 7296 §1.3, §2.7): when it names another method we offered, the same
	 * request goes again as the next exchange with a KE payload of that method. False when it cannot
	 * (a method we did not offer, the one we sent, no KE at all, or too many retries): the rekey fails.
	 */
	private boolean retry(IkeSa sa, Payload.Notify invalidKe) {
		Octets data = invalidKe.data();
		if (data.length() != 2 || retries >= MAX_RETRIES || keyExchange == null) {
			return false;
		}
		int wanted = ((data.get(0) & 0xff) << 8) | (data.get(1) & 0xff);
		KeyExchangeMethod sent = requested != null ? requested : primaryKe(offered.get(0));
		boolean offeredIt = offered.stream()
				.anyMatch(p -> p.transformsOf(TransformType.KE).stream().anyMatch(t -> t.id() == wanted));
		if (!offeredIt || wanted == sent.value() || wanted == 0) {
			return false;
		}
		retries++;
		requested = KeyExchangeMethod.of(wanted);
		keyExchange.destroy();
		keyExchange = null;
		secrets.clear();
		sa.queueNext(List.of(this));
		return true;
	}

	private void planRounds() {
		for (int r = 1; r <= 7; r++) {
			for (Payload.Transform t : chosen.transformsOf(TransformType.additionalKeyExchange(r))) {
				if (t.id() != 0) {
					rounds.add(t.transformType());
				}
			}
		}
	}

	@Override
	public void failed(String reason) {
		done.completeExceptionally(new IkeFailure(null, reason));
	}

	boolean rekeysIkeSa() {
		return kind == Kind.REKEY_IKE;
	}

	/** The peer rekeyed the IKE SA first and it is gone: what this rekey was for is done, as {@code next}. */
	void supersededBy(IkeSa next) {
		done.complete(next);
	}

	private void fail(IkeSa sa, String reason) {
		if (kind == Kind.REKEY_IKE) {
			sa.changeState(IkeSaState.ESTABLISHED);
			sa.rekeys().ikeRekeyFailed();
		}
		sa.report(reason);
		done.completeExceptionally(new IkeFailure(null, reason));
	}

	/** One IKE_FOLLOWUP_KE exchange of this CREATE_CHILD_SA, as initiator. */
	private final class FollowupKe implements ExchangeTask.Initiator {
		private KeyExchangeMethod method;

		@Override
		public ExchangeType exchangeType() {
			return ExchangeType.IKE_FOLLOWUP_KE;
		}

		@Override
		public List<Payload> buildRequest(IkeSa sa) {
			TransformType type = rounds.get(round);
			method = KeyExchangeMethod.of(chosen.transformsOf(type).get(0).id());
			keyExchange = KeyExchange.start(method, sa.random());
			return List.of(new Payload.Ke(method, Octets.of(keyExchange.publicValue())),
					Payload.Notify.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, link));
		}

		@Override
		public void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) throws IkeFailure {
			var error = Payloads.firstError(response);
			if (error.isPresent()) {
				fail(sa, "IKE_FOLLOWUP_KE answered with " + error.get().notifyType().ianaName());
				return;
			}
			Payload.Ke ke = Payloads.first(response, Payload.Ke.class, "KE");
			if (!ke.method().equals(method)) {
				fail(sa, "IKE_FOLLOWUP_KE: the responder used " + ke.method().ianaName() + ", not " + method.ianaName());
				return;
			}
			try {
				secrets.add(Octets.of(keyExchange.complete(ke.data().toByteArray())));
			} catch (KeyExchangeException e) {
				fail(sa, "IKE_FOLLOWUP_KE: " + e.getMessage());
				return;
			}
			round++;
			var next = Payloads.notify(response, NotifyType.ADDITIONAL_KEY_EXCHANGE);
			if (round < rounds.size()) {
				if (next.isEmpty()) {
					fail(sa, "IKE_FOLLOWUP_KE: a round is left but the response has no ADDITIONAL_KEY_EXCHANGE");
					return;
				}
				link = next.get().data();
			} else {
				if (next.isPresent()) {
					fail(sa, "IKE_FOLLOWUP_KE: the last response carries ADDITIONAL_KEY_EXCHANGE (RFC 9370 §2.2.3)");
					return;
				}
				finish(sa, true);
			}
		}

		/** The IKE SA failed during a follow-up round (no response ...): so did the whole exchange. */
		@Override
		public void failed(String reason) {
			CreateChildSaTask.this.failed(reason);
		}
	}

	// ------------------------------------------------------------------ responder

	@Override
	public List<Payload> respond(IkeSa sa, List<Payload> request) throws IkeFailure {
		Payload.Sa saPayload = Payloads.first(request, Payload.Sa.class, "SA");
		boolean ike = !saPayload.proposals().isEmpty() && saPayload.proposals().get(0).protocol().equals(ProtocolId.IKE);
		var rekeySa = Payloads.notify(request, NotifyType.REKEY_SA);
		kind = ike ? Kind.REKEY_IKE : rekeySa.isPresent() ? Kind.REKEY_CHILD : Kind.NEW_CHILD;
		if (ike) {
			sa.rekeys().peerRekeysIkeSa(); // if we rekey it too, both are resolved once done
		}
		if (kind == Kind.REKEY_CHILD) {
			// the peer names its inbound SPI, which is our outbound SPI of that Child SA
			Octets spi = rekeySa.get().spi();
			rekeyed = sa.childByOutboundSpi(spi).orElseThrow(
					() -> new IkeFailure(NotifyType.CHILD_SA_NOT_FOUND, "CREATE_CHILD_SA: no Child SA with SPI " + spi));
		}
		ourSpi = sa.randomOctets(ike ? 8 : 4);
		List<Payload.Proposal> acceptable = ChildSaNegotiation.withSpi(configured(sa.config(), kind), ourSpi);
		ProposalSelector.Result selection = ProposalSelector
				.select(Payloads.withSpiSize(saPayload.proposals(), ike ? 8 : 4), acceptable);
		if (!selection.matched()) {
			throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "CREATE_CHILD_SA: NO_PROPOSAL_CHOSEN: " + selection.reason());
		}
		Payload.Proposal theirs = selection.chosen();
		peerSpi = theirs.spi();
		chosen = new Payload.Proposal(theirs.number(), theirs.protocol(), ourSpi, theirs.transforms());
		ni = Payloads.first(request, Payload.Nonce.class, "Nonce").nonce();
		nr = sa.randomOctets(32);
		List<Payload> payloads = new ArrayList<>();
		payloads.add(new Payload.Sa(List.of(chosen)));
		payloads.add(new Payload.Nonce(nr));
		KeyExchangeMethod method = primaryKe(chosen);
		if (!method.equals(KeyExchangeMethod.NONE)) {
			Payload.Ke ke = Payloads.first(request, Payload.Ke.class, "KE");
			if (!ke.method().equals(method)) {
				byte[] data = { (byte) (method.value() >> 8), (byte) method.value() };
				throw new IkeFailure(NotifyType.INVALID_KE_PAYLOAD, data, "CREATE_CHILD_SA: the initiator sent "
						+ ke.method().ianaName() + ", we chose " + method.ianaName());
			}
			payloads.add(answerKe(sa, method, ke, "CREATE_CHILD_SA"));
		}
		if (!ike) {
			try {
				selectors = ChildSaNegotiation.narrow(sa.config(), request);
			} catch (IkeFailure e) {
				throw new IkeFailure(e.notifyType(), "CREATE_CHILD_SA: " + e.getMessage());
			}
			payloads.addAll(selectors.payloads());
		}
		planRounds();
		if (!rounds.isEmpty()) {
			link = sa.randomOctets(8);
			sa.awaitFollowup(link, this);
			payloads.add(Payload.Notify.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, link));
		}
		return payloads;
	}

	@Override
	public void responseSent(IkeSa sa, ExchangeData exchange) {
		if (rounds.isEmpty()) {
			finish(sa, false);
		}
	}

	/** Responder of one IKE_FOLLOWUP_KE: the round is found through the link in the request. */
	static final class FollowupResponder implements ExchangeTask.Responder {
		private CreateChildSaTask parent;
		private boolean last;

		@Override
		public ExchangeType exchangeType() {
			return ExchangeType.IKE_FOLLOWUP_KE;
		}

		@Override
		public List<Payload> respond(IkeSa sa, List<Payload> request) throws IkeFailure {
			var notify = Payloads.notify(request, NotifyType.ADDITIONAL_KEY_EXCHANGE);
			parent = notify.map(n -> sa.takeFollowup(n.data())).orElse(null);
			if (parent == null) {
				throw new IkeFailure(NotifyType.STATE_NOT_FOUND, "IKE_FOLLOWUP_KE: STATE_NOT_FOUND: "
						+ (notify.isEmpty() ? "no ADDITIONAL_KEY_EXCHANGE notify" : "unknown link " + notify.get().data()));
			}
			List<Payload> payloads = parent.answerRound(sa, request);
			last = parent.round == parent.rounds.size();
			return payloads;
		}

		@Override
		public void responseSent(IkeSa sa, ExchangeData exchange) {
			if (last) {
				parent.finish(sa, false);
			}
		}
	}

	/** Responder: our KE for the initiator's, its shared secret kept for the keys; a bad value is INVALID_SYNTAX. */
	private Payload.Ke answerKe(IkeSa sa, KeyExchangeMethod method, Payload.Ke theirs, String exchange) throws IkeFailure {
		try {
			KeyExchange.Response answer = KeyExchange.respond(method, theirs.data().toByteArray(), sa.random());
			secrets.add(Octets.of(answer.sharedSecret()));
			java.util.Arrays.fill(answer.sharedSecret(), (byte) 0);
			return new Payload.Ke(method, Octets.of(answer.publicValue()));
		} catch (KeyExchangeException e) {
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, exchange + ": " + e.getMessage());
		}
	}

	/** Responder: the next IKE_FOLLOWUP_KE round of this exchange, linked to the one after it unless it is the last. */
	private List<Payload> answerRound(IkeSa sa, List<Payload> request) throws IkeFailure {
		KeyExchangeMethod method = KeyExchangeMethod.of(chosen.transformsOf(rounds.get(round)).get(0).id());
		Payload.Ke ke = Payloads.single(request, Payload.Ke.class, "KE");
		if (!ke.method().equals(method)) {
			// as in IKE_INTERMEDIATE: the round's method is agreed, another one is a protocol error
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, "IKE_FOLLOWUP_KE: the initiator sent "
					+ ke.method().ianaName() + ", the round needs " + method.ianaName());
		}
		List<Payload> payloads = new ArrayList<>();
		payloads.add(answerKe(sa, method, ke, "IKE_FOLLOWUP_KE"));
		round++;
		if (round < rounds.size()) {
			link = sa.randomOctets(8);
			sa.awaitFollowup(link, this);
			payloads.add(Payload.Notify.of(NotifyType.ADDITIONAL_KEY_EXCHANGE, link));
		}
		return payloads;
	}

	// ------------------------------------------------------------------ both: the new SA

	private void finish(IkeSa sa, boolean weInitiated) {
		Octets[] all = secrets.toArray(Octets[]::new);
		if (kind == Kind.REKEY_IKE) {
			Payload.Transform encr = chosen.transformsOf(TransformType.ENCR).get(0);
			List<Payload.Transform> integ = chosen.transformsOf(TransformType.INTEG);
			Prf prf = Prf.of(PrfAlgorithm.of(chosen.transformsOf(TransformType.PRF).get(0).id()));
			long spiI = toLong(weInitiated ? ourSpi : peerSpi);
			long spiR = toLong(weInitiated ? peerSpi : ourSpi);
			// RFC 7296 §2.18: the rekey exchange belongs to the old IKE SA, so its PRF makes SKEYSEED; the new
			// algorithms size the keys; which PRF runs prf+ is the peer implementation's reading (IkeConfig.RekeyKeys)
			IkeSaKeys keys = KeySchedule.afterRekey(sa.prf(), sa.keys().skD(), prf,
					sa.config().rekeyKeys() == IkeConfig.RekeyKeys.STRONGSWAN, EncryptionAlgorithm.of(encr.id()),
					encr.keyLength(), integ.isEmpty() ? IntegrityAlgorithm.NONE : IntegrityAlgorithm.of(integ.get(0).id()),
					ni, nr, spiI, spiR, all);
			IkeSa next = sa.rekeyedTo(weInitiated, spiI, spiR, chosen, prf, ni, nr, keys,
					"IKE SA rekey (" + describe() + ")");
			done.complete(next);
			sa.rekeys().ikeRekeyed(next, ni, nr, weInitiated);
		} else {
			EstablishedSa.Child child = ChildSaNegotiation.install(sa, chosen, ourSpi, peerSpi, selectors, weInitiated,
					ni, nr, all);
			if (kind == Kind.REKEY_CHILD) {
				sa.rekeys().childRekeyed(rekeyed, child, ni, nr, weInitiated);
			}
			done.complete(child);
		}
		for (Octets secret : all) {
			secret.destroy(); // the key exchanges' shared secrets went into the keys above
		}
	}

	private String describe() {
		return ProposalSyntax.format(chosen);
	}

	private static long toLong(Octets spi) {
		long v = 0;
		for (int i = 0; i < spi.length(); i++) {
			v = (v << 8) | (spi.get(i) & 0xff);
		}
		return v;
	}
}
