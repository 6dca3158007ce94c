package org.ikewb.engine;

import java.io.IOException;
import java.nio.channels.Selector;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

import org.ikewb.protocol.DecodedDatagram;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProtocolId;

/**
 * An IKEv2 endpoint on one UDP socket: it initiates IKE SAs and answers those a peer starts. One
 * event-loop thread reads the sockets and runs every IKE SA (no thread per SA, no locks in the
 * protocol code; {@link EventLoop}); trace listeners run on a thread of their own. Nothing is installed
 * in the kernel: keys are derived for inspection.
 */
public final class Engine implements AutoCloseable {

	/** The IKE socket, the NAT-T socket if any, and the framing of IKE on them. */
	private final UdpTransport transport;
	/** What waits for the loop: bounded in all and per sender; the rest is dropped and counted. */
	private final InboundQueue inbound = new InboundQueue(InboundQueue.Limits.DEFAULT);
	private final EventLoop loop;
	private final ExecutorService tracer;
	/** Trace events for the listeners' thread at most; beyond, events are dropped and counted. */
	static final int TRACE_BACKLOG = 65_536;
	private final java.util.concurrent.atomic.AtomicLong traceEventsDropped = new java.util.concurrent.atomic.AtomicLong();
	/** Counted on the loop, read by anyone: what a responder under load reports without the trace. */
	private final java.util.concurrent.atomic.LongAdder ikeSasEstablished = new java.util.concurrent.atomic.LongAdder();
	private final java.util.concurrent.atomic.LongAdder ikeSasFailed = new java.util.concurrent.atomic.LongAdder();
	private final List<TraceListener> listeners = new CopyOnWriteArrayList<>();
	private final List<java.util.function.Consumer<TraceEvent.Error>> errorListeners = new CopyOnWriteArrayList<>();
	private final List<ExchangeObserver> exchangeObservers = new CopyOnWriteArrayList<>();
	private final SecureRandom random = new SecureRandom();
	private final Map<Long, IkeSa> byLocalSpi = new HashMap<>();
	/** Which IKE_SA_INIT requests get state: half-open SAs, COOKIEs, stateless refusals. */
	private final InitResponder initResponder;
	private final boolean traceKeys;
	private volatile IkeConfig responderConfig;
	private final StepController stepper;
	/** What the fragments of all IKE SAs may buffer together (each SA alone: FragmentAssembler.Limits). */
	private volatile org.ikewb.protocol.FragmentAssembler.Budget fragmentBudget = new org.ikewb.protocol.FragmentAssembler.Budget(
			16L << 20);

