package org.ikewb.engine.load;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.IkeFailure;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeHeader;

/**
 * A load generator for sizing IKEv2 gateways: {@code count} IKE SAs (each with its Child SA, as the
 * configuration says) against one peer, started at a target rate or as fast as the peer answers
 * (at most {@code inFlight} at a time), from {@code sources} source ports (one engine each), with
 * the latency of every exchange measured from the request's first transmission to its response,
 * retransmissions counted and failures sorted by reason. What is established is deleted at once, or
 * kept until the run ends ({@code keep}) so that the peer holds them all together.
 *
 * <p>strongSwan's load-tester plugin does the same from inside charon for classical exchanges; this
 * one runs the hybrid ones (IKE_INTERMEDIATE with ML-KEM) and reports per exchange.
 */
public final class LoadRun {

	/**
	 * @param peer     where to send (this machine only: the command checks)
	 * @param config   the initiator's configuration (proposals, authentication, identities)
	 * @param count    IKE SAs to start
	 * @param rate     IKE SAs started per second; 0: as fast as the peer answers
	 * @param inFlight at most this many unfinished at a time
	 * @param sources  source ports (engines), each on its own UDP socket
	 * @param keep     keep what is established until the run ends, then delete it all
	 * @param limit    the longest the run may take; what is unfinished then counts as "run ended"
	 */
	public record Settings(InetSocketAddress peer, IkeConfig config, int count, double rate, int inFlight, int sources,
			boolean keep, Duration limit) {
		public Settings {
			if (count < 1 || inFlight < 1 || sources < 1 || rate < 0) {
				throw new IllegalArgumentException("count, in-flight and sources must be positive, the rate not negative");
			}
		}
	}

	/** Where a run stands, about once a second. */
	public record Progress(Duration elapsed, int started, int established, int failed, int inFlight, double lastSecondRate,
			Map<String, Integer> failures) {
	}

	private static final Pattern NOTIFY = Pattern.compile("^([A-Z][A-Z0-9_]+):");
	private static final Pattern NO_RESPONSE = Pattern.compile("^(\\S+) request \\d+: no response");

	private final Settings settings;
	private final Map<String, Latencies> byExchange = new ConcurrentHashMap<>();
	private final Latencies handshakes = new Latencies();
	private final Map<String, Long> pending = new ConcurrentHashMap<>();
	private final Map<String, Integer> failures = new ConcurrentHashMap<>();
	private final AtomicInteger established = new AtomicInteger();
	private final AtomicInteger started = new AtomicInteger();
	private final AtomicInteger inFlight = new AtomicInteger();
	private final AtomicLong retransmissions = new AtomicLong();
	private final AtomicInteger informationalAnswered = new AtomicInteger();

	private LoadRun(Settings settings) {
		this.settings = settings;
	}

	/** Runs the load and reports; {@code progress} hears where it stands about once a second. */
	public static LoadReport run(Settings settings, Consumer<Progress> progress) throws IOException, InterruptedException {
		return new LoadRun(settings).go(progress);
	}

