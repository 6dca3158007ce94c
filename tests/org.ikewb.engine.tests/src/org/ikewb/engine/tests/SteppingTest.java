package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.StepController;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pausing before each sent and after each received message, stepping, continuing, breakpoints. */
class SteppingTest {

	private static final byte[] PSK = "step-test-psk".getBytes(StandardCharsets.US_ASCII);
	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";

	private Engine initiator;
	private Engine responder;
	private final LinkedBlockingQueue<StepController.Pause> pauses = new LinkedBlockingQueue<>();

	@BeforeEach
	void bind() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		initiator = Engine.bind(any, false);
		responder = Engine.bind(any, false);
		responder.respondWith(IkeConfig.psk(IkeConfig.Identity.fqdn("r"), null, PSK::clone, IKE, "aes256gcm16")
				.withRetransmission(5_000, 2));
		initiator.addListener(e -> {
			if (e instanceof TraceEvent.Paused p) {
				pauses.add(p.pause());
			}
		});
	}

	@AfterEach
	void close() {
		initiator.close();
		responder.close();
	}

	private CompletableFuture<EstablishedSa> start() {
		return initiator.initiate(IkeConfig.psk(IkeConfig.Identity.fqdn("i"), null, PSK::clone, IKE, "aes256gcm16")
				.withRetransmission(5_000, 2), responder.localAddress());
	}

	private StepController.Pause next() throws InterruptedException {
		StepController.Pause p = pauses.poll(5, TimeUnit.SECONDS);
		if (p == null) {
			throw new AssertionError("no pause within 5 s");
		}
		return p;
	}

	@Test
	void steppingPausesAtEveryMessageInOrder() throws Exception {
		initiator.stepper().setStepping(true);
		CompletableFuture<EstablishedSa> result = start();
		String[] expected = { "before sending IKE_SA_INIT request #0", "after receiving IKE_SA_INIT response #0",
				"before sending IKE_INTERMEDIATE request #1", "after receiving IKE_INTERMEDIATE response #1",
				"before sending IKE_AUTH request #2", "after receiving IKE_AUTH response #2" };
		for (String point : expected) {
			StepController.Pause p = next();
			assertEquals(point, p.toString());
			assertEquals(p, initiator.stepper().current().orElseThrow(), "the engine waits where it said");
			Thread.sleep(50);
			assertFalse(result.isDone(), "nothing goes on while paused");
			initiator.stepper().step();
		}
		assertEquals(1, result.get(5, TimeUnit.SECONDS).intermediateExchanges());
		assertTrue(pauses.isEmpty());
	}

	@Test
	void breakpointsPauseOnlyTheirExchangeAndContinueRunsOn() throws Exception {
		initiator.stepper().addBreakpoint(ExchangeType.IKE_AUTH);
		CompletableFuture<EstablishedSa> result = start();
		assertEquals("before sending IKE_AUTH request #2", next().toString());
		initiator.stepper().resume();
		assertEquals("after receiving IKE_AUTH response #2", next().toString());
		initiator.stepper().resume();
		result.get(5, TimeUnit.SECONDS);
		assertEquals(List.of(), List.copyOf(pauses));
	}
}