	private Engine(UdpTransport transport, boolean traceKeys) throws IOException {
		this.transport = transport;
		this.traceKeys = traceKeys;
		String name = "ikewb-" + transport.localAddress().getPort();
		// bounded: listeners slower than a flood must not fill the heap with the events waiting for them
		this.tracer = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new java.util.concurrent.LinkedBlockingQueue<>(TRACE_BACKLOG), r -> UdpTransport.daemon(r, name + "-trace"),
				(task, executor) -> traceEventsDropped.incrementAndGet());
		Selector selector = Selector.open();
		try {
			transport.register(selector,
					(to, e) -> emit(new TraceEvent.Error(Instant.now(), 0, "cannot send to " + to + ": " + e.getMessage())),
					problem -> emit(new TraceEvent.Error(Instant.now(), 0, problem)));
		} catch (IOException | RuntimeException e) {
			selector.close();
			tracer.shutdown();
			throw e;
		}
		// no exception of ours may end silently on the loop: it is reported, and the loop goes on
		this.loop = new EventLoop(name + "-loop", selector, e -> emit(new TraceEvent.Error(Instant.now(), 0,
				TaskManager.internalError("the event loop", e))));
		this.initResponder = new InitResponder(this, random);
		this.stepper = new StepController(loop);
		this.stepper.onPause(p -> emit(new TraceEvent.Paused(Instant.now(), p.initiatorSpi(), p)));
		loop.repeat(this::reportLoad, LOAD_REPORT_MILLIS);
		loop.start(new EventLoop.Io() {
			@Override
			public void read(int max) {
				transport.read(max, Engine.this::enqueue);
			}

			@Override
			public boolean handleOne() {
				InboundQueue.Datagram d = inbound.poll();
				if (d == null) {
					return false;
				}
				guardedDispatch(d.ike(), d.from(), d.viaNatT());
				return true;
			}
		}, () -> {
			inbound.clear();
			transport.close(); // the sockets close for good once the selector has let them go
		});
	}

	/**
	 * Binds an engine to a local address (port 0: any free port).
	 *
	 * @param traceKeys whether trace events carry key material (opt-in: keys are secrets)
	 */
	public static Engine bind(InetSocketAddress address, boolean traceKeys) throws IOException {
		return bind(address, null, traceKeys);
	}

	/**
	 * Binds an engine with a NAT-T socket beside its IKE socket (ports 500 and 4500 in a real
	 * deployment): when NAT detection finds a NAT, an initiator moves there; a peer that moves there
	 * first is followed. {@code natT} null: no NAT-T socket.
	 */
	public static Engine bind(InetSocketAddress ike, InetSocketAddress natT, boolean traceKeys) throws IOException {
		UdpTransport transport = UdpTransport.bind(ike, natT);
		try {
			return new Engine(transport, traceKeys);
		} catch (IOException | RuntimeException e) {
			transport.close();
			throw e;
		}
	}

	/** Why no IKE message can reach {@code peer} from this engine's socket, or null. */
	private String unreachable(InetSocketAddress peer) {
		if (peer == null || peer.isUnresolved()) {
			return "the peer " + peer + " has no address";
		}
		if (peer.getPort() == 0) {
			return "the peer " + peer.getAddress().getHostAddress() + " has port 0: no IKE peer listens there";
		}
		java.net.InetAddress local = transport.localAddress().getAddress();
		if ((local instanceof java.net.Inet6Address) != (peer.getAddress() instanceof java.net.Inet6Address)) {
			return "the peer " + peer.getAddress().getHostAddress() + " is " + family(peer.getAddress())
					+ " but this engine's socket (" + local.getHostAddress() + ") is " + family(local);
		}
		return null;
	}

	private static String family(java.net.InetAddress a) {
		return a instanceof java.net.Inet6Address ? "IPv6" : "IPv4";
	}

	/** The NAT-T socket's address, or null. */
	public InetSocketAddress natTAddress() {
		return transport.natTAddress();
	}

	boolean hasNatT() {
		return transport.hasNatT();
	}

	public InetSocketAddress localAddress() {
		return transport.localAddress();
	}

	/** Stepping and breakpoints for the exchanges of this engine. */
	public StepController stepper() {
		return stepper;
	}

	public void addListener(TraceListener listener) {
		listeners.add(listener);
	}

	public void removeListener(TraceListener listener) {
		listeners.remove(listener);
	}

	/** Times exchanges without the trace (see {@link ExchangeObserver}); runs on the engine's loop. */
	public void addExchangeObserver(ExchangeObserver observer) {
		exchangeObservers.add(observer);
	}

	/** The exchange observers, for the task managers (on the loop). */
	List<ExchangeObserver> exchangeObservers() {
		return exchangeObservers;
	}

	/**
	 * Receives the engine's errors only (what it refused or dropped, and why), on the listeners'
	 * thread. Unlike {@link #addListener}, it does not make the engine build the trace: no event per
	 * message, no decode with field spans, no wake-up of the listeners' thread per event — an
	 * embedded responder that only needs to say why it refused costs nothing more while it agrees.
	 */
	public void addErrorListener(java.util.function.Consumer<TraceEvent.Error> listener) {
		errorListeners.add(listener);
	}

	/**
	 * From this many half-open IKE SAs on, new IKE_SA_INIT requests must return a COOKIE first (RFC 7296
	 * §2.6): the answer costs no state and no key exchange. 0 asks every initiator.
	 */
	public void setCookieThreshold(int halfOpenSas) {
		initResponder.setCookieThreshold(halfOpenSas);
	}

	/**
	 * How long a half-open IKE SA (IKE_SA_INIT answered, no IKE_AUTH yet) is kept before it is
	 * dropped: an initiator that went away (or never existed: a flood) leaves no state behind.
	 */
	public void setHalfOpenTimeout(long millis) {
		initResponder.setHalfOpenTimeout(millis);
	}

	/** Half-open IKE SAs (IKE_SA_INIT answered, IKE_AUTH not done). */
	public int halfOpenCount() {
		try {
			return loop.submit(initResponder::halfOpenCount).get();
		} catch (Exception e) {
			return -1;
		}
	}

	/** Answers IKE_SA_INIT requests with this configuration (null: initiate only). */
	public void respondWith(IkeConfig config) {
		this.responderConfig = config;
	}

	/** Starts an IKE SA with {@code peer}; completes when IKE_AUTH is done or fails with the reason. */
	public CompletableFuture<EstablishedSa> initiate(IkeConfig config, InetSocketAddress peer) {
		CompletableFuture<EstablishedSa> result = new CompletableFuture<>();
		String unreachable = unreachable(peer);
		if (unreachable != null) {
			result.completeExceptionally(new IkeFailure(null, unreachable));
			return result;
		}
		onLoop(result, () -> {
			try {
				long spi = newSpi();
				IkeSa sa = new IkeSa(this, config, true, peer, spi, 0);
				byLocalSpi.put(spi, sa);
				sa.result().whenComplete((ok, error) -> {
					if (error != null) {
						result.completeExceptionally(error);
					} else {
						result.complete(ok);
					}
				});
				sa.queue(new IkeInitTask());
				sa.queue(new IkeAuthTask());
				sa.next();
			} catch (RuntimeException e) {
				// before an IKE SA could fail by itself: the caller learns it at once, never waits for ever
				String reason = TaskManager.internalError("starting an IKE SA with " + peer, e);
				emit(new TraceEvent.Error(Instant.now(), 0, reason));
				result.completeExceptionally(new IkeFailure(null, reason));
			}
		});
		return result;
	}

	/**
	 * Rekeys an IKE SA with CREATE_CHILD_SA (and IKE_FOLLOWUP_KE per additional key exchange), then
	 * deletes the old one; completes with the new IKE SA.
	 */
	public CompletableFuture<EstablishedSa> rekeyIke(EstablishedSa sa) {
		return rekeyIke(sa, null);
	}

	/**
	 * Rekeys an IKE SA offering {@code proposals} (strongSwan notation, comma-separated; null: the
	 * configuration's rekey proposals): the new IKE SA may use another PRF, cipher, integrity and
	 * other KE and ADDKE rounds than the old one.
	 */
	public CompletableFuture<EstablishedSa> rekeyIke(EstablishedSa sa, String proposals) {
		List<Payload.Proposal> offer = proposals == null ? null : IkeConfig.parseProposals(proposals, ProtocolId.IKE);
		return onSa(sa, ike -> ike.createChildSa(CreateChildSaTask.Kind.REKEY_IKE, null, offer).done()
				.thenApply(next -> ((IkeSa) next).snapshot()));
	}

	/** Rekeys a Child SA (N(REKEY_SA), with PFS and additional key exchanges as the ESP proposals say). */
	public CompletableFuture<EstablishedSa.Child> rekeyChild(EstablishedSa sa, EstablishedSa.Child child) {
		return rekeyChild(sa, child, null);
	}

	/** Rekeys a Child SA offering {@code proposals} (ESP, strongSwan notation; null: the configuration's). */
	public CompletableFuture<EstablishedSa.Child> rekeyChild(EstablishedSa sa, EstablishedSa.Child child, String proposals) {
		List<Payload.Proposal> offer = proposals == null ? null : IkeConfig.parseProposals(proposals, ProtocolId.ESP);
		return onSa(sa, ike -> ike.createChildSa(CreateChildSaTask.Kind.REKEY_CHILD, child, offer).done()
				.thenApply(EstablishedSa.Child.class::cast));
	}

	/** Creates one more Child SA on an IKE SA (CREATE_CHILD_SA, with IKE_FOLLOWUP_KE as the ESP proposals say). */
	public CompletableFuture<EstablishedSa.Child> createChild(EstablishedSa sa) {
		return onSa(sa, ike -> ike.createChildSa(CreateChildSaTask.Kind.NEW_CHILD, null, null).done()
				.thenApply(EstablishedSa.Child.class::cast));
	}

	/** Liveness check (RFC 7296 §1.4): an empty INFORMATIONAL request; completes when the peer answers. */
	public CompletableFuture<Void> checkLiveness(EstablishedSa sa) {
		return onSa(sa, ike -> {
			InformationalTask task = new InformationalTask();
			ike.queue(task);
			ike.next();
			return task.answered();
		});
	}

	/** Every established IKE SA this engine holds, as it is now. */
	public CompletableFuture<List<EstablishedSa>> established() {
		CompletableFuture<List<EstablishedSa>> result = new CompletableFuture<>();
		onLoop(result, () -> result.complete(byLocalSpi.values().stream()
				.filter(sa -> sa.state() == IkeSaState.ESTABLISHED).map(IkeSa::snapshot).toList()));
		return result;
	}

	/** The current state of an IKE SA held by this engine (its Child SAs included). */
	public CompletableFuture<EstablishedSa> current(EstablishedSa sa) {
		return onSa(sa, ike -> CompletableFuture.completedFuture(ike.snapshot()));
	}

	private <T> CompletableFuture<T> onSa(EstablishedSa sa, java.util.function.Function<IkeSa, CompletableFuture<T>> action) {
		CompletableFuture<T> result = new CompletableFuture<>();
		onLoop(result, () -> {
			IkeSa ike = byLocalSpi.get(sa.initiator() ? sa.initiatorSpi() : sa.responderSpi());
			if (ike == null) {
				result.completeExceptionally(new IkeFailure(null, "no IKE SA " + Long.toHexString(sa.initiatorSpi())));
				return;
			}
			action.apply(ike).whenComplete((ok, error) -> {
				if (error != null) {
					result.completeExceptionally(error instanceof java.util.concurrent.CompletionException
							&& error.getCause() != null ? error.getCause() : error);
				} else {
					result.complete(ok);
				}
			});
		});
		return result;
	}

	/** Runs {@code action} on the loop; once the engine is closed, {@code result} fails saying so instead. */
	private void onLoop(CompletableFuture<?> result, Runnable action) {
		try {
			loop.execute(action);
		} catch (RejectedExecutionException e) {
			result.completeExceptionally(new IkeFailure(null, "the engine on " + localAddress() + " is closed"));
		}
	}

	/** The IKE SA that replaces {@code old} after a rekey; the Child SAs move over. */
	IkeSa rekeyed(IkeSa old, boolean initiator, long spiI, long spiR, org.ikewb.protocol.Payload.Proposal chosen,
			org.ikewb.crypto.Prf prf, org.ikewb.protocol.Octets ni, org.ikewb.protocol.Octets nr,
			org.ikewb.crypto.IkeSaKeys keys, String cause) {
		IkeSa next = IkeSa.rekeyed(old, initiator, spiI, spiR, chosen, prf, ni, nr);
		old.replacedBy(next);
		next.adoptChildren(old);
		byLocalSpi.put(next.localSpi(), next);
		next.newKeys(keys, cause);
		next.established();
		return next;
	}

	/** Deletes an established IKE SA (INFORMATIONAL with Delete). */
	public void delete(EstablishedSa sa) {
		onLoop(new CompletableFuture<>(), () -> {
			IkeSa ike = byLocalSpi.get(sa.initiator() ? sa.initiatorSpi() : sa.responderSpi());
			if (ike != null) {
				ike.delete();
			}
		});
	}

	/**
	 * IKE SAs this engine has established since it started, as initiator or responder, those a rekey
	 * made included (an IKE SA back to ESTABLISHED after a failed rekey is not counted again). Needs
	 * no trace listener: ikewb respond --summary reads it under load.
	 */
	public long ikeSasEstablished() {
		return ikeSasEstablished.sum();
	}

	/** IKE SAs of this engine that failed (before or after they were established), since it started. */
	public long ikeSasFailed() {
		return ikeSasFailed.sum();
	}

	/** On the loop: an IKE SA changed its state. */
	void stateChanged(IkeSaState from, IkeSaState to) {
		if (to == IkeSaState.ESTABLISHED && from != IkeSaState.REKEYING) {
			ikeSasEstablished.increment();
		} else if (to == IkeSaState.FAILED) {
			ikeSasFailed.increment();
		}
	}

	/** IKE SAs currently held (half-open included). */
	public int ikeSaCount() {
		try {
			return loop.submit(byLocalSpi::size).get();
		} catch (Exception e) {
			return -1;
		}
	}

	/** Holds an IKE SA under its local SPI. */
	IkeSa register(IkeSa sa) {
		byLocalSpi.put(sa.localSpi(), sa);
		return sa;
	}

	/** The configuration that answers IKE_SA_INIT requests, or null (initiate only). */
	IkeConfig responderConfig() {
		return responderConfig;
	}

	long newSpi() {
		long spi;
		do {
			spi = random.nextLong();
		} while (spi == 0 || byLocalSpi.containsKey(spi));
		return spi;
	}

	// ------------------------------------------------------------------ used by IKE SAs (on the loop)

	SecureRandom random() {
		return random;
	}

	boolean traceKeys() {
		return traceKeys;
	}

	/** Sends one IKE message from the IKE socket. */
	void send(byte[] datagram, InetSocketAddress to) {
		transport.send(datagram, to, false);
	}

	/** Sends from the NAT-T socket (always with the marker) or from the IKE socket. */
	void send(byte[] datagram, InetSocketAddress to, boolean natT) {
		transport.send(datagram, to, natT);
	}

	EventLoop.Timer schedule(Runnable task, long millis) {
		return loop.schedule(task, millis);
	}

	org.ikewb.protocol.FragmentAssembler.Budget fragmentBudget() {
		return fragmentBudget;
	}

	/** Octets of incomplete fragmented messages buffered over all IKE SAs now (bounded by the budget). */
	public long bufferedFragmentBytes() {
		return fragmentBudget.used();
	}

	/** The bound on {@link #bufferedFragmentBytes()}: 16 MiB unless set. */
	public long fragmentBudgetBytes() {
		return fragmentBudget.max();
	}

	/** Sets the bound on what fragments of all IKE SAs may buffer together, for IKE SAs created from now on. */
	public void setFragmentBudget(long bytes) {
		fragmentBudget = new org.ikewb.protocol.FragmentAssembler.Budget(bytes);
	}

	/** Whether anyone listens: callers skip building costly events (a decode per sent message) otherwise. */
	boolean traced() {
		return !listeners.isEmpty();
	}

	/**
	 * Waits until the event loop has finished what it was doing when called and every trace event
	 * emitted until then has reached the listeners. Listeners run on a thread of their own, so a
	 * caller that read the trace right after an SA completed could miss its last events; tests and
	 * anything writing files from the trace call this first.
	 *
	 * @return false when that did not happen within the timeout (the engine is busy or closed)
	 */
	public boolean flushTrace(java.time.Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			Future<Future<?>> loopDone = loop.submit(() -> tracer.submit(() -> {
			}));
			Future<?> traceDone = loopDone.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			traceDone.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			return true;
		} catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
			return false;
		}
	}

	void emit(TraceEvent event) {
		if (!listeners.isEmpty()) {
			tracer.execute(() -> listeners.forEach(l -> l.onEvent(event)));
		}
		if (event instanceof TraceEvent.Error error && !errorListeners.isEmpty()) {
			tracer.execute(() -> errorListeners.forEach(l -> l.accept(error)));
		}
	}

	void remove(IkeSa sa) {
		byLocalSpi.remove(sa.localSpi(), sa);
		initResponder.forget(sa);
	}

	// ------------------------------------------------------------------ receiving

	/**
	 * On the loop, as it reads the sockets: a datagram waits in the fair queue if it has room, else it
	 * is dropped. The loop handles one queued datagram per turn, whichever the fair order puts first.
	 */
	private void enqueue(byte[] ike, InetSocketAddress from, boolean viaNatT) {
		inbound.offer(new InboundQueue.Datagram(ike, from, viaNatT));
	}

	/** The receive queue is filling: new IKE SAs must return a COOKIE first (no state, no key exchange for them). */
	boolean underLoad() {
		return inbound.underLoad();
	}

	/** How often the engine checks whether to report its load in the trace. */
	static final long LOAD_REPORT_MILLIS = Long.getLong("ikewb.loadReportMillis", 5000);
	/** The counters of the last load reported (on the loop). */
	private String lastLoad = "0/0/0/0/0/0";

	private EngineLoad loadNow() {
		return new EngineLoad(inbound.dropped(), inbound.queuedBytes(), inbound.highWater(), initResponder.cookiesSent(),
				initResponder.refusedPerSource(), initResponder.refusedGlobal(), initResponder.halfOpenCount(),
				initResponder.halfOpenBySource(3), initResponder.oversizedDropped(), traceEventsDropped.get());
	}

	/** On the loop: a Load event when what the engine turned away changed since the last one. */
	private void reportLoad() {
		if (!traced()) {
			return;
		}
		EngineLoad load = loadNow();
		String turnedAway = load.datagramsDropped() + "/" + load.initDroppedOversized() + "/" + load.cookiesSent() + "/"
				+ load.initDroppedPerSource() + "/" + load.initDroppedGlobal() + "/" + load.traceEventsDropped();
		if (!turnedAway.equals(lastLoad)) {
			lastLoad = turnedAway;
			emit(new TraceEvent.Load(Instant.now(), 0, load));
		}
	}

	/** What this engine turned away to stay up, and what it holds now. */
	public EngineLoad load() {
		try {
			return loop.submit(this::loadNow).get(5, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
			// the loop is busy or closed: the counters that need no loop
		}
		return new EngineLoad(inbound.dropped(), inbound.queuedBytes(), inbound.highWater(), -1, -1, -1, -1, Map.of(), -1,
				traceEventsDropped.get());
	}

	/**
	 * Half-open IKE SAs one source address may hold (default 32; strongSwan's block_threshold) and
	 * all sources together (default 20,000); IKE_SA_INIT requests beyond are dropped unanswered.
	 */
	public void setHalfOpenLimits(int perSource, int global) {
		initResponder.setHalfOpenLimits(perSource, global);
	}

	/** As {@link #setHalfOpenLimits(int, int)}, the global limit the default (or {@code perSource}, if more). */
	public void setHalfOpenLimitPerSource(int perSource) {
		initResponder.setHalfOpenLimits(perSource, Math.max(perSource, InitResponder.GLOBAL_LIMIT));
	}

	/** No exception of ours may end silently on the loop: it is reported, and the loop goes on. */
	private void guardedDispatch(byte[] ike, InetSocketAddress from, boolean viaNatT) {
		try {
			dispatch(ike, from, viaNatT);
		} catch (RuntimeException e) {
			emit(new TraceEvent.Error(Instant.now(), 0,
					TaskManager.internalError("a datagram from " + from, e)));
		}
	}

	/** An IKE message as the transport unframed it: decoded here, then handed to its IKE SA. */
	private void dispatch(byte[] ike, InetSocketAddress from, boolean viaNatT) {
		if (ike.length > InitResponder.MAX_INIT_REQUEST && InitResponder.isInitRequest(ike)) {
			initResponder.oversized(); // no real IKE_SA_INIT is this large: not decoded, not kept for AUTH
			return;
		}
		DecodedDatagram decoded;
		try {
			// with every field's span only when someone traces: the trace carries this decode, no other
			decoded = IkeCodec.decodeDatagram(ike, traced());
		} catch (MalformedMessageException e) {
			if (e.answer() != null && InitResponder.isInitRequest(ike)) {
				initResponder.refuse(ike, e, from);
				return;
			}
			emit(new TraceEvent.Error(Instant.now(), 0, "dropped a datagram from " + from + ": " + e.getMessage()));
			return;
		}
		IkeHeader h = decoded.message().header();
		if (h.exchangeType().equals(ExchangeType.IKE_SA_INIT) && !h.isResponse() && h.responderSpi() == 0) {
			initResponder.receive(ike, decoded, from);
			return;
		}
		byte[] received = ike;
		long ours = h.fromInitiator() ? h.responderSpi() : h.initiatorSpi();
		IkeSa sa = byLocalSpi.get(ours);
		if (sa == null) {
			emit(new TraceEvent.Error(Instant.now(), h.initiatorSpi(), "no IKE SA for " + h + " from " + from));
			return;
		}
		sa.receive(received, decoded, from, viaNatT);
	}

	@Override
	public void close() {
		loop.close();
		tracer.shutdown();
		try {
			tracer.awaitTermination(2, TimeUnit.SECONDS);
			loop.awaitTermination(2000); // the loop closes the sockets as it ends: the port can be bound again at once
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
