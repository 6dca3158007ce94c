package org.ikewb.ui;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.StepController;
import org.ikewb.engine.TraceListener;

/**
 * A hybrid exchange between our initiator and the embedded responder on loopback, as `ikewb run`
 * does without a peer: real UDP, real keys; the caller watches the initiator's trace.
 */
public final class EmbeddedRun implements AutoCloseable {

	public static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	public static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";

	private final Engine initiator;
	private final Engine responder;

	public EmbeddedRun(boolean traceKeys) throws IOException {
		InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		initiator = Engine.bind(loopback, traceKeys);
		responder = Engine.bind(loopback, false);
		// a stepped initiator may wait minutes between messages: keep its half-open SA
		responder.setHalfOpenTimeout(java.util.concurrent.TimeUnit.HOURS.toMillis(1));
	}

	public Engine initiator() {
		return initiator;
	}

	/** Where a stepped run pauses: the initiator's step controller. */
	public StepController stepper() {
		return initiator.stepper();
	}

	/** Starts the exchange, then rekeys the Child SA and the IKE SA when {@code rekey}. */
	public CompletableFuture<EstablishedSa> start(TraceListener listener, boolean rekey) {
		byte[] psk = new byte[32];
		new SecureRandom().nextBytes(psk);
		responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("responder.ikewb"), null, psk::clone, IKE, ESP));
		initiator.addListener(listener);
		CompletableFuture<EstablishedSa> sa = initiator.initiate(
				IkeConfig.psk(IkeConfig.Identity.fqdn("initiator.ikewb"), IkeConfig.Identity.fqdn("responder.ikewb"),
						psk::clone, IKE, ESP), responder.localAddress());
		if (!rekey) {
			return sa;
		}
		return sa.thenCompose(established -> initiator.rekeyChild(established, established.children().get(0))
				.thenCompose(child -> initiator.current(established)).thenCompose(initiator::rekeyIke));
	}

	public String lifelineOfInitiator() {
		return "initiator " + initiator.localAddress();
	}

	public String lifelineOfResponder() {
		return "responder " + responder.localAddress() + " (embedded)";
	}

	@Override
	public void close() {
		initiator.close();
		responder.close();
	}
}