	private LoadReport go(Consumer<Progress> progress) throws IOException, InterruptedException {
		InetAddress local = settings.peer().getAddress().isLoopbackAddress() ? InetAddress.getLoopbackAddress()
				: settings.peer().getAddress() instanceof java.net.Inet6Address ? InetAddress.getByName("::")
						: InetAddress.getByName("0.0.0.0");
		List<Engine> engines = new ArrayList<>();
		List<Kept> kept = java.util.Collections.synchronizedList(new ArrayList<>());
		long begin = System.nanoTime();
		long deadline = begin + settings.limit().toNanos();
		java.util.concurrent.ScheduledExecutorService ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "ikewb-load-progress");
			t.setDaemon(true);
			return t;
		});
		int deleted = 0;
		try {
			for (int i = 0; i < settings.sources(); i++) {
				Engine engine = Engine.bind(new InetSocketAddress(local, 0), false);
				// timed through the observer, not the trace: a traced engine spends several times the
				// handshake's CPU on events the load generator never reads, and the generator shares
				// this machine with the gateway it measures
				engine.addExchangeObserver(timer);
				engines.add(engine);
			}
			int[] lastCount = { 0 };
			ticker.scheduleAtFixedRate(() -> {
				int now = established.get();
				progress.accept(new Progress(Duration.ofNanos(System.nanoTime() - begin), started.get(), now, failedCount(),
						inFlight.get(), now - lastCount[0], new TreeMap<>(failures)));
				lastCount[0] = now;
			}, 1, 1, TimeUnit.SECONDS);
			Semaphore slots = new Semaphore(settings.inFlight());
			long interval = settings.rate() > 0 ? (long) (1e9 / settings.rate()) : 0;
			long next = System.nanoTime();
			for (int i = 0; i < settings.count(); i++) {
				if (!acquire(slots, 1, deadline)) {
					break;
				}
				if (interval > 0) {
					long wait = next - System.nanoTime();
					if (wait > 0) {
						TimeUnit.NANOSECONDS.sleep(Math.min(wait, Math.max(0, deadline - System.nanoTime())));
					}
					next += interval;
					if (System.nanoTime() >= deadline) {
						slots.release();
						break;
					}
				}
				Engine engine = engines.get(i % engines.size());
				long t0 = System.nanoTime();
				started.incrementAndGet();
				inFlight.incrementAndGet();
				engine.initiate(settings.config(), settings.peer()).whenComplete((sa, e) -> {
					if (e == null) {
						handshakes.add(System.nanoTime() - t0);
						established.incrementAndGet();
						if (settings.keep()) {
							kept.add(new Kept(engine, sa));
						} else {
							engine.delete(sa);
						}
					} else {
						failures.merge(reason(e), 1, Integer::sum);
					}
					inFlight.decrementAndGet();
					slots.release();
				});
			}
			// what is under way finishes (or the limit ends the run)
			if (acquire(slots, settings.inFlight(), deadline)) {
				slots.release(settings.inFlight());
			}
			Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
			int unfinished = started.get() - established.get() - failedCount();
			if (unfinished > 0) {
				failures.merge("run ended (time limit)", unfinished, Integer::sum);
			}
			synchronized (kept) {
				for (Kept k : kept) {
					k.engine().delete(k.sa());
				}
				deleted = kept.size();
			}
			if (!settings.keep()) {
				deleted = established.get();
			}
			// every delete is answered before the sockets close (the peer frees what it holds); the
			// engines send them from their own loops, so count answers against the deletes asked for
			long settle = System.nanoTime() + 5_000_000_000L;
			while (informationalAnswered.get() < deleted && System.nanoTime() < settle) {
				Thread.sleep(20);
			}
			for (Engine e : engines) {
				e.flushTrace(Duration.ofSeconds(2));
			}
			return new LoadReport(settings.count(), started.get(), established.get(), new TreeMap<>(failures), elapsed,
					latencies(), retransmissions.get(), deleted);
		} finally {
			ticker.shutdownNow();
			for (Engine e : engines) {
				e.close();
			}
		}
	}

	private record Kept(Engine engine, EstablishedSa sa) {
	}

	private int failedCount() {
		return failures.values().stream().mapToInt(Integer::intValue).sum();
	}

	private static boolean acquire(Semaphore slots, int n, long deadline) throws InterruptedException {
		long left = deadline - System.nanoTime();
		return left > 0 && slots.tryAcquire(n, left, TimeUnit.NANOSECONDS);
	}

	/** Every request's first transmission starts its clock; its response stops it. */
	private final org.ikewb.engine.ExchangeObserver timer = new org.ikewb.engine.ExchangeObserver() {
		@Override
		public void requestSent(long initiatorSpi, long messageId, ExchangeType type, boolean retransmission,
				long nanoTime) {
			if (retransmission) {
				retransmissions.incrementAndGet();
			} else {
				pending.putIfAbsent(initiatorSpi + "/" + messageId, nanoTime);
			}
		}

		@Override
		public void responseReceived(long initiatorSpi, long messageId, org.ikewb.protocol.IkeMessage response,
				long nanoTime) {
			Long sent = pending.remove(initiatorSpi + "/" + messageId);
			if (sent != null) {
				IkeHeader h = response.header();
				byExchange.computeIfAbsent(label(h, response), k -> new Latencies()).add(nanoTime - sent);
				if (h.exchangeType().equals(ExchangeType.INFORMATIONAL)) {
					informationalAnswered.incrementAndGet();
				}
			}
		}
	};

	/**
	 * The exchange a response ends. An IKE_SA_INIT answered with a COOKIE or INVALID_KE_PAYLOAD
	 * (which the initiator repeats) is its own row: a peer under load asks for cookies, and the
	 * round trip it costs shows there.
	 */
	private static String label(IkeHeader h, org.ikewb.protocol.IkeMessage response) {
		if (h.exchangeType().equals(ExchangeType.IKE_SA_INIT)) {
			for (org.ikewb.protocol.NotifyType retry : List.of(org.ikewb.protocol.NotifyType.COOKIE,
					org.ikewb.protocol.NotifyType.INVALID_KE_PAYLOAD)) {
				if (response.notify(retry).isPresent()) {
					return "IKE_SA_INIT (" + retry + ")";
				}
			}
		}
		return h.exchangeType().equals(ExchangeType.IKE_INTERMEDIATE) ? "IKE_INTERMEDIATE #" + h.messageIdUnsigned()
				: h.exchangeType().toString();
	}

	/** IKE_SA_INIT's retries, IKE_SA_INIT, the IKE_INTERMEDIATEs in order, IKE_AUTH, the rest, then whole handshakes. */
	private Map<String, LoadReport.Percentiles> latencies() {
		Map<String, LoadReport.Percentiles> out = new java.util.LinkedHashMap<>();
		List<String> labels = new ArrayList<>(byExchange.keySet());
		labels.sort(java.util.Comparator.comparingInt(LoadRun::order).thenComparing(l -> l));
		for (String l : labels) {
			out.put(l, byExchange.get(l).percentiles());
		}
		out.put("handshake", handshakes.percentiles());
		return out;
	}

	private static int order(String label) {
		if (label.startsWith("IKE_SA_INIT")) {
			return label.equals("IKE_SA_INIT") ? 1 : 0;
		}
		if (label.startsWith("IKE_INTERMEDIATE #")) {
			return 2 + Integer.parseInt(label.substring("IKE_INTERMEDIATE #".length()));
		}
		return label.equals("IKE_AUTH") ? 100 : 101;
	}

	/** Why an IKE SA failed, as a short class: the notify, no response to which exchange, or the run's end. */
	static String reason(Throwable e) {
		Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
		if (cause instanceof TimeoutException) {
			return "timeout";
		}
		if (cause instanceof IkeFailure f) {
			if (f.notifyType() != null) {
				return f.notifyType().toString();
			}
			String m = f.getMessage() == null ? "" : f.getMessage();
			Matcher n = NOTIFY.matcher(m);
			if (n.find()) {
				return n.group(1);
			}
			Matcher r = NO_RESPONSE.matcher(m);
			if (r.find()) {
				return "no response to " + r.group(1);
			}
			return "refused: " + (m.length() > 60 ? m.substring(0, 60) + "…" : m);
		}
		return "failed (" + cause.getClass().getSimpleName() + ")";
	}
}
