package org.ikewb.engine;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import org.ikewb.crypto.IntegrityCheckException;
import org.ikewb.protocol.DecodedDatagram;
import org.ikewb.protocol.DecodedMessage;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;

/**
 * The exchanges of one IKE SA, as charon's task manager runs them: the only owner of message IDs
 * (RFC 7296 §2.2), of the queue of exchanges we start (one request in flight at a time), of
 * retransmission with exponential back-off (§2.1), of the response cache that answers a repeated
 * request again without processing it, and of the step points around sending and receiving. Tasks
 * see none of this: they build and process payloads; the IKE SA holds what they negotiate.
 * Runs only on the engine's event loop.
 */
final class TaskManager {

	private final IkeSa sa;
	private final Engine engine;
	private final MessageProtection protection;
	private final Deque<ExchangeTask.Initiator> queue = new ArrayDeque<>();

	// as initiator of exchanges
	private int nextMessageId;
	private Outstanding outstanding;
	// as responder of exchanges
	private int expectedMessageId;
	/** The response cache: the last response's message ID and datagrams, resent when its request repeats. */
	private int lastResponseId = -1;
	private MessageProtection.Wire lastResponse;
	// received and waiting at a step point (-1: none)
	private int pendingRequest = -1;
	private int pendingResponse = -1;

	/** The request in flight: sent {@code tries} times again so far, the timer of the next retransmission. */
	private record Outstanding(int messageId, ExchangeTask.Initiator task, MessageProtection.Wire wire, int tries,
			EventLoop.Timer timer) {
	}

	TaskManager(IkeSa sa, Engine engine) {
		this.sa = sa;
		this.engine = engine;
		this.protection = new MessageProtection(engine.fragmentBudget());
	}

	// ------------------------------------------------------------------ the queue

	void queue(ExchangeTask.Initiator task) {
		queue.addLast(task);
	}

	/** Puts tasks before the queued ones, in the given order (the rounds that follow an exchange). */
	void queueNext(List<? extends ExchangeTask.Initiator> tasks) {
		for (int i = tasks.size() - 1; i >= 0; i--) {
			queue.addFirst(tasks.get(i));
		}
	}

	/** IKE_SA_INIT again (COOKIE, INVALID_KE_PAYLOAD): message ID 0 once more, before anything queued. */
	void restartInit(ExchangeTask.Initiator task) {
		nextMessageId = 0;
		queue.addFirst(task);
	}

	/** Starts the next queued exchange, if none is in flight. */
	void next() {
		if (outstanding != null || !sa.canExchange()) {
			return;
		}
		ExchangeTask.Initiator task = queue.pollFirst();
		if (task == null) {
			return;
		}
		try {
			sendRequest(task, task.buildRequest(sa));
		} catch (IkeFailure e) {
			sa.fail(e.getMessage());
		} catch (RuntimeException e) {
			sa.fail(internalError(task.exchangeType() + " request", e));
		}
	}

	/** No exchange of ours in flight or queued. */
	boolean idle() {
		return outstanding == null && queue.isEmpty();
	}

	/** The IKE SA failed: every exchange of ours learns why, nothing is sent again. */
	void failAll(String reason) {
		if (outstanding != null) {
			outstanding.task().failed(reason);
		}
		queue.forEach(t -> t.failed(reason));
		queue.clear();
		cancelRetransmission();
	}

	/**
	 * The IKE SA is deleted with exchanges of ours queued or in flight: a rekey of it that the peer's
	 * rekey made moot completes with {@code successor}; the others fail with {@code reason}.
	 */
	void abandon(IkeSa successor, String reason) {
		List<ExchangeTask.Initiator> left = new java.util.ArrayList<>(queue);
		if (outstanding != null) {
			left.add(0, outstanding.task());
		}
		queue.clear();
		cancelRetransmission();
		for (ExchangeTask.Initiator task : left) {
			if (successor != null && task instanceof CreateChildSaTask c && c.rekeysIkeSa()) {
				c.supersededBy(successor);
			} else {
				task.failed(reason);
			}
		}
	}

