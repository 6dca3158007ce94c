package org.ikewb.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.FragmentAssembler;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.junit.jupiter.api.Test;

class FragmentAssemblerTest {

	private static final IkeHeader REQUEST = IkeHeader.of(1, 2, ExchangeType.IKE_FOLLOWUP_KE, IkeHeader.FLAG_INITIATOR, 4);
	private final AtomicLong now = new AtomicLong();

	private FragmentAssembler assembler(int maxFragments, int maxBytes) {
		return new FragmentAssembler(new FragmentAssembler.Limits(maxFragments, maxBytes, 1_000_000_000L, 2), now::get);
	}

	private static Payload.EncryptedFragment skf(int number, int total) {
		return new Payload.EncryptedFragment(number == 1 ? PayloadType.KE.value() : 0, number, total, Octets.EMPTY);
	}

	private static Octets part(int n) {
		return Octets.of(new byte[] { (byte) n, (byte) n });
	}

	@Test
	void outOfOrderAndDuplicatedFragmentsReassemble() throws Exception {
		FragmentAssembler a = assembler(8, 1000);
		assertTrue(a.add(REQUEST, skf(3, 3), part(3)).isEmpty());
		assertTrue(a.add(REQUEST, skf(1, 3), part(1)).isEmpty());
		assertTrue(a.add(REQUEST, skf(3, 3), part(3)).isEmpty(), "a duplicate is ignored");
		Optional<FragmentAssembler.Assembled> done = a.add(REQUEST, skf(2, 3), part(2));
		assertEquals(Octets.fromHex("010102020303"), done.orElseThrow().plaintext());
		assertEquals(PayloadType.KE.value(), done.get().firstInnerPayload());
		assertEquals(0, a.bufferedBytes());
		assertEquals(0, a.pendingMessages());
	}

	@Test
	void theDatagramsComeBackInFragmentOrderAndCount() throws Exception {
		FragmentAssembler a = assembler(8, 1000);
		var wire2 = new org.ikewb.protocol.DecodedDatagram(Octets.fromHex("aa02"), null, java.util.List.of());
		var wire1 = new org.ikewb.protocol.DecodedDatagram(Octets.fromHex("aa01"), null, java.util.List.of());
		assertTrue(a.add(REQUEST, skf(2, 2), part(2), wire2).isEmpty());
		assertEquals(4, a.bufferedBytes(), "decrypted fragment and datagram");
		FragmentAssembler.Assembled done = a.add(REQUEST, skf(1, 2), part(1), wire1).orElseThrow();
		assertEquals(java.util.List.of(wire1, wire2), done.datagrams());
		assertEquals(0, a.bufferedBytes());
	}

	@Test
	void aLargerTotalRestartsASmallerOneIsIgnored() throws Exception {
		FragmentAssembler a = assembler(8, 1000);
		a.add(REQUEST, skf(1, 2), part(1));
		assertTrue(a.add(REQUEST, skf(1, 3), part(1)).isEmpty());
		assertEquals(2, a.bufferedBytes(), "the coarser fragment was dropped");
		assertTrue(a.add(REQUEST, skf(2, 2), part(9)).isEmpty(), "a stale fragment is ignored");
		a.add(REQUEST, skf(2, 3), part(2));
		assertEquals(Octets.fromHex("010102020303"), a.add(REQUEST, skf(3, 3), part(3)).orElseThrow().plaintext());
	}

	@Test
	void limitsBoundWhatAPeerCanMakeUsBuffer() throws Exception {
		FragmentAssembler a = assembler(4, 5);
		MalformedMessageException tooMany = assertThrows(MalformedMessageException.class,
				() -> a.add(REQUEST, skf(1, 5), part(1)));
		assertTrue(tooMany.rule().contains("announces 5 fragments, more than the 4 accepted"));
		assertNull(tooMany.answer(), "dropped, not answered");
		a.add(REQUEST, skf(1, 4), part(1));
		a.add(REQUEST, skf(2, 4), part(2));
		MalformedMessageException tooBig = assertThrows(MalformedMessageException.class,
				() -> a.add(REQUEST, skf(3, 4), part(3)));
		assertTrue(tooBig.rule().contains("more than 5 octets"));
		assertEquals(0, a.bufferedBytes(), "the partial message is gone");

		FragmentAssembler b = assembler(4, 100);
		b.add(REQUEST, skf(1, 2), part(1));
		b.add(IkeHeader.of(1, 2, ExchangeType.IKE_FOLLOWUP_KE, IkeHeader.FLAG_INITIATOR, 5), skf(1, 2), part(1));
		assertThrows(MalformedMessageException.class,
				() -> b.add(IkeHeader.of(1, 2, ExchangeType.IKE_FOLLOWUP_KE, IkeHeader.FLAG_INITIATOR, 6), skf(1, 2), part(1)));
	}

	@Test
	void partialMessagesExpire() throws Exception {
		FragmentAssembler a = assembler(8, 1000);
		a.add(REQUEST, skf(1, 2), part(1));
		now.addAndGet(2_000_000_000L);
		a.expire();
		assertEquals(0, a.pendingMessages());
		assertEquals(0, a.bufferedBytes());
		assertTrue(a.add(REQUEST, skf(2, 2), part(2)).isEmpty(), "fragment 1 is gone, so nothing completes");
	}
}
