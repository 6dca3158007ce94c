package org.ikewb.engine;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntAuth;
import org.ikewb.crypto.IntegrityCheckException;
import org.ikewb.crypto.Prf;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.FragmentAssembler;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;

/**
 * One IKE SA: its negotiated state, keys and message IDs, a queue of exchange tasks, the request in
 * flight (retransmitted with exponential back-off) and the last response (resent when a request is
 * repeated). Runs only on its engine's event loop, so it needs no locks.
 */
final class IkeSa {

	final Engine engine;
	final IkeConfig config;
	final boolean initiator;
	/** Where the peer is now: it may move (NAT-T port, a NAT's new mapping) with an authenticated message. */
	InetSocketAddress peer;
	/** Whether this SA talks through the NAT-T socket. */
	boolean natT;
	long spiI;
	long spiR;
	IkeSaState state = IkeSaState.CREATED;

	// negotiated in IKE_SA_INIT
	Payload.Proposal chosen;
	Prf prf;
	Octets ni;
	Octets nr;
	byte[] initRequest;
	byte[] initResponse;
	boolean fragmentation;
	/** Both sides announced INTERMEDIATE_EXCHANGE_SUPPORTED (RFC 9242): IKE_INTERMEDIATE may follow IKE_SA_INIT. */
	boolean intermediate;
	IkeSaKeys keys;
	final IntAuth intAuth = new IntAuth();
	final List<EstablishedSa.Child> children = new ArrayList<>();
	Payload.Id peerId;
	/** The datagram being processed (IKE_SA_INIT messages are signed as received). */
	byte[] received;

	/** CREATE_CHILD_SA exchanges waiting for their IKE_FOLLOWUP_KE, by ADDITIONAL_KEY_EXCHANGE link. */
	final java.util.Map<Octets, CreateChildSaTask> followups = new java.util.HashMap<>();

	private final Deque<ExchangeTask> queue = new ArrayDeque<>();
	private final FragmentAssembler assembler;
	final CompletableFuture<EstablishedSa> result = new CompletableFuture<>();

	// as initiator of exchanges
	private int nextMessageId;
	private Outstanding outstanding;
	// as responder of exchanges
	private int expectedMessageId;
	private int lastResponseId = -1;
	// received and waiting at a step point (-1: none)
	private int pendingRequest = -1;
	private int pendingResponse = -1;
	private List<byte[]> lastResponse = List.of();

	private record Outstanding(int messageId, ExchangeTask task, List<byte[]> datagrams, Octets signedData,
			int tries, ScheduledFuture<?> timer) {
	}

	IkeSa(Engine engine, IkeConfig config, boolean initiator, InetSocketAddress peer, long spiI, long spiR) {
		this.engine = engine;
		this.config = config;
		this.initiator = initiator;
		this.peer = peer;
		this.spiI = spiI;
		this.spiR = spiR;
		this.assembler = new FragmentAssembler(FragmentAssembler.Limits.DEFAULT, System::nanoTime, engine.fragmentBudget());
	}

	long localSpi() {
		return initiator ? spiI : spiR;
	}

	// ------------------------------------------------------------------ tasks

	void queue(ExchangeTask task) {
		queue.addLast(task);
	}

	/** Puts tasks before the queued ones, in the given order. */
	void queueNext(List<ExchangeTask> tasks) {
		for (int i = tasks.size() - 1; i >= 0; i--) {
			queue.addFirst(tasks.get(i));
		}
	}

	/** Starts the next queued exchange, if none is in flight. */
	void next() {
		if (outstanding != null || state == IkeSaState.FAILED || state == IkeSaState.DELETED) {
			return;
		}
		ExchangeTask task = queue.pollFirst();
		if (task == null) {
			return;
		}
		try {
			List<Payload> payloads = task.buildRequest(this);
			sendRequest(task, payloads);
		} catch (IkeFailure e) {
			fail(e.getMessage());
		}
	}

