package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.IkeFailure;
import org.ikewb.engine.LoopbackSession;
import org.junit.jupiter.api.Test;

/**
 * The engine's event loop reads its sockets itself: closing must still release the ports at once
 * (the selector holds a socket until it lets it go), from any thread — the loop's own included, where
 * a completion callback runs — and a closed engine must say so instead of throwing or hanging.
 */
class EngineLifecycleTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";

	private static InetSocketAddress loopback(int port) {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
	}

	private static LoopbackSession session() throws Exception {
		byte[] psk = LoopbackSession.randomPsk();
		return LoopbackSession.open(false, IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"));
	}

	private static IkeConfig initiatorConfig(byte[] psk) {
		return IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, psk::clone, IKE, "aes256gcm16");
	}

	@Test
	void closingReleasesBothPortsAtOnce() throws Exception {
		int ike;
		int natT;
		try (Engine first = Engine.bind(loopback(0), loopback(0), false)) {
			ike = first.localAddress().getPort();
			natT = first.natTAddress().getPort();
		}
		for (int i = 0; i < 20; i++) {
			// bound again right after close, twenty times: no port is left held by a selector
			Engine again = Engine.bind(loopback(ike), loopback(natT), false);
			assertEquals(ike, again.localAddress().getPort());
			again.close();
		}
	}

	@Test
	void anEngineClosedFromItsOwnLoopReleasesItsPort() throws Exception {
		byte[] psk = LoopbackSession.randomPsk();
		Engine responder = Engine.bind(loopback(0), false);
		Engine initiator = Engine.bind(loopback(0), false);
		try {
			responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"));
			int port = initiator.localAddress().getPort();
			CompletableFuture<Void> closed = new CompletableFuture<>();
			// the completion runs on the initiator's loop thread: close() there must not wait for itself
			initiator.initiate(initiatorConfig(psk), responder.localAddress()).whenComplete((sa, e) -> {
				initiator.close();
				closed.complete(null);
			});
			closed.get(10, TimeUnit.SECONDS);
			boolean rebound = false;
			for (int i = 0; i < 100 && !rebound; i++) {
				try (DatagramChannel probe = DatagramChannel.open()) {
					probe.bind(loopback(port));
					rebound = true;
				} catch (java.net.BindException stillHeld) {
					Thread.sleep(20);
				}
			}
			assertTrue(rebound, "the port of an engine closed on its own loop is released once the loop ends");
		} finally {
			initiator.close();
			responder.close();
		}
	}

	@Test
	void aClosedEngineSaysSoInsteadOfThrowingOrHanging() throws Exception {
		LoopbackSession session = session();
		Engine initiator = session.initiator();
		InetSocketAddress peer = session.responder().localAddress();
		session.close();
		CompletableFuture<EstablishedSa> started = initiator.initiate(initiatorConfig(new byte[32]), peer);
		ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
				() -> started.get(5, TimeUnit.SECONDS));
		IkeFailure why = assertInstanceOf(IkeFailure.class, failure.getCause());
		assertTrue(why.getMessage().contains("closed"), why.getMessage());
		ExecutionException listing = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
				() -> initiator.established().get(5, TimeUnit.SECONDS));
		assertInstanceOf(IkeFailure.class, listing.getCause());
		assertEquals(-1, initiator.ikeSaCount(), "counts of a closed engine: none to give");
		assertEquals(-1, initiator.halfOpenCount());
		assertTrue(!initiator.flushTrace(java.time.Duration.ofSeconds(1)), "nothing to flush on a closed engine");
	}

	@Test
	void anIdleEngineWakesForADatagramAndForATaskFromAnotherThread() throws Exception {
		try (LoopbackSession session = session()) {
			byte[] psk = LoopbackSession.randomPsk();
			session.responder().respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, psk::clone, IKE, "aes256gcm16"));
			for (int round = 0; round < 3; round++) {
				Thread.sleep(300); // both loops asleep in their selectors, no timer due for seconds
				EstablishedSa sa = session.initiator().initiate(initiatorConfig(psk), session.responder().localAddress())
						.get(10, TimeUnit.SECONDS);
				assertEquals(round + 1, session.initiator().established().get(5, TimeUnit.SECONDS).size());
				assertTrue(sa.initiator());
			}
		}
	}
}
