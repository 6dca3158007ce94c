package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 8784 post-quantum preshared keys and RFC 6023 childless IKE SAs, our engine against itself
 * over loopback UDP: what goes on the wire, which keys both sides end with, and every way a PPK
 * can be missing on one side (refused or fallen back exactly as each side's configuration says).
 */
class PpkAndChildlessTest {

	private static final byte[] PSK = "ppk-test-psk-0123456789".getBytes(StandardCharsets.US_ASCII);
	private static final IkeConfig.Identity I = IkeConfig.Identity.fqdn("initiator.test");
	private static final IkeConfig.Identity R = IkeConfig.Identity.fqdn("responder.test");
	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private static final byte[] PQ1 = Octets.fromHex("8a2c41f0e7b3d9561c0f4e2a9b7d3c5e81f6a0b2c4d6e8f0123456789abcdef0")
			.toByteArray();

	private Engine initiator;
	private Engine responder;
	private final List<TraceEvent> initiatorTrace = new CopyOnWriteArrayList<>();
	private final List<TraceEvent> responderTrace = new CopyOnWriteArrayList<>();

	@BeforeEach
	void bind() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		initiator = Engine.bind(any, true);
		responder = Engine.bind(any, true);
		initiator.addListener(initiatorTrace::add);
		responder.addListener(responderTrace::add);
	}

	@AfterEach
	void close() {
		initiator.close();
		responder.close();
	}

	private static IkeConfig config(IkeConfig.Identity local, IkeConfig.Identity remote) {
		return IkeConfig.psk(local, remote, () -> PSK.clone(), IKE, "aes256gcm16").withRetransmission(200, 3);
	}

	private static IkeConfig.Ppk.Key key(String id, byte[] value) {
		return new IkeConfig.Ppk.Key(Octets.of(id.getBytes(StandardCharsets.US_ASCII)), () -> value.clone());
	}

	private static IkeConfig.Ppk ppk(boolean required, IkeConfig.Ppk.Key... keys) {
		return new IkeConfig.Ppk(List.of(keys), required);
	}

	private EstablishedSa run(IkeConfig i, IkeConfig r) throws Exception {
		responder.respondWith(r);
		return initiator.initiate(i, responder.localAddress()).get(20, TimeUnit.SECONDS);
	}

	private EstablishedSa responderSa() throws Exception {
		assertTrue(responder.flushTrace(Duration.ofSeconds(5)));
		List<EstablishedSa> all = responder.established().get(5, TimeUnit.SECONDS);
		assertEquals(1, all.size(), "one IKE SA on the responder");
		return all.get(0);
	}

	/** The inner payloads of our IKE_AUTH request (index 0) or response (1), as the initiator traced them. */
	private List<Payload> ikeAuth(int which) throws Exception {
		assertTrue(initiator.flushTrace(Duration.ofSeconds(5)));
		return initiatorTrace.stream().filter(e -> e instanceof TraceEvent.Message m
				&& m.message().header().exchangeType().equals(ExchangeType.IKE_AUTH)).map(e -> ((TraceEvent.Message) e).inner())
				.toList().get(which);
	}

	private static Octets notifyData(List<Payload> payloads, NotifyType type) {
		return payloads.stream().filter(p -> p instanceof Payload.Notify n && n.notifyType().equals(type))
				.map(p -> ((Payload.Notify) p).data()).findFirst().orElse(null);
	}

	/** The initiator's keys before and after the PPK: the last two KeysDerived events of generation 1. */
	private List<IkeSaKeys> initiatorKeys() throws Exception {
		assertTrue(initiator.flushTrace(Duration.ofSeconds(5)));
		return initiatorTrace.stream().filter(e -> e instanceof TraceEvent.KeysDerived).map(e -> ((TraceEvent.KeysDerived) e).keys())
				.toList();
	}

	@Test
	void bothSidesMixTheSamePpkAndEndWithTheSameKeys() throws Exception {
		EstablishedSa sa = run(config(I, R).withPpk(ppk(false, key("pq-1", PQ1))),
				config(R, I).withPpk(ppk(false, key("other", new byte[32]), key("pq-1", PQ1))));
		assertEquals("pq-1", new String(sa.ppkId().toByteArray(), StandardCharsets.US_ASCII));
		EstablishedSa theirs = responderSa();
		assertEquals(sa.ppkId(), theirs.ppkId(), "the responder took the PPK the initiator named, not its first");
		assertEquals(sa.keys().skD(), theirs.keys().skD());
		assertEquals(sa.keys().skPi(), theirs.keys().skPi());
		assertEquals(sa.children().get(0).keys(), theirs.children().get(0).keys(), "Child SA keys come from the mixed SK_d");

		// RFC 8784 §3: SK_d, SK_pi, SK_pr = prf+(PPK, old); SK_e and SK_a as they were
		List<IkeSaKeys> keys = initiatorKeys();
		IkeSaKeys before = keys.get(keys.size() - 2);
		IkeSaKeys after = keys.get(keys.size() - 1);
		assertEquals(before.generation(), after.generation(), "a PPK is no key exchange");
		IkeSaKeys expected = KeySchedule.withPpk(before, PQ1);
		assertEquals(expected.skD(), after.skD());
		assertEquals(expected.skPi(), after.skPi());
		assertEquals(expected.skPr(), after.skPr());
		assertNotEquals(before.skD(), after.skD());
		assertEquals(before.skEi(), after.skEi());
		assertEquals(after.skD(), sa.keys().skD());

		// on the wire: PPK_IDENTITY = PPK_ID_FIXED | id and NO_PPK_AUTH (optional PPK); an empty PPK_IDENTITY back
		assertEquals(Octets.concat(Octets.fromHex("02"), Octets.of("pq-1".getBytes(StandardCharsets.US_ASCII))),
				notifyData(ikeAuth(0), NotifyType.PPK_IDENTITY));
		assertTrue(notifyData(ikeAuth(0), NotifyType.NO_PPK_AUTH).length() >= 48, "NO_PPK_AUTH: a PRF-SHA384 AUTH");
		assertEquals(0, notifyData(ikeAuth(1), NotifyType.PPK_IDENTITY).length());
		// and the PPK itself is nowhere in the trace
		String traced = initiatorTrace.toString() + responderTrace;
		assertFalse(traced.contains(Octets.of(PQ1).hex()), "the PPK's value is never traced");
	}

	@Test
	void aRequiredPpkSendsNoFallbackAndAResponderWithoutItRefuses() throws Exception {
		ExecutionException e = assertThrows(ExecutionException.class, () -> run(
				config(I, R).withPpk(ppk(true, key("pq-1", PQ1))), config(R, I).withPpk(ppk(false, key("other", PQ1)))));
		assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
		assertTrue(e.getCause().getMessage().contains("PPK 'pq-1', required"), e.getCause().getMessage());
		assertNull(notifyData(ikeAuth(0), NotifyType.NO_PPK_AUTH), "required: no NO_PPK_AUTH");
		assertTrue(responder.flushTrace(Duration.ofSeconds(5)));
		assertTrue(responderTrace.stream().anyMatch(t -> t instanceof TraceEvent.Error er
				&& er.reason().contains("named PPK 'pq-1', which we do not have, and sent no NO_PPK_AUTH")), responderTrace::toString);
	}

	@Test
	void anOptionalPpkFallsBackToNoPpkAuthWhenTheResponderLacksIt() throws Exception {
		EstablishedSa sa = run(config(I, R).withPpk(ppk(false, key("pq-1", PQ1))),
				config(R, I).withPpk(ppk(false, key("other", PQ1))));
		assertNull(sa.ppkId());
		EstablishedSa theirs = responderSa();
		assertNull(theirs.ppkId());
		assertEquals(sa.keys().skD(), theirs.keys().skD(), "both sides use the keys without a PPK");
		List<IkeSaKeys> keys = initiatorKeys();
		assertEquals(keys.get(keys.size() - 3).skD(), sa.keys().skD(), "the initiator went back to its keys before the PPK");
		assertNull(notifyData(ikeAuth(1), NotifyType.PPK_IDENTITY));
	}

	@Test
	void aResponderThatRequiresAPpkRefusesAnInitiatorWithout() throws Exception {
		ExecutionException e = assertThrows(ExecutionException.class,
				() -> run(config(I, R), config(R, I).withPpk(ppk(true, key("pq-1", PQ1)))));
		assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
		assertTrue(responder.flushTrace(Duration.ofSeconds(5)));
		assertTrue(responderTrace.stream().anyMatch(t -> t instanceof TraceEvent.Error er
				&& er.reason().contains("does not support PPKs (no USE_PPK), and a PPK is required")), responderTrace::toString);
	}

	@Test
	void aResponderWithoutPpkSupport() throws Exception {
		// optional: an SA without a PPK, said so
		EstablishedSa sa = run(config(I, R).withPpk(ppk(false, key("pq-1", PQ1))), config(R, I));
		assertNull(sa.ppkId());
		assertNull(notifyData(ikeAuth(0), NotifyType.PPK_IDENTITY), "USE_PPK was not answered: no PPK named");
		// required: refused before IKE_AUTH, with what to do
		ExecutionException e = assertThrows(ExecutionException.class,
				() -> initiator.initiate(config(I, R).withPpk(ppk(true, key("pq-1", PQ1))), responder.localAddress())
						.get(20, TimeUnit.SECONDS));
		assertTrue(e.getCause().getMessage().contains("does not support post-quantum preshared keys (no USE_PPK"),
				e.getCause().getMessage());
	}

	@Test
	void theSamePpkIdWithAnotherValueFailsAuthentication() {
		byte[] wrong = PQ1.clone();
		wrong[0] ^= 1;
		ExecutionException e = assertThrows(ExecutionException.class, () -> run(
				config(I, R).withPpk(ppk(true, key("pq-1", PQ1))), config(R, I).withPpk(ppk(true, key("pq-1", wrong)))));
		assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
	}

	@Test
	void aRekeyedIkeSaKeepsItsPpk() throws Exception {
		EstablishedSa sa = run(config(I, R).withPpk(ppk(true, key("pq-1", PQ1))),
				config(R, I).withPpk(ppk(true, key("pq-1", PQ1))));
		EstablishedSa next = initiator.rekeyIke(sa).get(20, TimeUnit.SECONDS);
		assertEquals(sa.ppkId(), next.ppkId());
		assertTrue(responder.flushTrace(Duration.ofSeconds(5)));
		EstablishedSa theirs = responder.established().get(5, TimeUnit.SECONDS).stream()
				.filter(r -> r.initiatorSpi() == next.initiatorSpi()).findFirst().orElseThrow();
		assertEquals(next.keys().skD(), theirs.keys().skD());
		assertEquals(next.ppkId(), theirs.ppkId());
	}

	@Test
	void aChildlessIkeSaGetsItsChildSaLaterByCreateChildSa() throws Exception {
		EstablishedSa sa = run(config(I, R).withChildless(true), config(R, I));
		assertEquals(List.of(), sa.children());
		List<Payload> request = ikeAuth(0);
		assertTrue(request.stream().noneMatch(p -> p.type().equals(PayloadType.SA) || p.type().equals(PayloadType.TSI)
				|| p.type().equals(PayloadType.TSR)), "IKE_AUTH without SA, TSi, TSr: " + request);
		assertEquals(List.of(), responderSa().children());

		EstablishedSa.Child child = initiator.createChild(sa).get(20, TimeUnit.SECONDS);
		EstablishedSa theirs = responderSa();
		assertEquals(1, theirs.children().size());
		assertEquals(child.keys(), theirs.children().get(0).keys());
		assertEquals(child.inboundSpi(), theirs.children().get(0).outboundSpi());
	}

	@Test
	void childlessAndPpkTogether() throws Exception {
		EstablishedSa sa = run(config(I, R).withChildless(true).withPpk(ppk(false, key("pq-1", PQ1))),
				config(R, I).withPpk(ppk(false, key("pq-1", PQ1))));
		assertEquals(List.of(), sa.children(), "childless and PPK together");
		assertEquals("pq-1", new String(sa.ppkId().toByteArray(), StandardCharsets.US_ASCII));
	}
}