	void restartInit(ExchangeTask task) {
		// IKE_SA_INIT again (COOKIE, INVALID_KE_PAYLOAD): message ID 0 and SPIr 0 once more
		nextMessageId = 0;
		spiR = 0;
		queue.addFirst(task);
	}

	void changeState(IkeSaState to) {
		if (state != to) {
			IkeSaState from = state;
			state = to;
			engine.emit(new TraceEvent.StateChanged(Instant.now(), spiI, from, to));
		}
	}

	void fail(String reason) {
		if (state == IkeSaState.FAILED || state == IkeSaState.DELETED) {
			return;
		}
		if (outstanding != null) {
			outstanding.task().failed(reason);
		}
		queue.forEach(t -> t.failed(reason));
		queue.clear();
		cancelRetransmission();
		engine.emit(new TraceEvent.Error(Instant.now(), spiI, reason));
		changeState(IkeSaState.FAILED);
		result.completeExceptionally(new IkeFailure(null, reason));
		engine.remove(this);
		destroyKeys();
	}

	void established() {
		changeState(IkeSaState.ESTABLISHED);
		result.complete(snapshot());
	}

	void deleted() {
		cancelRetransmission();
		changeState(IkeSaState.DELETED);
		engine.remove(this);
		destroyKeys();
	}

	/** Deletes a Child SA: INFORMATIONAL with a Delete of its inbound SPI. */
	void deleteChild(EstablishedSa.Child child) {
		dropChild(child);
		queue(InformationalTask.deleteChild(child.inboundSpi()));
		next();
	}

	/** A finished rekey of a Child SA: the old one, the new one, the exchange's nonces, who started it. */
	private record ChildRekey(EstablishedSa.Child old, EstablishedSa.Child fresh, Octets ni, Octets nr,
			boolean weInitiated) {
		Octets lowestNonce() {
			return lower(ni, nr);
		}
	}

	private final List<ChildRekey> childRekeys = new ArrayList<>();

	private static Octets lower(Octets a, Octets b) {
		return java.util.Arrays.compareUnsigned(a.toByteArray(), b.toByteArray()) <= 0 ? a : b;
	}

	/**
	 * A Child SA was rekeyed. Normally its initiator deletes the old Child SA. When both sides rekeyed
	 * it at once (RFC 7296 §2.8.1), two new Child SAs exist: the one made by the exchange holding the
	 * lowest of the four nonces is redundant and deleted by the side that made it.
	 */
	void childRekeyed(EstablishedSa.Child old, EstablishedSa.Child fresh, Octets ni, Octets nr, boolean weInitiated) {
		ChildRekey done = new ChildRekey(old, fresh, ni, nr, weInitiated);
		ChildRekey other = childRekeys.stream().filter(r -> r.old().equals(old)).findFirst().orElse(null);
		if (other == null) {
			childRekeys.add(done);
			if (childRekeys.size() > 16) {
				childRekeys.remove(0);
			}
			if (weInitiated) {
				deleteChild(old);
			}
			return;
		}
		childRekeys.remove(other);
		Octets lowest = lower(done.lowestNonce(), other.lowestNonce());
		ChildRekey redundant = done.lowestNonce().equals(lowest) ? done : other;
		engine.emit(new TraceEvent.Error(Instant.now(), spiI, "simultaneous rekey of Child SA " + old.inboundSpi()
				+ ": the one with the lowest nonce (" + redundant.fresh().inboundSpi() + ") is redundant"));
		if (redundant.weInitiated()) {
			deleteChild(redundant.fresh());
		}
		dropChild(old);
	}

	/** A finished rekey of this IKE SA: the new IKE SA, the exchange's nonces, who started it. */
	private record IkeRekey(IkeSa fresh, Octets ni, Octets nr, boolean weInitiated) {
		Octets lowestNonce() {
			return lower(ni, nr);
		}
	}

	private final List<IkeRekey> ikeRekeys = new ArrayList<>();
	/** The peer started an IKE SA rekey while ours was in flight (RFC 7296 §2.8.2). */
	boolean simultaneousIkeRekey;

