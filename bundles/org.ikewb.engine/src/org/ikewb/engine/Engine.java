package org.ikewb.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProtocolId;

/**
 * An IKEv2 endpoint on one UDP socket: it initiates IKE SAs and answers those a peer starts. One
 * receiving thread reads datagrams; one event-loop thread runs every IKE SA (no thread per SA, no
 * locks in the protocol code); trace listeners run on a thread of their own. Nothing is installed
 * in the kernel: keys are derived for inspection.
 */
public final class Engine implements AutoCloseable {

	private final DatagramChannel channel;
	private final InetSocketAddress local;
	/** The NAT-T socket (RFC 3948: port 4500), or null when this engine has none. */
	private final DatagramChannel natChannel;
	private final InetSocketAddress natLocal;
	private final ScheduledExecutorService loop;
	private final ExecutorService tracer;
	private final Thread receiver;
	private final List<TraceListener> listeners = new CopyOnWriteArrayList<>();
	private final SecureRandom random = new SecureRandom();
	private final Map<Long, IkeSa> byLocalSpi = new HashMap<>();
	private final Map<String, IkeSa> halfOpen = new HashMap<>();
	private volatile long halfOpenTimeoutMillis = 30_000;
	private final boolean traceKeys;
	private volatile IkeConfig responderConfig;
	private volatile int cookieThreshold = 1_000;
	private final byte[] cookieSecret = new byte[32];
	private final StepController stepper;
	/** What the fragments of all IKE SAs may buffer together (each SA alone: FragmentAssembler.Limits). */
	private volatile org.ikewb.protocol.FragmentAssembler.Budget fragmentBudget = new org.ikewb.protocol.FragmentAssembler.Budget(
			16L << 20);

	private Engine(DatagramChannel channel, DatagramChannel natChannel, boolean traceKeys) throws IOException {
		this.channel = channel;
		this.local = (InetSocketAddress) channel.getLocalAddress();
		this.natChannel = natChannel;
		this.natLocal = natChannel == null ? null : (InetSocketAddress) natChannel.getLocalAddress();
		this.traceKeys = traceKeys;
		String name = "ikewb-" + local.getPort();
		this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-loop"));
		this.tracer = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-trace"));
		this.random.nextBytes(cookieSecret);
		this.stepper = new StepController(loop);
		this.stepper.onPause(p -> emit(new TraceEvent.Paused(Instant.now(), p.initiatorSpi(), p)));
		this.receiver = daemon(() -> receiveLoop(channel, false), name + "-net");
		this.receiver.start();
		if (natChannel != null) {
			daemon(() -> receiveLoop(natChannel, true), name + "-natt").start();
		}
	}

	private static Thread daemon(Runnable r, String name) {
		Thread t = new Thread(r, name);
		t.setDaemon(true);
		return t;
	}

	/**
	 * Binds an engine to a local address (port 0: any free port).
	 *
	 * @param traceKeys whether trace events carry key material (opt-in: keys are secrets)
	 */
	public static Engine bind(InetSocketAddress address, boolean traceKeys) throws IOException {
		return new Engine(open(address), null, traceKeys);
	}

	/**
	 * Binds an engine with a NAT-T socket beside its IKE socket (ports 500 and 4500 in a real
	 * deployment): when NAT detection finds a NAT, an initiator moves there; a peer that moves there
	 * first is followed.
	 */
	public static Engine bind(InetSocketAddress ike, InetSocketAddress natT, boolean traceKeys) throws IOException {
		return new Engine(open(ike), open(natT), traceKeys);
	}

	private static DatagramChannel open(InetSocketAddress address) throws IOException {
		DatagramChannel channel = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
				? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
		channel.bind(address);
		return channel;
	}

	/** The NAT-T socket's address, or null. */
	public InetSocketAddress natTAddress() {
		return natLocal;
	}

	boolean hasNatT() {
		return natChannel != null;
	}

