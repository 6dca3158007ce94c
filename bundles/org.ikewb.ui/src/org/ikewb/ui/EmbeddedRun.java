package org.ikewb.ui;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.LoopbackSession;
import org.ikewb.engine.StepController;
import org.ikewb.engine.TraceListener;

/**
 * A hybrid exchange between our initiator and the embedded responder on loopback, as `ikewb run`
 * does without a peer: real UDP, real keys; the caller watches the initiator's trace.
 */
public final class EmbeddedRun implements AutoCloseable {

	public static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	public static final String ESP = "aes256gcm16-x25519-ke1_mlkem768";

	private final byte[] psk = LoopbackSession.randomPsk();
	private final LoopbackSession session;

	public EmbeddedRun(boolean traceKeys) throws IOException {
		// a stepped initiator may wait minutes between messages: the responder keeps its half-open SA
		session = LoopbackSession.open(traceKeys,
				IkeConfig.psk(IkeConfig.Identity.fqdn("responder.ikewb"), null, psk::clone, IKE, ESP)).forStepping();
	}

	public Engine initiator() {
		return session.initiator();
	}

	/** Where a stepped run pauses: the initiator's step controller. */
	public StepController stepper() {
		return session.initiator().stepper();
	}

	/** Starts the exchange, then rekeys the Child SA and the IKE SA when {@code rekey}. */
	public CompletableFuture<EstablishedSa> start(TraceListener listener, boolean rekey) {
		Engine initiator = session.initiator();
		initiator.addListener(listener);
		CompletableFuture<EstablishedSa> sa = session.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("initiator.ikewb"),
				IkeConfig.Identity.fqdn("responder.ikewb"), psk::clone, IKE, ESP));
		if (!rekey) {
			return sa;
		}
		return sa.thenCompose(established -> initiator.rekeyChild(established, established.children().get(0))
				.thenCompose(child -> initiator.current(established)).thenCompose(initiator::rekeyIke));
	}

	public String lifelineOfInitiator() {
		return "initiator " + session.initiator().localAddress();
	}

	public String lifelineOfResponder() {
		return "responder " + session.responderAddress() + " (embedded)";
	}

	@Override
	public void close() {
		session.close();
	}
}