	/**
	 * This IKE SA was rekeyed. Normally the rekey's initiator deletes it. When both sides rekeyed it at
	 * once, the new IKE SA of the exchange with the lowest of the four nonces is redundant: its creator
	 * deletes it, its Child SAs move to the survivor, and the survivor's initiator deletes this one.
	 */
	void ikeRekeyed(IkeSa fresh, Octets ni, Octets nr, boolean weInitiated) {
		ikeRekeys.add(new IkeRekey(fresh, ni, nr, weInitiated));
		if (ikeRekeys.size() == 1) {
			if (weInitiated && !simultaneousIkeRekey) {
				delete(); // RFC 7296 §2.18
			}
			return;
		}
		IkeRekey first = ikeRekeys.get(0);
		IkeRekey second = ikeRekeys.get(1);
		IkeRekey redundant = lower(first.lowestNonce(), second.lowestNonce()).equals(first.lowestNonce()) ? first
				: second;
		IkeRekey survivor = redundant == first ? second : first;
		engine.emit(new TraceEvent.Error(Instant.now(), spiI, "simultaneous rekey of the IKE SA: "
				+ Long.toHexString(redundant.fresh().spiI) + " (lowest nonce) is redundant"));
		survivor.fresh().children.addAll(redundant.fresh().children);
		redundant.fresh().children.clear();
		if (redundant.weInitiated()) {
			redundant.fresh().delete();
		}
		if (survivor.weInitiated()) {
			delete();
		}
	}

	/** Our IKE SA rekey failed: if the peer's went through, its result stands alone. */
	void ikeRekeyFailed() {
		if (simultaneousIkeRekey && ikeRekeys.size() == 1 && ikeRekeys.get(0).weInitiated()) {
			delete();
		}
	}

	/** Starts a CREATE_CHILD_SA exchange; completes with the new Child SA or the new IKE SA. */
	CreateChildSaTask createChildSa(CreateChildSaTask.Kind kind, EstablishedSa.Child rekeyed,
			List<Payload.Proposal> proposals) {
		CreateChildSaTask task = new CreateChildSaTask(kind, rekeyed, proposals);
		queue(task);
		next();
		return task;
	}

	EstablishedSa snapshot() {
		return new EstablishedSa(spiI, spiR, initiator, peer, chosen, keys, intAuth.exchanges(), List.copyOf(children),
				peerId);
	}

	/** Deletes this IKE SA with an INFORMATIONAL exchange. */
	void delete() {
		queue(InformationalTask.deleteIkeSa());
		next();
	}

	void newKeys(IkeSaKeys next, String cause) {
		if (keys != null) {
			// the superseded generation is needed no more: the next one is derived from it already, and a
			// repeated request is answered from the cached datagrams, a repeated response dropped unopened
			keys.destroy();
		}
		keys = next;
		engine.emit(new TraceEvent.KeysDerived(Instant.now(), spiI, spiR, next.generation(), cause,
				engine.traceKeys() ? next.copy() : null));
	}

	/**
	 * Wipes the key material of this IKE SA and its Child SAs once it is deleted or failed (the
	 * key-exchange private keys inside Bouncy Castle and the JDK cannot be wiped; their objects are
	 * dropped). Snapshots handed out earlier read zeros from then on.
	 */
	private void destroyKeys() {
		assembler.clear(); // partial messages of a gone SA give their octets back to the engine's budget
		if (keys != null) {
			keys.destroy();
		}
		children.forEach(c -> c.keys().destroy());
	}

	/** Removes a Child SA from this IKE SA and wipes its keys. */
	void dropChild(EstablishedSa.Child child) {
		if (children.remove(child)) {
			child.keys().destroy();
		}
	}

	// ------------------------------------------------------------------ sending

	private IkeHeader header(ExchangeType type, int messageId, boolean response) {
		int flags = (initiator ? IkeHeader.FLAG_INITIATOR : 0) | (response ? IkeHeader.FLAG_RESPONSE : 0);
		return IkeHeader.of(spiI, spiR, type, flags, messageId);
	}

