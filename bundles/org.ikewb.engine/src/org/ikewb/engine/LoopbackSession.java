package org.ikewb.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An initiator and an embedded responder on loopback, each an engine with real UDP sockets: the
 * command line's run without --peer, the workbench's embedded peer and the benchmarks all use this
 * one. The responder keeps what it refused, so that an initiator's failure can say why the other
 * side said no.
 */
public final class LoopbackSession implements AutoCloseable {

	private final Engine initiator;
	private final Engine responder;
	/** The responder's last refusals (a flood must not make this list grow without end). */
	private static final int KEPT_ERRORS = 64;
	private final java.util.Deque<String> responderErrors = new java.util.concurrent.ConcurrentLinkedDeque<>();

	private LoopbackSession(Engine initiator, Engine responder) {
		this.initiator = initiator;
		this.responder = responder;
		responder.addErrorListener(error -> {
			responderErrors.addLast(error.reason());
			while (responderErrors.size() > KEPT_ERRORS) {
				responderErrors.pollFirst();
			}
		});
	}

	/** Any free port on the loopback address. */
	public static InetSocketAddress anyLoopbackPort() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
	}

	/**
	 * Binds the initiator to {@code initiatorAddress} and the responder to {@code responderAddress}
	 * (port 0: any free port), the responder answering with {@code responderConfig}.
	 *
	 * @param traceKeys whether the initiator's trace carries key material (the responder's never does)
	 */
	public static LoopbackSession open(InetSocketAddress initiatorAddress, boolean traceKeys,
			InetSocketAddress responderAddress, IkeConfig responderConfig) throws IOException {
		Engine responder = Engine.bind(responderAddress, false);
		Engine initiator;
		try {
			initiator = Engine.bind(initiatorAddress, traceKeys);
		} catch (IOException e) {
			responder.close();
			throw e;
		}
		responder.respondWith(responderConfig);
		return new LoopbackSession(initiator, responder);
	}

	/** Both on any free loopback port. */
	public static LoopbackSession open(boolean traceKeys, IkeConfig responderConfig) throws IOException {
		return open(anyLoopbackPort(), traceKeys, anyLoopbackPort(), responderConfig);
	}

	/** 32 random octets: a pre-shared key for one session that nobody else knows. */
	public static byte[] randomPsk() {
		byte[] psk = new byte[32];
		new SecureRandom().nextBytes(psk);
		return psk;
	}

	/**
	 * For a run that may stop at step points: the responder keeps a half-open IKE SA for an hour
	 * instead of dropping it after 30 s while the initiator waits for its user.
	 */
	public LoopbackSession forStepping() {
		responder.setHalfOpenTimeout(TimeUnit.HOURS.toMillis(1));
		return this;
	}

	/** For measuring handshakes, not DoS protection: the responder never asks for a COOKIE. */
	public LoopbackSession withoutCookies() {
		responder.setCookieThreshold(Integer.MAX_VALUE);
		return this;
	}

	/** Starts an IKE SA from the initiator to the embedded responder. */
	public CompletableFuture<EstablishedSa> initiate(IkeConfig config) {
		return initiator.initiate(config, responder.localAddress());
	}

	public Engine initiator() {
		return initiator;
	}

	public Engine responder() {
		return responder;
	}

	public InetSocketAddress responderAddress() {
		return responder.localAddress();
	}

	/** Why the responder refused or dropped something lately (the last 64), oldest first. */
	public List<String> responderErrors() {
		return List.copyOf(responderErrors);
	}

	@Override
	public void close() {
		initiator.close();
		responder.close();
	}
}
