package org.ikewb.engine;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.MalformedMessageException;

/**
 * The responder's door for new IKE SAs (RFC 7296 §2.6, §2.21): which IKE_SA_INIT requests get
 * state. Keeps the half-open IKE SAs (answered, no IKE_AUTH yet) and drops them after a timeout;
 * above a threshold of them, asks for a COOKIE first, an answer that costs no state and no key
 * exchange; refuses a request that cannot be parsed with a stateless notify. Runs on the engine's
 * loop.
 */
final class InitResponder {

	private final Engine engine;
	private final Map<String, IkeSa> halfOpen = new HashMap<>();
	/** The key of each half-open SA, and how many each source address holds (a cookie-echoing source is one address). */
	private final Map<IkeSa, Held> held = new java.util.IdentityHashMap<>();
	private final Map<java.net.InetAddress, Integer> bySource = new HashMap<>();
	private final byte[] cookieSecret = new byte[32];
	private volatile long halfOpenTimeoutMillis = 30_000;
	private volatile int cookieThreshold = 1_000;
	/** Half-open IKE SAs one source address may hold (strongSwan: block_threshold) and all together. */
	/** strongSwan's block_threshold: half-open IKE SAs one source address may hold. */
	static final int PER_SOURCE_LIMIT = 32;
	static final int GLOBAL_LIMIT = 20_000;
	private volatile int perSourceLimit = PER_SOURCE_LIMIT;
	private volatile int globalLimit = GLOBAL_LIMIT;
	/**
	 * The largest IKE_SA_INIT request taken in: a real one (SA, KE of up to 1,024 octets for MODP-8192,
	 * nonce, notifies) stays far below; a half-open SA keeps its request for AUTH, so a larger one
	 * would let a flood hold 64 KiB per half-open SA. strongSwan's charon.max_packet is 10,000.
	 */
	static final int MAX_INIT_REQUEST = 16 * 1024;

	private long oversized;
	private long cookiesSent;
	private long refusedPerSource;
	private long refusedGlobal;

	InitResponder(Engine engine, java.security.SecureRandom random) {
		this.engine = engine;
		random.nextBytes(cookieSecret);
	}

	/** From this many half-open IKE SAs on, a new request must return a COOKIE first (0: every one). */
	void setCookieThreshold(int halfOpenSas) {
		this.cookieThreshold = halfOpenSas;
	}

	void setHalfOpenTimeout(long millis) {
		this.halfOpenTimeoutMillis = millis;
	}

	/** Half-open IKE SAs one source address may hold, and all sources together; more are dropped unanswered. */
	void setHalfOpenLimits(int perSource, int global) {
		this.perSourceLimit = perSource;
		this.globalLimit = global;
	}

	/** Half-open IKE SAs now (call on the loop). */
	int halfOpenCount() {
		return halfOpen.size();
	}

	/** The source addresses holding the most half-open IKE SAs, most first (call on the loop). */
	Map<String, Integer> halfOpenBySource(int top) {
		Map<String, Integer> out = new java.util.LinkedHashMap<>();
		bySource.entrySet().stream().sorted(Map.Entry.<java.net.InetAddress, Integer>comparingByValue().reversed())
				.limit(top).forEach(e -> out.put(e.getKey().getHostAddress(), e.getValue()));
		return out;
	}

	/** An IKE_SA_INIT request above {@link #MAX_INIT_REQUEST} was dropped before decoding. */
	void oversized() {
		oversized++;
	}

	long oversizedDropped() {
		return oversized;
	}

	long cookiesSent() {
		return cookiesSent;
	}

	long refusedPerSource() {
		return refusedPerSource;
	}

	long refusedGlobal() {
		return refusedGlobal;
	}

	/** A half-open IKE SA: its key (SPIi@address:port) and the address it came from. */
	private record Held(String key, java.net.InetAddress source, EventLoop.Timer timeout) {
	}

	/** The IKE SA is gone or established: it is half-open no more. */
	void forget(IkeSa sa) {
		Held h = held.remove(sa);
		if (h != null && halfOpen.remove(h.key(), sa)) {
			bySource.computeIfPresent(h.source(), (a, n) -> n <= 1 ? null : n - 1);
		}
		if (h != null) {
			h.timeout().cancel(); // its timer would hold the SA (and its request) until it fires
		}
	}