	/** The datagrams of a message, and its RFC 9242 signed data (A | P) when encrypted. */
	private record Wire(List<byte[]> datagrams, Octets signedData, IkeMessage message) {
	}

	private Wire protect(IkeHeader header, List<Payload> payloads) {
		if (header.exchangeType().equals(ExchangeType.IKE_SA_INIT)) {
			IkeMessage m = new IkeMessage(header, payloads);
			return new Wire(List.of(IkeCodec.encode(m)), null, m);
		}
		byte[] plaintext = IkeCodec.encodeChain(payloads);
		int first = payloads.isEmpty() ? PayloadType.NONE : payloads.get(0).type().value();
		// one SK payload when it fits; SKF fragments only above the fragment size (RFC 7383 §2.5)
		byte[] whole = SkProtection.seal(header, first, plaintext, keys, engine.random());
		List<byte[]> datagrams = fragmentation && whole.length > config.fragmentSize()
				? SkProtection.sealFragments(header, first, plaintext, keys, config.fragmentSize(), engine.random())
				: List.of(whole);
		Octets signed = org.ikewb.crypto.IntAuth.signedData(header, first, Octets.of(plaintext));
		return new Wire(datagrams, signed, new IkeMessage(header.withNextPayload(PayloadType.SK.value()),
				List.of(new Payload.Encrypted(first, Octets.EMPTY))));
	}

	private void sendRequest(ExchangeTask task, List<Payload> payloads) {
		int messageId = nextMessageId++;
		IkeHeader header = header(task.exchangeType(), messageId, false);
		Wire wire = protect(header, payloads);
		if (task.exchangeType().equals(ExchangeType.IKE_SA_INIT)) {
			initRequest = wire.datagrams().get(0);
		}
		// in flight from now on, so that no other exchange starts while we may wait at a step point
		outstanding = new Outstanding(messageId, task, wire.datagrams(), wire.signedData(), 0, null);
		engine.stepper().gate(new StepController.Pause(spiI, StepController.Point.BEFORE_SEND, task.exchangeType(),
				Integer.toUnsignedLong(messageId), false), () -> {
					if (outstanding == null || outstanding.messageId() != messageId || state == IkeSaState.FAILED) {
						return;
					}
					transmit(wire, payloads, false);
					outstanding = new Outstanding(messageId, task, wire.datagrams(), wire.signedData(), 0,
							engine.schedule(() -> retransmit(messageId), config.retransmitMillis()));
				});
	}

	private void transmit(Wire wire, List<Payload> payloads, boolean retransmission) {
		for (byte[] d : wire.datagrams()) {
			engine.send(d, peer, natT);
		}
		if (!engine.traced()) {
			return; // nobody listens: do not decode our own message for a trace event
		}
		boolean plain = wire.message().header().exchangeType().equals(ExchangeType.IKE_SA_INIT);
		engine.emit(new TraceEvent.Message(Instant.now(), spiI, TraceEvent.Direction.SENT, peer,
				wire.datagrams().stream().map(Octets::of).toList(), plain ? wire.message() : decodeOwn(wire),
				plain ? List.of() : payloads, plain ? -1 : keys.generation(), retransmission));
	}

	private static IkeMessage decodeOwn(Wire wire) {
		try {
			return IkeCodec.decode(wire.datagrams().get(0));
		} catch (MalformedMessageException e) {
			throw new IllegalStateException("we encoded a message we cannot decode", e);
		}
	}

	private void retransmit(int messageId) {
		Outstanding o = outstanding;
		if (o == null || o.messageId() != messageId) {
			return;
		}
		if (o.tries() >= config.retransmitTries()) {
			fail(o.task().exchangeType() + " request " + messageId + ": no response after " + o.tries()
					+ " retransmissions");
			return;
		}
		for (byte[] d : o.datagrams()) {
			engine.send(d, peer, natT);
		}
		if (engine.traced()) {
			engine.emit(new TraceEvent.Message(Instant.now(), spiI, TraceEvent.Direction.SENT, peer,
				o.datagrams().stream().map(Octets::of).toList(), decodeOwn(new Wire(o.datagrams(), null, null)),
				List.of(), o.task().exchangeType().equals(ExchangeType.IKE_SA_INIT) ? -1 : keys.generation(), true));
		}
		long delay = config.retransmitMillis() << Math.min(o.tries() + 1, 10);
		outstanding = new Outstanding(o.messageId(), o.task(), o.datagrams(), o.signedData(), o.tries() + 1,
				engine.schedule(() -> retransmit(messageId), delay));
	}

