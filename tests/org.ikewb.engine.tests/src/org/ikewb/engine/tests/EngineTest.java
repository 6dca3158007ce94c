package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.ProposalSyntax;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our engine against itself over real UDP sockets on loopback. */
class EngineTest {

	private static final byte[] PSK = "engine-test-psk-0123456789".getBytes(StandardCharsets.US_ASCII);
	private static final IkeConfig.Identity I = IkeConfig.Identity.fqdn("initiator.test");
	private static final IkeConfig.Identity R = IkeConfig.Identity.fqdn("responder.test");

	private Engine initiator;
	private Engine responder;
	private final List<TraceEvent> initiatorTrace = new CopyOnWriteArrayList<>();

	@BeforeEach
	void bind() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		initiator = Engine.bind(any, true);
		responder = Engine.bind(any, true);
		initiator.addListener(initiatorTrace::add);
	}

	@AfterEach
	void close() {
		initiator.close();
		responder.close();
	}

	private static IkeConfig config(IkeConfig.Identity local, IkeConfig.Identity remote, byte[] psk, String ike,
			String esp) {
		return IkeConfig.psk(local, remote, () -> psk.clone(), ike, esp).withRetransmission(200, 4);
	}

	private EstablishedSa[] run(IkeConfig i, IkeConfig r, InetSocketAddress to) throws Exception {
		responder.respondWith(r);
		EstablishedSa mine = initiator.initiate(i, to).get(20, TimeUnit.SECONDS);
		return new EstablishedSa[] { mine };
	}

	private static void assertSameKeys(EstablishedSa sa, Engine responder) {
		assertEquals(sa.keys().generation(), sa.intermediateExchanges());
	}

	@Test
	void hybridX25519MlKem768() throws Exception {
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		List<TraceEvent> responderTrace = new CopyOnWriteArrayList<>();
		responder.addListener(responderTrace::add);
		EstablishedSa sa = run(config(I, R, PSK, ike, "aes256gcm16"), config(R, I, PSK, ike, "aes256gcm16"),
				responder.localAddress())[0];
		assertEquals("aes256gcm16-prfsha384-x25519-ke1_mlkem768", ProposalSyntax.format(sa.proposal()));
		assertEquals(1, sa.intermediateExchanges());
		assertEquals(1, sa.keys().generation());
		assertEquals("responder.test", new String(sa.peerId().data().toByteArray(), StandardCharsets.US_ASCII));
		assertEquals(1, sa.children().size());
		// the responder derived the same keys: compare through its trace
		assertTrue(responder.flushTrace(java.time.Duration.ofSeconds(5)));
		TraceEvent.KeysDerived theirs = responderTrace.stream().filter(e -> e instanceof TraceEvent.KeysDerived)
				.map(TraceEvent.KeysDerived.class::cast).reduce((a, b) -> b).orElseThrow();
		assertEquals(sa.keys().skD(), theirs.keys().skD());
		assertEquals(sa.keys().skEi(), theirs.keys().skEi());
		TraceEvent.ChildSaEstablished child = responderTrace.stream()
				.filter(e -> e instanceof TraceEvent.ChildSaEstablished).map(TraceEvent.ChildSaEstablished.class::cast)
				.findFirst().orElseThrow();
		assertEquals(sa.children().get(0).keys(), child.keys());
		assertEquals(sa.children().get(0).inboundSpi(), child.outboundSpi());
		// the trace: IKE_SA_INIT, IKE_INTERMEDIATE, IKE_AUTH, each request and response
		List<ExchangeType> exchanges = initiatorTrace.stream().filter(e -> e instanceof TraceEvent.Message)
				.map(e -> ((TraceEvent.Message) e).message().header().exchangeType()).toList();
		assertEquals(List.of(ExchangeType.IKE_SA_INIT, ExchangeType.IKE_SA_INIT, ExchangeType.IKE_INTERMEDIATE,
				ExchangeType.IKE_INTERMEDIATE, ExchangeType.IKE_AUTH, ExchangeType.IKE_AUTH), exchanges);
	}

	@Test
	void threeRoundsWithFragmentationAndAesCbc() throws Exception {
		String ike = "aes256-sha256-ecp384-ke1_mlkem1024-ke2_mlkem512";
		IkeConfig i = config(I, R, PSK, ike, "aes256-sha256").withFragmentSize(576);
		IkeConfig r = config(R, I, PSK, ike, "aes256-sha256").withFragmentSize(576);
		EstablishedSa sa = run(i, r, responder.localAddress())[0];
		assertEquals(2, sa.intermediateExchanges());
		assertTrue(initiator.flushTrace(java.time.Duration.ofSeconds(5)));
		// both IKE_INTERMEDIATE requests (ML-KEM public keys of 1,568 and 800 octets) and both
		// responses (ciphertexts of 1,568 and 768 octets) exceed 576 octets: all four in fragments,
		// the received ones traced with every fragment they came in
		for (TraceEvent.Direction direction : TraceEvent.Direction.values()) {
			List<TraceEvent.Message> intermediate = initiatorTrace.stream()
					.filter(e -> e instanceof TraceEvent.Message m && m.direction() == direction && !m.retransmission()
							&& m.message().header().exchangeType().equals(ExchangeType.IKE_INTERMEDIATE))
					.map(TraceEvent.Message.class::cast).toList();
			assertEquals(2, intermediate.size(), direction.toString());
			for (TraceEvent.Message m : intermediate) {
				assertTrue(m.datagrams().size() >= 2, direction + " " + m.message().summary() + ": " + m.datagrams().size());
				assertTrue(m.datagrams().stream().allMatch(d -> d.length() <= 576), "each fragment fits 576 octets");
				assertTrue(m.datagrams().stream().distinct().count() == m.datagrams().size(), "no fragment twice");
				// decoded once, where it was sent or received: every fragment with its fields, the
				// reassembled plaintext with the KE payload's span holding exactly its key exchange data
				org.ikewb.protocol.DecodedMessage decoded = m.decoded();
				for (int f = 0; f < decoded.datagrams().size(); f++) {
					org.ikewb.protocol.DecodedDatagram d = decoded.datagrams().get(f);
					assertEquals(List.of("IKE header", "SKF"), d.fields().stream().map(org.ikewb.protocol.WireField::name).toList());
					assertEquals(d.bytes().length(), d.fields().get(1).end(), "the SKF payload ends the datagram");
					assertEquals("fragment " + (f + 1) + " of " + decoded.datagrams().size(),
							d.fields().get(1).value().substring(0, d.fields().get(1).value().indexOf(',')));
				}
				org.ikewb.protocol.WireField ke = decoded.innerFields().get(0);
				assertEquals("KE", ke.name());
				org.ikewb.protocol.WireField data = org.ikewb.protocol.WireField.find(List.of(ke), "Key exchange data").orElseThrow();
				assertEquals(((org.ikewb.protocol.Payload.Ke) m.inner().get(0)).data(),
						decoded.plaintext().slice(data.start(), data.end()));
				assertEquals(decoded.plaintext().length(), decoded.innerFields().get(decoded.innerFields().size() - 1).end());
			}
		}
	}

	@Test
	void noneRoundsAndSkippedRoundsDoNotHappen() throws Exception {
		EstablishedSa none = run(config(I, R, PSK, "aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_none", "aes256gcm16"),
				config(R, I, PSK, "aes256gcm16-prfsha384-x25519-ke1_none", "aes256gcm16"), responder.localAddress())[0];
		assertEquals(0, none.intermediateExchanges());
		String skipping = "aes256gcm16-prfsha256-x25519-ke1_mlkem768-ke3_mlkem512";
		EstablishedSa skipped = run(config(I, R, PSK, skipping, "aes256gcm16"), config(R, I, PSK, skipping, "aes256gcm16"),
				responder.localAddress())[0];
		assertEquals(2, skipped.intermediateExchanges());
	}

	@Test
	void invalidKePayloadMakesTheInitiatorRetryWithTheNamedMethod() throws Exception {
		EstablishedSa sa = run(config(I, R, PSK, "aes256gcm16-prfsha384-x25519-ecp384-ke1_mlkem768", "aes256gcm16"),
				config(R, I, PSK, "aes256gcm16-prfsha384-ecp384-ke1_mlkem768", "aes256gcm16"), responder.localAddress())[0];
		assertEquals("aes256gcm16-prfsha384-ecp384-ke1_mlkem768", ProposalSyntax.format(sa.proposal()));
		assertEquals(4, initiatorTrace.stream().filter(e -> e instanceof TraceEvent.Message m
				&& m.message().header().exchangeType().equals(ExchangeType.IKE_SA_INIT)).count());
	}

	@Test
	void wrongPskFailsWithAuthenticationFailed() {
		ExecutionException e = assertThrows(ExecutionException.class, () -> run(
				config(I, R, "not-the-right-key".getBytes(StandardCharsets.US_ASCII), "aes256gcm16-prfsha384-x25519", "aes256gcm16"),
				config(R, I, PSK, "aes256gcm16-prfsha384-x25519", "aes256gcm16"), responder.localAddress()));
		assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
	}

	@Test
	void noCommonProposalSaysWhy() {
		ExecutionException e = assertThrows(ExecutionException.class, () -> run(
				config(I, R, PSK, "aes256gcm16-prfsha384-x25519-ke1_mlkem768", "aes256gcm16"),
				config(R, I, PSK, "aes256gcm16-prfsha384-x25519-ke1_mlkem1024", "aes256gcm16"), responder.localAddress()));
		assertTrue(e.getCause().getMessage().contains("NO_PROPOSAL_CHOSEN"), e.getCause().getMessage());
	}

	@Test
	void lostAndDuplicatedMessagesAreRetransmittedAndAnsweredFromCache() throws Exception {
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		// lose the first IKE_SA_INIT request, the first IKE_INTERMEDIATE response and the first IKE_AUTH request
		try (LossyRelay relay = new LossyRelay(responder.localAddress(), n -> n == 1 || n == 4, n -> n == 2, false)) {
			EstablishedSa sa = run(config(I, R, PSK, ike, "aes256gcm16"), config(R, I, PSK, ike, "aes256gcm16"),
					relay.address())[0];
			assertEquals(1, sa.intermediateExchanges());
			assertEquals(3, relay.dropped.get());
			assertTrue(initiatorTrace.stream().anyMatch(e -> e instanceof TraceEvent.Message m && m.retransmission()));
		}
		try (LossyRelay duplicating = new LossyRelay(responder.localAddress(), n -> false, n -> false, true)) {
			EstablishedSa sa = run(config(I, R, PSK, ike, "aes256gcm16"), config(R, I, PSK, ike, "aes256gcm16"),
					duplicating.address())[0];
			assertEquals(1, sa.keys().generation());
		}
	}

	@Test
	void reorderedDatagramsAndFragmentsStillEstablish() throws Exception {
		// ML-KEM-1024 fragments at 576 octets: fragments and messages arrive swapped pairwise
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem1024";
		IkeConfig i = config(I, R, PSK, ike, "aes256gcm16").withFragmentSize(576);
		IkeConfig r = config(R, I, PSK, ike, "aes256gcm16").withFragmentSize(576);
		try (LossyRelay relay = new LossyRelay(responder.localAddress(), n -> false, n -> false, false).reordering()) {
			EstablishedSa sa = run(i, r, relay.address())[0];
			assertEquals(1, sa.intermediateExchanges());
		}
	}

	/** The responder's last SK_d, from its trace: both sides derived the same keys. */
	private static org.ikewb.protocol.Octets lastSkD(List<TraceEvent> trace) {
		return trace.stream().filter(e -> e instanceof TraceEvent.KeysDerived).map(TraceEvent.KeysDerived.class::cast)
				.reduce((x, y) -> y).orElseThrow().keys().skD();
	}

	private List<TraceEvent.Message> sentInitRequests() {
		return initiatorTrace.stream().filter(e -> e instanceof TraceEvent.Message m && m.direction() == TraceEvent.Direction.SENT
				&& m.message().header().exchangeType().equals(ExchangeType.IKE_SA_INIT)).map(TraceEvent.Message.class::cast)
				.toList();
	}

	/** The KE and Nonce payloads of an IKE_SA_INIT request, as sent. */
	private static List<Object> keAndNonce(TraceEvent.Message m) {
		return m.message().payloads().stream().filter(p -> p instanceof org.ikewb.protocol.Payload.Ke
				|| p instanceof org.ikewb.protocol.Payload.Nonce).map(Object.class::cast).toList();
	}

	@Test
	void everyCookieAnswerTwiceStillEndsWithTheSameKeysOnBothSides() throws Exception {
		// RFC 7296 §2.6: the retry repeats every payload but the COOKIE. A retry with a new KE made both
		// sides derive different keys when a COOKIE answer came twice (issue #15.2).
		responder.setCookieThreshold(0);
		List<TraceEvent> responderTrace = new CopyOnWriteArrayList<>();
		responder.addListener(responderTrace::add);
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		try (LossyRelay duplicating = new LossyRelay(responder.localAddress(), n -> false, n -> false, true)) {
			EstablishedSa sa = run(config(I, R, PSK, ike, "aes256gcm16"), config(R, I, PSK, ike, "aes256gcm16"),
					duplicating.address())[0];
			assertTrue(initiator.flushTrace(java.time.Duration.ofSeconds(5)));
			assertTrue(responder.flushTrace(java.time.Duration.ofSeconds(5)));
			// the keys of this SA (its SPI pair): a duplicated request may leave a half-open SA of its own behind
			assertEquals(sa.keys().skD(), responderTrace.stream().filter(e -> e instanceof TraceEvent.KeysDerived k
					&& k.initiatorSpi() == sa.initiatorSpi() && k.responderSpi() == sa.responderSpi())
					.map(TraceEvent.KeysDerived.class::cast).reduce((x, y) -> y).orElseThrow().keys().skD());
			List<TraceEvent.Message> requests = sentInitRequests();
			assertTrue(requests.size() >= 2, "a request without and one with the COOKIE: " + requests.size());
			for (TraceEvent.Message m : requests) {
				assertEquals(keAndNonce(requests.get(0)), keAndNonce(m), "KE and nonce unchanged in every retry");
			}
		}
	}

	@Test
	void cookieThenInvalidKeAndInvalidKeThenCookie() throws Exception {
		String offered = "aes256gcm16-prfsha384-x25519-ecp384-ke1_mlkem768";
		String wanted = "aes256gcm16-prfsha384-ecp384-ke1_mlkem768";
		List<TraceEvent> responderTrace = new CopyOnWriteArrayList<>();
		responder.addListener(responderTrace::add);
		// COOKIE first (every request must return one), then INVALID_KE_PAYLOAD: the COOKIE stays in the retry
		responder.setCookieThreshold(0);
		EstablishedSa sa = run(config(I, R, PSK, offered, "aes256gcm16"), config(R, I, PSK, wanted, "aes256gcm16"),
				responder.localAddress())[0];
		assertEquals(wanted, ProposalSyntax.format(sa.proposal()));
		assertTrue(initiator.flushTrace(java.time.Duration.ofSeconds(5)));
		List<TraceEvent.Message> requests = sentInitRequests();
		assertEquals(3, requests.size(), "no COOKIE, COOKIE + x25519, COOKIE + ecp384");
		assertTrue(requests.get(2).message().summary().startsWith("IKE_SA_INIT request 0 [ N(COOKIE) SA KE"),
				requests.get(2).message().summary());
		assertEquals(keAndNonce(requests.get(0)).get(1), keAndNonce(requests.get(2)).get(1), "the same nonce");
		assertTrue(responder.flushTrace(java.time.Duration.ofSeconds(5)));
		assertEquals(sa.keys().skD(), lastSkD(responderTrace));

		// INVALID_KE_PAYLOAD first, then the responder comes under load and asks for a COOKIE
		initiatorTrace.clear();
		responder.setCookieThreshold(Integer.MAX_VALUE);
		initiator.stepper().addBreakpoint(ExchangeType.IKE_SA_INIT);
		java.util.concurrent.CompletableFuture<EstablishedSa> second;
		responder.respondWith(config(R, I, PSK, wanted, "aes256gcm16"));
		second = initiator.initiate(config(I, R, PSK, offered, "aes256gcm16"), responder.localAddress());
		int pauses = 0;
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (!second.isDone() && System.nanoTime() < deadline) {
			var pause = initiator.stepper().current();
			if (pause.isEmpty()) {
				Thread.sleep(5);
				continue;
			}
			if (pause.get().point() == org.ikewb.engine.StepController.Point.AFTER_RECEIVE && pauses++ == 0) {
				responder.setCookieThreshold(0); // the INVALID_KE_PAYLOAD answer is in: from now on, COOKIEs
			}
			initiator.stepper().step();
		}
		EstablishedSa after = second.get(1, TimeUnit.SECONDS);
		assertEquals(wanted, ProposalSyntax.format(after.proposal()));
		assertTrue(initiator.flushTrace(java.time.Duration.ofSeconds(5)));
		List<String> summaries = sentInitRequests().stream().map(m -> m.message().summary()).toList();
		assertEquals(3, summaries.size(), summaries.toString());
		assertTrue(summaries.get(1).startsWith("IKE_SA_INIT request 0 [ SA KE"), "ecp384, no COOKIE yet: " + summaries);
		assertTrue(summaries.get(2).startsWith("IKE_SA_INIT request 0 [ N(COOKIE) SA KE"), summaries.toString());
	}

	@Test
	void aConfigurationThatCannotBeNegotiatedIsRefusedWhenMade() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> IkeConfig.psk(I, R, PSK::clone, ",", "aes256gcm16"))
				.getMessage().startsWith("no IKE proposal"));
		assertTrue(assertThrows(IllegalArgumentException.class,
				() -> IkeConfig.psk(I, R, PSK::clone, "aes256gcm16-prfsha384-none", "aes256gcm16")).getMessage()
				.contains("has no key exchange method"));
		assertTrue(assertThrows(IllegalArgumentException.class,
				() -> IkeConfig.psk(I, R, PSK::clone, "aes256gcm16-prfsha384-x25519", ",")).getMessage()
				.startsWith("no ESP proposal"));
		assertTrue(assertThrows(IllegalArgumentException.class,
				() -> config(I, R, PSK, "aes256gcm16-prfsha384-x25519", "aes256gcm16").withFragmentSize(100)).getMessage()
				.contains("fragment size 100"));
		assertTrue(assertThrows(IllegalArgumentException.class,
				() -> config(I, R, PSK, "aes256gcm16-prfsha384-x25519", "aes256gcm16")
						.withRekeyIkeProposals("aes256gcm16-prfsha256")).getMessage().startsWith("rekey IKE proposal"));
	}

	@Test
	void aPeerNoMessageCanReachFailsAtOnce() {
		IkeConfig c = config(I, R, PSK, "aes256gcm16-prfsha384-x25519", "aes256gcm16");
		ExecutionException port0 = assertThrows(ExecutionException.class,
				() -> initiator.initiate(c, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).get(1, TimeUnit.SECONDS));
		assertTrue(port0.getCause().getMessage().contains("has port 0"), port0.getCause().getMessage());
		ExecutionException family = assertThrows(ExecutionException.class,
				() -> initiator.initiate(c, new InetSocketAddress("::1", 500)).get(1, TimeUnit.SECONDS));
		assertTrue(family.getCause().getMessage().contains("is IPv6 but this engine's socket"), family.getCause().getMessage());
	}

	@Test
	void aResponderUnderLoadAsksForACookieFirst() throws Exception {
		responder.setCookieThreshold(0);
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		List<TraceEvent> responderTrace = new CopyOnWriteArrayList<>();
		responder.addListener(responderTrace::add);
		EstablishedSa sa = run(config(I, R, PSK, ike, "aes256gcm16"), config(R, I, PSK, ike, "aes256gcm16"),
				responder.localAddress())[0];
		assertEquals(1, sa.intermediateExchanges());
		assertTrue(responder.flushTrace(java.time.Duration.ofSeconds(5)));
		TraceEvent.Message first = responderTrace.stream().filter(e -> e instanceof TraceEvent.Message m
				&& m.direction() == TraceEvent.Direction.SENT).map(TraceEvent.Message.class::cast).findFirst().orElseThrow();
		assertEquals("IKE_SA_INIT response 0 [ N(COOKIE) ]", first.message().summary());
		assertEquals(0, responder.halfOpenCount(), "no state was kept for the cookie-less request");
	}

	@Test
	void transportModeWhenBothWantIt() throws Exception {
		String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
		EstablishedSa sa = run(config(I, R, PSK, ike, "aes256gcm16").withTransportMode(true),
				config(R, I, PSK, ike, "aes256gcm16").withTransportMode(true), responder.localAddress())[0];
		assertTrue(sa.children().get(0).transport());
		EstablishedSa tunnel = run(config(I, R, PSK, ike, "aes256gcm16").withTransportMode(true),
				config(R, I, PSK, ike, "aes256gcm16"), responder.localAddress())[0];
		assertTrue(!tunnel.children().get(0).transport(), "a responder that wants tunnel mode gets it");
	}

	@Test
	void ipv6Loopback() throws Exception {
		InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 0);
		try (Engine a = Engine.bind(v6, false); Engine b = Engine.bind(v6, false)) {
			String ike = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
			b.respondWith(config(R, I, PSK, ike, "aes256gcm16"));
			EstablishedSa sa = a.initiate(config(I, R, PSK, ike, "aes256gcm16"), b.localAddress()).get(20, TimeUnit.SECONDS);
			assertEquals(1, sa.intermediateExchanges());
			assertTrue(sa.peer().getAddress() instanceof java.net.Inet6Address);
		}
	}

	@Test
	void silenceEndsInATimeoutNamingTheRetransmissions() throws Exception {
		try (Engine deaf = Engine.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)) {
			IkeConfig i = config(I, R, PSK, "aes256gcm16-prfsha384-x25519", "aes256gcm16").withRetransmission(20, 3);
			ExecutionException e = assertThrows(ExecutionException.class,
					() -> initiator.initiate(i, deaf.localAddress()).get(10, TimeUnit.SECONDS));
			assertEquals("IKE_SA_INIT request 0: no response after 3 retransmissions", e.getCause().getMessage());
		}
	}
}