	/** The IKE SA is gone: nothing is sent again, partial messages give their octets back. */
	void close() {
		cancelRetransmission();
		protection.clear();
	}

	/** Message ID of the next request we send (IKE_AUTH_MID for the initiator's IKE_AUTH, RFC 9242 §3.3.2). */
	int nextRequestMessageId() {
		return nextMessageId;
	}

	/** Message ID of the request we answer next (IKE_AUTH_MID for the responder). */
	int expectedRequestMessageId() {
		return expectedMessageId;
	}

	// ------------------------------------------------------------------ sending

	private MessageProtection.Wire protect(IkeHeader header, List<Payload> payloads) {
		if (MessageProtection.isInit(header)) {
			return MessageProtection.plain(header, payloads);
		}
		return MessageProtection.seal(header, payloads, sa.keys(), sa.fragmentation(), sa.config().fragmentSize(),
				engine.random());
	}

	private void sendRequest(ExchangeTask.Initiator task, List<Payload> payloads) {
		int messageId = nextMessageId++;
		IkeHeader header = sa.header(task.exchangeType(), messageId, false);
		MessageProtection.Wire wire = protect(header, payloads);
		if (MessageProtection.isInit(header)) {
			sa.initMessage(true, wire.datagrams().get(0));
		}
		// in flight from now on, so that no other exchange starts while we may wait at a step point
		outstanding = new Outstanding(messageId, task, wire, 0, null);
		engine.stepper().gate(new StepController.Pause(sa.initiatorSpi(), StepController.Point.BEFORE_SEND,
				task.exchangeType(), Integer.toUnsignedLong(messageId), false, engine.traced() ? wire.decoded() : null), () -> {
					if (outstanding == null || outstanding.messageId() != messageId || sa.state() == IkeSaState.FAILED) {
						return;
					}
					transmit(wire, false);
					requestSent(messageId, task.exchangeType(), false);
					outstanding = new Outstanding(messageId, task, wire, 0,
							engine.schedule(() -> retransmit(messageId), sa.config().retransmitMillis()));
				});
	}

	private void transmit(MessageProtection.Wire wire, boolean retransmission) {
		for (byte[] d : wire.datagrams()) {
			engine.send(d, sa.peer(), sa.natT());
		}
		if (!engine.traced()) {
			return; // nobody listens: do not decode our own message for a trace event
		}
		engine.emit(new TraceEvent.Message(Instant.now(), sa.initiatorSpi(), TraceEvent.Direction.SENT,
				sa.natT() ? engine.natTAddress() : engine.localAddress(), sa.peer(),
				wire.decoded(), wire.keyGeneration(), retransmission));
	}

	private void requestSent(int messageId, ExchangeType type, boolean retransmission) {
		for (ExchangeObserver o : engine.exchangeObservers()) {
			o.requestSent(sa.initiatorSpi(), Integer.toUnsignedLong(messageId), type, retransmission, System.nanoTime());
		}
	}

	private void retransmit(int messageId) {
		Outstanding o = outstanding;
		if (o == null || o.messageId() != messageId) {
			return;
		}
		if (o.tries() >= sa.config().retransmitTries()) {
			sa.fail(o.task().exchangeType() + " request " + messageId + ": no response after " + o.tries()
					+ " retransmissions");
			return;
		}
		transmit(o.wire(), true);
		requestSent(messageId, o.task().exchangeType(), true);
		long delay = sa.config().retransmitMillis() << Math.min(o.tries() + 1, 10);
		outstanding = new Outstanding(o.messageId(), o.task(), o.wire(), o.tries() + 1,
				engine.schedule(() -> retransmit(messageId), delay));
	}

	private void cancelRetransmission() {
		if (outstanding != null) {
			if (outstanding.timer() != null) {
				outstanding.timer().cancel();
			}
			outstanding = null;
		}
	}