	private void cancelRetransmission() {
		if (outstanding != null) {
			if (outstanding.timer() != null) {
				outstanding.timer().cancel(false);
			}
			outstanding = null;
		}
	}

	private void sendResponse(ExchangeTask task, int messageId, List<Payload> payloads, Octets requestData) {
		IkeHeader header = header(task == null ? ExchangeType.INFORMATIONAL : task.exchangeType(), messageId, true);
		Wire wire = protect(header, payloads);
		if (header.exchangeType().equals(ExchangeType.IKE_SA_INIT)) {
			initResponse = wire.datagrams().get(0);
		}
		expectedMessageId = messageId + 1;
		engine.stepper().gate(new StepController.Pause(spiI, StepController.Point.BEFORE_SEND, header.exchangeType(),
				Integer.toUnsignedLong(messageId), true), () -> {
					lastResponseId = messageId;
					lastResponse = wire.datagrams();
					transmit(wire, payloads, false);
					if (task != null) {
						task.responseSent(this, new ExchangeTask.ExchangeData(requestData, wire.signedData()));
					}
				});
	}

	/** Answers a request with one notify (an error), protected if keys exist. */
	private void sendError(ExchangeType type, int messageId, IkeFailure failure) {
		List<Payload> payloads = List.of(Payload.Notify.of(failure.notifyType(), Octets.of(failure.notifyData())));
		IkeHeader header = header(type, messageId, true);
		if (type.equals(ExchangeType.IKE_SA_INIT)) {
			// no IKE SA results: the responder's SPI stays zero (RFC 7296 §1.3)
			header = IkeHeader.of(spiI, 0, type, IkeHeader.FLAG_RESPONSE, messageId);
		}
		Wire wire = type.equals(ExchangeType.IKE_SA_INIT) || keys == null
				? new Wire(List.of(IkeCodec.encode(new IkeMessage(header, payloads))), null,
						new IkeMessage(header, payloads))
				: protect(header, payloads);
		// an error answer consumes the message ID like any response (RFC 7296 §2.3): the peer's next
		// request carries the next one
		expectedMessageId = messageId + 1;
		lastResponseId = messageId;
		lastResponse = wire.datagrams();
		transmit(wire, payloads, false);
	}

	// ------------------------------------------------------------------ receiving

	void receive(byte[] datagram, IkeMessage message) {
		receive(datagram, message, peer, natT);
	}

	/** Follows the peer to a new address or port (RFC 7296 §2.23), after a message that authenticated. */
	private void follow(InetSocketAddress from, boolean viaNatT) {
		if (!from.equals(peer) || viaNatT != natT) {
			engine.emit(new TraceEvent.AddressChanged(Instant.now(), spiI, peer, from, viaNatT));
			peer = from;
			natT = viaNatT;
		}
	}

	/** Moves to the NAT-T socket and the peer's NAT-T port (after NAT detection found a NAT). */
	void moveToNatT(int peerPort) {
		if (engine.hasNatT() && !natT) {
			InetSocketAddress to = new InetSocketAddress(peer.getAddress(), peerPort);
			engine.emit(new TraceEvent.AddressChanged(Instant.now(), spiI, peer, to, true));
			peer = to;
			natT = true;
		}
	}