	/** An IKE_SA_INIT request (SPIr zero): to its half-open IKE SA, a new one, or a stateless COOKIE. */
	void receive(byte[] ike, org.ikewb.protocol.DecodedDatagram decoded, InetSocketAddress from) {
		IkeMessage message = decoded.message();
		String key = Long.toHexString(message.header().initiatorSpi()) + "@" + from;
		IkeSa sa = halfOpen.get(key);
		if (sa == null) {
			IkeConfig config = engine.responderConfig();
			if (config == null || message.header().initiatorSpi() == 0) {
				return;
			}
			// under load (many half-open SAs, or the receive queue filling) only a returned COOKIE gets state
			if ((halfOpen.size() >= cookieThreshold || engine.underLoad()) && !hasValidCookie(message, from)) {
				sendCookie(message, from);
				return;
			}
			// a source that returns COOKIEs is real, but one address may not hold the responder's memory
			if (bySource.getOrDefault(from.getAddress(), 0) >= perSourceLimit) {
				refusedPerSource++;
				return; // dropped unanswered, as strongSwan's block_threshold does
			}
			if (halfOpen.size() >= globalLimit) {
				refusedGlobal++;
				return;
			}
			sa = engine.register(new IkeSa(engine, config, false, from, message.header().initiatorSpi(), engine.newSpi()));
			halfOpen.put(key, sa);
			IkeSa created = sa;
			EventLoop.Timer timeout = engine.schedule(() -> {
				if (halfOpen.get(key) == created) {
					created.fail("half-open IKE SA dropped after " + halfOpenTimeoutMillis + " ms without IKE_AUTH");
				}
			}, halfOpenTimeoutMillis);
			held.put(sa, new Held(key, from.getAddress(), timeout));
			bySource.merge(from.getAddress(), 1, Integer::sum);
			sa.result().whenComplete((ok, error) -> forget(created));
		}
		sa.receive(ike, decoded);
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
	static boolean isInitRequest(byte[] ike) {
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
	void refuse(byte[] ike, MalformedMessageException e, InetSocketAddress from) {
		long spiI = java.nio.ByteBuffer.wrap(ike, 0, 8).getLong();
		org.ikewb.protocol.Octets data = e instanceof org.ikewb.protocol.UnsupportedCriticalPayloadException u
				? org.ikewb.protocol.Octets.of(new byte[] { (byte) u.payloadType() })
				: org.ikewb.protocol.Octets.EMPTY;
		engine.emit(new TraceEvent.Error(Instant.now(), spiI, "refused an IKE_SA_INIT from " + from + " with " + e.answer() + ": "
				+ e.getMessage()));
		answerInit(spiI, e.answer(), data, from);
	}

	private void sendCookie(IkeMessage message, InetSocketAddress from) {
		cookiesSent++;
		answerInit(message.header().initiatorSpi(), org.ikewb.protocol.NotifyType.COOKIE, cookie(message, from), from);
	}

	/** A stateless IKE_SA_INIT response holding one notify (COOKIE, or a refusal), sent and traced. */
	private void answerInit(long spiI, org.ikewb.protocol.NotifyType type, org.ikewb.protocol.Octets data,
			InetSocketAddress from) {
		IkeMessage answer = new IkeMessage(IkeHeader.of(spiI, 0, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_RESPONSE, 0),
				List.of(org.ikewb.protocol.Payload.Notify.of(type, data)));
		byte[] bytes = IkeCodec.encode(answer);
		engine.send(bytes, from);
		if (!engine.traced()) {
			return; // a flood's answers are decoded for no one
		}
		try {
			engine.emit(new TraceEvent.Message(Instant.now(), spiI, TraceEvent.Direction.SENT, engine.localAddress(), from,
					org.ikewb.protocol.DecodedMessage.plain(IkeCodec.decodeDatagram(bytes, true)), -1, false));
		} catch (org.ikewb.protocol.MalformedMessageException e) {
			throw new IllegalStateException("we encoded a message we cannot decode", e);
		}
	}

}