	private void sendResponse(ExchangeTask.Responder task, int messageId, List<Payload> payloads, Octets requestData) {
		IkeHeader header = sa.header(task.exchangeType(), messageId, true);
		MessageProtection.Wire wire = protect(header, payloads);
		if (MessageProtection.isInit(header)) {
			sa.initMessage(false, wire.datagrams().get(0));
		}
		expectedMessageId = messageId + 1;
		engine.stepper().gate(new StepController.Pause(sa.initiatorSpi(), StepController.Point.BEFORE_SEND,
				header.exchangeType(), Integer.toUnsignedLong(messageId), true, engine.traced() ? wire.decoded() : null), () -> {
					cacheResponse(messageId, wire);
					transmit(wire, false);
					try {
						task.responseSent(sa, new ExchangeTask.ExchangeData(requestData, wire.signedData()));
					} catch (RuntimeException e) {
						sa.fail(internalError(header.exchangeType() + " response", e));
					}
				});
	}

	private void cacheResponse(int messageId, MessageProtection.Wire wire) {
		lastResponseId = messageId;
		lastResponse = wire;
	}

	/** Answers a request with one notify (an error), protected if keys exist. */
	private void sendError(ExchangeType type, int messageId, IkeFailure failure) {
		List<Payload> payloads = List.of(Payload.Notify.of(failure.notifyType(), Octets.of(failure.notifyData())));
		boolean init = type.equals(ExchangeType.IKE_SA_INIT);
		// no IKE SA results from a refused IKE_SA_INIT: the responder's SPI stays zero (RFC 7296 §1.3)
		IkeHeader header = init ? IkeHeader.of(sa.initiatorSpi(), 0, type, IkeHeader.FLAG_RESPONSE, messageId)
				: sa.header(type, messageId, true);
		MessageProtection.Wire wire = init || sa.keys() == null ? MessageProtection.plain(header, payloads)
				: protect(header, payloads);
		// an error answer consumes the message ID like any response (RFC 7296 §2.3): the peer's next
		// request carries the next one
		expectedMessageId = messageId + 1;
		cacheResponse(messageId, wire);
		transmit(wire, false);
	}

	// ------------------------------------------------------------------ receiving