	/** A datagram for this SA, decoded but still encrypted. */
	void receive(byte[] datagram, IkeMessage message, InetSocketAddress from, boolean viaNatT) {
		received = datagram;
		IkeHeader h = message.header();
		int messageId = h.messageId();
		if (h.isResponse()) {
			if (outstanding == null || outstanding.messageId() != messageId
					|| !h.exchangeType().equals(outstanding.task().exchangeType()) || pendingResponse == messageId) {
				return; // late, unexpected, or already received and waiting at a step point
			}
		} else if (messageId == pendingRequest) {
			return; // a repeated request while the first one waits at a step point
		} else if (messageId == lastResponseId) {
			for (byte[] d : lastResponse) {
				engine.send(d, peer, natT); // the peer did not get our response: send it again (RFC 7296 §2.1)
			}
			return;
		} else if (messageId != expectedMessageId) {
			return;
		}
		List<Payload> payloads;
		Octets signedData = null;
		Optional<Payload> last = message.payloads().isEmpty() ? Optional.empty()
				: Optional.of(message.payloads().get(message.payloads().size() - 1));
		List<Octets> datagrams = List.of(Octets.of(datagram));
		try {
			if (last.isPresent() && (last.get() instanceof Payload.Encrypted || last.get() instanceof Payload.EncryptedFragment)) {
				if (keys == null) {
					return; // encrypted before keys exist: drop
				}
				byte[] plaintext = SkProtection.open(datagram, message, keys);
				int first;
				if (last.get() instanceof Payload.EncryptedFragment skf) {
					Optional<FragmentAssembler.Assembled> whole = assembler.add(h, skf, Octets.of(plaintext),
							Octets.of(datagram));
					if (whole.isEmpty()) {
						return;
					}
					datagrams = whole.get().datagrams(); // the trace shows every fragment, not the last one
					plaintext = whole.get().plaintext().toByteArray();
					first = whole.get().firstInnerPayload();
				} else {
					first = ((Payload.Encrypted) last.get()).firstInnerPayload();
				}
				try {
					payloads = IkeCodec.decodeInner(first, plaintext, 0);
				} catch (MalformedMessageException e) {
					refuseAuthenticated(h, e);
					return;
				}
				signedData = IntAuth.signedData(h, first, Octets.of(plaintext));
				follow(from, viaNatT); // the message authenticated: the peer is where it came from
			} else if (h.exchangeType().equals(ExchangeType.IKE_SA_INIT)) {
				payloads = message.payloads();
			} else {
				return; // an exchange after IKE_SA_INIT must be protected (RFC 7296 §2.21.1)
			}
		} catch (IntegrityCheckException e) {
			engine.emit(new TraceEvent.Error(Instant.now(), spiI, "dropped " + h + ": " + e.getMessage()));
			return;
		} catch (MalformedMessageException e) {
			engine.emit(new TraceEvent.Error(Instant.now(), spiI, "dropped " + h + ": " + e.getMessage()));
			return;
		}
		boolean plain = h.exchangeType().equals(ExchangeType.IKE_SA_INIT);
		engine.emit(new TraceEvent.Message(Instant.now(), spiI, TraceEvent.Direction.RECEIVED, peer, datagrams, message,
				plain ? List.of() : payloads, plain ? -1 : keys.generation(), false));
		if (h.isResponse()) {
			if (outstanding.timer() != null) {
				outstanding.timer().cancel(false); // answered: no retransmission while we may wait at a step point
			}
			pendingResponse = messageId;
		} else {
			pendingRequest = messageId;
		}
		Octets signed = signedData;
		engine.stepper().gate(new StepController.Pause(spiI, StepController.Point.AFTER_RECEIVE, h.exchangeType(),
				h.messageIdUnsigned(), h.isResponse()), () -> {
					if (h.isResponse()) {
						pendingResponse = -1;
						handleResponse(h, payloads, signed);
					} else {
						pendingRequest = -1;
						handleRequest(h, payloads, signed);
					}
				});
	}