	public InetSocketAddress localAddress() {
		return local;
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

	/**
	 * From this many half-open IKE SAs on, new IKE_SA_INIT requests must return a COOKIE first (RFC 7296
	 * §2.6): the answer costs no state and no key exchange. 0 asks every initiator.
	 */
	public void setCookieThreshold(int halfOpenSas) {
		this.cookieThreshold = halfOpenSas;
	}

	/**
	 * How long a half-open IKE SA (IKE_SA_INIT answered, no IKE_AUTH yet) is kept before it is
	 * dropped: an initiator that went away (or never existed: a flood) leaves no state behind.
	 */
	public void setHalfOpenTimeout(long millis) {
		this.halfOpenTimeoutMillis = millis;
	}

	/** Half-open IKE SAs (IKE_SA_INIT answered, IKE_AUTH not done). */
	public int halfOpenCount() {
		try {
			return loop.submit(halfOpen::size).get();
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
		loop.execute(() -> {
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
		loop.execute(() -> result.complete(byLocalSpi.values().stream()
				.filter(sa -> sa.state() == IkeSaState.ESTABLISHED).map(IkeSa::snapshot).toList()));
		return result;
	}

	/** The current state of an IKE SA held by this engine (its Child SAs included). */
	public CompletableFuture<EstablishedSa> current(EstablishedSa sa) {
		return onSa(sa, ike -> CompletableFuture.completedFuture(ike.snapshot()));
	}

	private <T> CompletableFuture<T> onSa(EstablishedSa sa, java.util.function.Function<IkeSa, CompletableFuture<T>> action) {
		CompletableFuture<T> result = new CompletableFuture<>();
		loop.execute(() -> {
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

	/** The IKE SA that replaces {@code old} after a rekey; the Child SAs move over. */
	IkeSa rekeyed(IkeSa old, boolean initiator, long spiI, long spiR, org.ikewb.protocol.Payload.Proposal chosen,
			org.ikewb.crypto.Prf prf, org.ikewb.protocol.Octets ni, org.ikewb.protocol.Octets nr,
			org.ikewb.crypto.IkeSaKeys keys, String cause) {
		IkeSa next = IkeSa.rekeyed(old, initiator, spiI, spiR, chosen, prf, ni, nr);
		next.adoptChildren(old);
		byLocalSpi.put(next.localSpi(), next);
		next.newKeys(keys, cause);
		next.established();
		return next;
	}

	/** Deletes an established IKE SA (INFORMATIONAL with Delete). */
	public void delete(EstablishedSa sa) {
		loop.execute(() -> {
			IkeSa ike = byLocalSpi.get(sa.initiator() ? sa.initiatorSpi() : sa.responderSpi());
			if (ike != null) {
				ike.delete();
			}
		});
	}

	/** IKE SAs currently held (half-open included). */
	public int ikeSaCount() {
		try {
			return loop.submit(byLocalSpi::size).get();
		} catch (Exception e) {
			return -1;
		}
	}

	private long newSpi() {
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

	/**
	 * Sends one IKE message. When neither side uses port 500 the message carries the non-ESP marker
	 * (RFC 3948 §2.2), as on port 4500: strongSwan takes any other datagram between two non-500 ports
	 * for ESP.
	 */
	void send(byte[] datagram, InetSocketAddress to) {
		send(datagram, to, false);
	}

	/** Sends from the NAT-T socket (always with the marker) or from the IKE socket. */
	void send(byte[] datagram, InetSocketAddress to, boolean natT) {
		try {
			if (natT && natChannel != null) {
				ByteBuffer marked = ByteBuffer.allocate(datagram.length + 4);
				marked.putInt(0).put(datagram).flip();
				natChannel.send(marked, to);
				return;
			}
			if (local.getPort() != 500 && to.getPort() != 500) {
				ByteBuffer marked = ByteBuffer.allocate(datagram.length + 4);
				marked.putInt(0).put(datagram).flip();
				channel.send(marked, to);
				return;
			}
			channel.send(ByteBuffer.wrap(datagram), to);
		} catch (IOException e) {
			emit(new TraceEvent.Error(Instant.now(), 0, "cannot send to " + to + ": " + e.getMessage()));
		}
	}

	ScheduledFuture<?> schedule(Runnable task, long millis) {
		return loop.schedule(task, millis, TimeUnit.MILLISECONDS);
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
	}

	void remove(IkeSa sa) {
		byLocalSpi.remove(sa.localSpi(), sa);
		halfOpen.values().remove(sa);
	}

	// ------------------------------------------------------------------ receiving

	private void receiveLoop(DatagramChannel channel, boolean natT) {
		ByteBuffer buffer = ByteBuffer.allocate(65536);
		while (channel.isOpen()) {
			try {
				buffer.clear();
				InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
				buffer.flip();
				byte[] datagram = new byte[buffer.remaining()];
				buffer.get(datagram);
				loop.execute(() -> dispatch(datagram, from, natT));
			} catch (ClosedChannelException e) {
				return;
			} catch (IOException | java.util.concurrent.RejectedExecutionException e) {
				if (!channel.isOpen()) {
					return;
				}
			}
		}
	}

	private void dispatch(byte[] datagram, InetSocketAddress from, boolean viaNatT) {
		if (datagram.length == 1 && datagram[0] == (byte) 0xff) {
			return; // NAT-T keepalive (RFC 3948 §2.3): it keeps a NAT mapping open; nothing to answer or report
		}
		IkeMessage message;
		byte[] ike = datagram;
		try {
			boolean marked = datagram.length >= 4 && datagram[0] == 0 && datagram[1] == 0 && datagram[2] == 0
					&& datagram[3] == 0;
			if (viaNatT && !marked) {
				return; // ESP on the NAT-T port: we carry no traffic
			}
			if (marked) {
				ike = Arrays.copyOfRange(datagram, 4, datagram.length); // non-ESP marker (port 4500)
			}
			message = IkeCodec.decode(ike);
		} catch (MalformedMessageException e) {
			if (e.answer() != null && isInitRequest(ike)) {
				refuseInit(ike, e, from);
				return;
			}
			emit(new TraceEvent.Error(Instant.now(), 0, "dropped a datagram from " + from + ": " + e.getMessage()));
			return;
		}
		IkeHeader h = message.header();
		if (h.exchangeType().equals(ExchangeType.IKE_SA_INIT) && !h.isResponse() && h.responderSpi() == 0) {
			respondToInit(ike, message, from);
			return;
		}
		byte[] received = ike;
		long ours = h.fromInitiator() ? h.responderSpi() : h.initiatorSpi();
		IkeSa sa = byLocalSpi.get(ours);
		if (sa == null) {
			emit(new TraceEvent.Error(Instant.now(), h.initiatorSpi(), "no IKE SA for " + h + " from " + from));
			return;
		}
		sa.receive(received, message, from, viaNatT);
	}

	private void respondToInit(byte[] ike, IkeMessage message, InetSocketAddress from) {
		String key = Long.toHexString(message.header().initiatorSpi()) + "@" + from;
		IkeSa sa = halfOpen.get(key);
		if (sa == null) {
			IkeConfig config = responderConfig;
			if (config == null || message.header().initiatorSpi() == 0) {
				return;
			}
			if (halfOpen.size() >= cookieThreshold && !hasValidCookie(message, from)) {
				sendCookie(message, from);
				return;
			}
			sa = new IkeSa(this, config, false, from, message.header().initiatorSpi(), newSpi());
			byLocalSpi.put(sa.responderSpi(), sa);
			halfOpen.put(key, sa);
			IkeSa created = sa;
			sa.result().whenComplete((ok, error) -> halfOpen.values().remove(created));
			loop.schedule(() -> {
				if (halfOpen.get(key) == created) {
					created.fail("half-open IKE SA dropped after " + halfOpenTimeoutMillis + " ms without IKE_AUTH");
				}
			}, halfOpenTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		sa.receive(ike, message);
	}

	/** COOKIE = 0 | HMAC-SHA-256(secret, Ni | IPi | port | SPIi)[0..16): checkable without state. */
	private org.ikewb.protocol.Octets cookie(IkeMessage message, InetSocketAddress from) {
		org.ikewb.protocol.Octets ni = message.first(org.ikewb.protocol.Payload.Nonce.class)
				.map(org.ikewb.protocol.Payload.Nonce::nonce).orElse(org.ikewb.protocol.Octets.EMPTY);
		byte[] spi = java.nio.ByteBuffer.allocate(10).putLong(message.header().initiatorSpi())
				.putShort((short) from.getPort()).array();
		byte[] mac = org.ikewb.crypto.Prf.of(org.ikewb.protocol.PrfAlgorithm.HMAC_SHA2_256).compute(cookieSecret,
				ni.toByteArray(), from.getAddress().getAddress(), spi);
		byte[] value = new byte[17];
		System.arraycopy(mac, 0, value, 1, 16);
		return org.ikewb.protocol.Octets.of(value);
	}

	private boolean hasValidCookie(IkeMessage message, InetSocketAddress from) {
		return !message.payloads().isEmpty()
				&& message.payloads().get(0) instanceof org.ikewb.protocol.Payload.Notify n
				&& n.notifyType().equals(org.ikewb.protocol.NotifyType.COOKIE)
				&& java.security.MessageDigest.isEqual(n.data().toByteArray(), cookie(message, from).toByteArray());
	}

	/** The raw bytes start like an IKE_SA_INIT request: exchange 34, Initiator flag, no Response flag, SPIr 0. */
	private static boolean isInitRequest(byte[] ike) {
		if (ike.length < IkeHeader.SIZE || (ike[18] & 0xff) != ExchangeType.IKE_SA_INIT.value()
				|| (ike[19] & IkeHeader.FLAG_RESPONSE) != 0 || (ike[19] & IkeHeader.FLAG_INITIATOR) == 0) {
			return false;
		}
		for (int i = 8; i < 16; i++) {
			if (ike[i] != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * RFC 7296 §2.5 and §2.21: an IKE_SA_INIT request with a major version above 2, or an unknown
	 * critical payload, is answered with INVALID_MAJOR_VERSION (in a version 2 header) or
	 * UNSUPPORTED_CRITICAL_PAYLOAD (with the payload type); no state is kept. Later exchanges are
	 * protected, and what cannot be authenticated is dropped.
	 */
	private void refuseInit(byte[] ike, MalformedMessageException e, InetSocketAddress from) {
		long spiI = java.nio.ByteBuffer.wrap(ike, 0, 8).getLong();
		org.ikewb.protocol.Octets data = e instanceof org.ikewb.protocol.UnsupportedCriticalPayloadException u
				? org.ikewb.protocol.Octets.of(new byte[] { (byte) u.payloadType() })
				: org.ikewb.protocol.Octets.EMPTY;
		emit(new TraceEvent.Error(Instant.now(), spiI, "refused an IKE_SA_INIT from " + from + " with " + e.answer() + ": "
				+ e.getMessage()));
		answerInit(spiI, e.answer(), data, from);
	}

	private void sendCookie(IkeMessage message, InetSocketAddress from) {
		answerInit(message.header().initiatorSpi(), org.ikewb.protocol.NotifyType.COOKIE, cookie(message, from), from);
	}

	/** A stateless IKE_SA_INIT response holding one notify (COOKIE, or a refusal), sent and traced. */
	private void answerInit(long spiI, org.ikewb.protocol.NotifyType type, org.ikewb.protocol.Octets data,
			InetSocketAddress from) {
		IkeMessage answer = new IkeMessage(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_RESPONSE, 0),
				List.of(org.ikewb.protocol.Payload.Notify.of(type, data)));
		byte[] bytes = IkeCodec.encode(answer);
		send(bytes, from);
		emit(new TraceEvent.Message(Instant.now(), spiI, TraceEvent.Direction.SENT, from,
				List.of(org.ikewb.protocol.Octets.of(bytes)), answer, List.of(), -1, false));
	}

	@Override
	public void close() {
		try {
			channel.close();
			if (natChannel != null) {
				natChannel.close();
			}
		} catch (IOException e) {
			// closing anyway
		}
		loop.shutdownNow();
		tracer.shutdown();
		try {
			tracer.awaitTermination(2, TimeUnit.SECONDS);
			// A channel closed while a thread blocks in receive() releases its port only when that
			// thread has left receive(): wait for it, so that the port can be bound again at once.
			if (Thread.currentThread() != receiver) {
				receiver.join(2000);
			}
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