	/** A datagram for this SA, decoded but still encrypted, from {@code from}. */
	void receive(byte[] datagram, DecodedDatagram decoded, InetSocketAddress from, boolean viaNatT) {
		IkeMessage message = decoded.message();
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
			transmit(lastResponse, true); // the peer did not get our response: send it again (RFC 7296 §2.1)
			return;
		} else if (messageId != expectedMessageId) {
			return;
		}
		List<Payload> payloads;
		Octets signedData = null;
		DecodedMessage whole = null;
		boolean init = MessageProtection.isInit(h);
		if (MessageProtection.encrypted(message)) {
			if (sa.keys() == null) {
				return; // encrypted before keys exist: drop
			}
			Optional<MessageProtection.Opened> opened;
			try {
				opened = protection.open(datagram, decoded, sa.keys(), engine.traced());
			} catch (IntegrityCheckException | MalformedMessageException e) {
				engine.emit(new TraceEvent.Error(Instant.now(), sa.initiatorSpi(), "dropped " + h + ": " + e.getMessage()));
				return;
			} catch (MessageProtection.Undecodable e) {
				refuseAuthenticated(h, e.malformed());
				return;
			}
			if (opened.isEmpty()) {
				return; // fragments are missing
			}
			payloads = opened.get().payloads();
			signedData = opened.get().signedData();
			whole = opened.get().decoded();
			sa.follow(from, viaNatT); // the message authenticated: the peer is where it came from
		} else if (init) {
			payloads = message.payloads();
			whole = DecodedMessage.plain(decoded);
			sa.initMessage(!h.isResponse(), datagram); // signed as received (RFC 7296 §2.15)
		} else {
			return; // an exchange after IKE_SA_INIT must be protected (RFC 7296 §2.21.1)
		}
		engine.emit(new TraceEvent.Message(Instant.now(), sa.initiatorSpi(), TraceEvent.Direction.RECEIVED,
				viaNatT ? engine.natTAddress() : engine.localAddress(), from,
				whole, init ? -1 : sa.keys().generation(), false));
		if (h.isResponse()) {
			for (ExchangeObserver o : engine.exchangeObservers()) {
				o.responseReceived(sa.initiatorSpi(), Integer.toUnsignedLong(messageId), message, System.nanoTime());
			}
		}
		if (h.isResponse()) {
			if (outstanding.timer() != null) {
				outstanding.timer().cancel(); // answered: no retransmission while we may wait at a step point
			}
			pendingResponse = messageId;
		} else {
			pendingRequest = messageId;
		}
		Octets signed = signedData;
		engine.stepper().gate(new StepController.Pause(sa.initiatorSpi(), StepController.Point.AFTER_RECEIVE,
				h.exchangeType(), h.messageIdUnsigned(), h.isResponse(), whole), () -> {
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
		if (MessageProtection.isInit(h)) {
			sa.responderSpi(h.responderSpi()); // zero in a COOKIE or INVALID_KE_PAYLOAD answer
		}
		try {
			o.task().processResponse(sa, payloads, new ExchangeTask.ExchangeData(o.wire().signedData(), signedData));
		} catch (IkeFailure e) {
			sa.fail(e.getMessage());
			return;
		} catch (RuntimeException e) {
			sa.fail(internalError(h.exchangeType() + " response", e));
			return;
		}
		if (idle()) {
			sa.exchangesDone();
		}
		next();
	}

	/**
	 * An authenticated message whose inner payloads do not decode. A request is answered — an
	 * unknown critical payload with UNSUPPORTED_CRITICAL_PAYLOAD and its type (RFC 7296 §2.5), any
	 * other flaw with INVALID_SYNTAX; a response is dropped (the retransmission may be sound).
	 */
	private void refuseAuthenticated(IkeHeader h, MalformedMessageException e) {
		engine.emit(new TraceEvent.Error(Instant.now(), sa.initiatorSpi(), "malformed " + h + ": " + e.getMessage()));
		if (h.isResponse()) {
			return;
		}
		NotifyType answer = e.answer() != null ? e.answer() : NotifyType.INVALID_SYNTAX;
		byte[] data = e instanceof org.ikewb.protocol.UnsupportedCriticalPayloadException u
				? new byte[] { (byte) u.payloadType() }
				: new byte[0];
		sendError(h.exchangeType(), h.messageId(), new IkeFailure(answer, data, e.getMessage()));
		sa.abortIfNotUp(answer + " answered to " + h);
	}

	private void handleRequest(IkeHeader h, List<Payload> payloads, Octets signedData) {
		ExchangeTask.Responder task = responderTask(h.exchangeType());
		if (task == null) {
			sendError(h.exchangeType(), h.messageId(),
					new IkeFailure(NotifyType.INVALID_SYNTAX, "unexpected " + h.exchangeType() + " request"));
			sa.abortIfNotUp("unexpected " + h.exchangeType() + " request in state " + sa.state());
			return;
		}
		try {
			List<Payload> response = task.respond(sa, payloads);
			sendResponse(task, h.messageId(), response, signedData);
		} catch (IkeFailure e) {
			if (e.notifyType() != null) {
				sendError(h.exchangeType(), h.messageId(), e);
			}
			if (sa.state() != IkeSaState.ESTABLISHED) {
				sa.fail(e.getMessage());
			}
		} catch (RuntimeException e) {
			sa.fail(internalError(h.exchangeType() + " request", e));
		}
	}

	/**
	 * A defect of ours met while running a task: the IKE SA fails at once with a reason a user can
	 * report, instead of the exception vanishing on the event loop and the exchange hanging.
	 */
	static String internalError(String where, Throwable e) {
		return "internal error in " + where + " (" + e.getClass().getSimpleName()
				+ "); please report it with the command line and a --trace of the run";
	}

	/** The task that answers a request of this exchange type in the IKE SA's current state, or null. */
	private ExchangeTask.Responder responderTask(ExchangeType type) {
		IkeSaState state = sa.state();
		if (type.equals(ExchangeType.IKE_SA_INIT) && state == IkeSaState.CREATED) {
			return new IkeInitTask();
		}
		if (type.equals(ExchangeType.IKE_INTERMEDIATE) && state == IkeSaState.CONNECTING) {
			return IkeIntermediateTask.responderFor(sa);
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
}