	private void handleResponse(IkeHeader h, List<Payload> payloads, Octets signedData) {
		Outstanding o = outstanding;
		cancelRetransmission();
		if (h.exchangeType().equals(ExchangeType.IKE_SA_INIT)) {
			spiR = h.responderSpi(); // zero in a COOKIE or INVALID_KE_PAYLOAD answer
		}
		try {
			o.task().processResponse(this, payloads, new ExchangeTask.ExchangeData(o.signedData(), signedData));
		} catch (IkeFailure e) {
			fail(e.getMessage());
			return;
		}
		if (state == IkeSaState.CONNECTING && queue.isEmpty() && outstanding == null && keys != null
				&& !initiatorAwaitingInit()) {
			established();
		}
		next();
	}

	private boolean initiatorAwaitingInit() {
		return chosen == null;
	}

	/**
	 * An authenticated message whose inner payloads do not decode. A request is answered — an
	 * unknown critical payload with UNSUPPORTED_CRITICAL_PAYLOAD and its type (RFC 7296 §2.5), any
	 * other flaw with INVALID_SYNTAX; a response is dropped (the retransmission may be sound).
	 */
	private void refuseAuthenticated(IkeHeader h, MalformedMessageException e) {
		engine.emit(new TraceEvent.Error(Instant.now(), spiI, "malformed " + h + ": " + e.getMessage()));
		if (h.isResponse()) {
			return;
		}
		NotifyType answer = e.answer() != null ? e.answer() : NotifyType.INVALID_SYNTAX;
		byte[] data = e instanceof org.ikewb.protocol.UnsupportedCriticalPayloadException u
				? new byte[] { (byte) u.payloadType() }
				: new byte[0];
		sendError(h.exchangeType(), h.messageId(), new IkeFailure(answer, data, e.getMessage()));
		abortIfNotUp(answer + " answered to " + h);
	}

	/** An error answered during the initial exchanges ends them: the peer cannot go on (RFC 7296 §2.21.2). */
	private void abortIfNotUp(String reason) {
		if (state == IkeSaState.CREATED || state == IkeSaState.CONNECTING) {
			fail(reason);
		}
	}

	private void handleRequest(IkeHeader h, List<Payload> payloads, Octets signedData) {
		ExchangeTask task = responderTask(h.exchangeType());
		if (task == null) {
			sendError(h.exchangeType(), h.messageId(),
					new IkeFailure(NotifyType.INVALID_SYNTAX, "unexpected " + h.exchangeType() + " request"));
			abortIfNotUp("unexpected " + h.exchangeType() + " request in state " + state);
			return;
		}
		try {
			List<Payload> response = task.respond(this, payloads);
			sendResponse(task, h.messageId(), response, signedData);
		} catch (IkeFailure e) {
			if (e.notifyType() != null) {
				sendError(h.exchangeType(), h.messageId(), e);
			}
			if (state != IkeSaState.ESTABLISHED) {
				fail(e.getMessage());
			}
		}
	}

	/** The task that answers a request of this exchange type in the current state. */
	private ExchangeTask responderTask(ExchangeType type) {
		if (type.equals(ExchangeType.IKE_SA_INIT) && state == IkeSaState.CREATED) {
			return new IkeInitTask();
		}
		if (type.equals(ExchangeType.IKE_INTERMEDIATE) && state == IkeSaState.CONNECTING) {
			return IkeIntermediateTask.responderFor(this);
		}
		if (type.equals(ExchangeType.IKE_AUTH) && state == IkeSaState.CONNECTING) {
			return new IkeAuthTask();
		}
		boolean up = state == IkeSaState.ESTABLISHED || state == IkeSaState.REKEYING;
		if (type.equals(ExchangeType.INFORMATIONAL) && (up || state == IkeSaState.DELETING)) {
			return new InformationalTask();
		}
		if (type.equals(ExchangeType.CREATE_CHILD_SA) && up) {
			return new CreateChildSaTask();
		}
		if (type.equals(ExchangeType.IKE_FOLLOWUP_KE) && up) {
			return new CreateChildSaTask.FollowupResponder();
		}
		return null;
	}

	/** Message ID of the next request we send (IKE_AUTH_MID for the initiator's IKE_AUTH). */
	int nextRequestMessageId() {
		return nextMessageId;
	}

	int expectedRequestMessageId() {
		return expectedMessageId;
	}
}
