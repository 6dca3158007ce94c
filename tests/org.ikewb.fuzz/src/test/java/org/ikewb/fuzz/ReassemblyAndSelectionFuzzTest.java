package org.ikewb.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ikewb.protocol.ProposalSelector;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.FragmentAssembler;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.ProtocolId;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fragment reassembly on hostile sequences of SKF payloads (numbers, totals, first-inner values,
 * sizes, repeats), and proposal selection on hostile SA payloads: no exception but the documented
 * one, and the reassembly buffer never holds more than its limits allow.
 */
class ReassemblyAndSelectionFuzzTest {

	private static final List<Payload.Proposal> OURS = List.of(
			ProposalSyntax.parse("aes256gcm16-prfsha384-x25519-ke1_mlkem768-ke1_none", ProtocolId.IKE, 1),
			ProposalSyntax.parse("aes256-sha256-prfsha256-ecp256-ke1_mlkem1024-ke2_mlkem768", ProtocolId.IKE, 2));

	@FuzzTest(maxDuration = "30s")
	void reassemble(FuzzedDataProvider data) {
		FragmentAssembler.Limits limits = new FragmentAssembler.Limits(16, 8 * 1024, 1_000_000_000L, 3);
		long[] clock = { 0 };
		FragmentAssembler assembler = new FragmentAssembler(limits, () -> clock[0]);
		int steps = data.consumeInt(1, 64);
		for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
			int messageId = data.consumeInt(0, 4);
			boolean response = data.consumeBoolean();
			IkeHeader header = IkeHeader.of(1, 2, ExchangeType.IKE_AUTH, response ? IkeHeader.FLAG_RESPONSE : 0, messageId);
			Payload.EncryptedFragment fragment = new Payload.EncryptedFragment(data.consumeInt(0, 60),
					data.consumeInt(0, 70), data.consumeInt(0, 70), Octets.EMPTY);
			Octets plaintext = Octets.of(data.consumeBytes(data.consumeInt(0, 3000)));
			try {
				assembler.add(header, fragment, plaintext);
			} catch (MalformedMessageException expected) {
				// refused with a reason: fine
			}
			clock[0] += data.consumeLong(0, 400_000_000L);
			if (data.consumeBoolean()) {
				assembler.expire();
			}
			assertTrue(assembler.bufferedBytes() <= limits.maxBytes(), "buffered " + assembler.bufferedBytes());
			assertTrue(assembler.pendingMessages() <= limits.maxMessages(), "pending " + assembler.pendingMessages());
		}
	}

	@FuzzTest(maxDuration = "30s")
	void selectProposal(byte[] saPayloadBody) {
		// an SA payload as a responder receives it: the generic header, then the proposals
		byte[] message = new byte[28 + 4 + saPayloadBody.length];
		IkeHeader.of(1, 0, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_INITIATOR, 0).withNextPayload(33)
				.withLength(message.length).writeTo(message, 0);
		int length = 4 + saPayloadBody.length;
		message[30] = (byte) (length >>> 8);
		message[31] = (byte) length;
		System.arraycopy(saPayloadBody, 0, message, 32, saPayloadBody.length);
		List<Payload.Proposal> offered;
		try {
			offered = org.ikewb.protocol.IkeCodec.decode(message).payloads().stream()
					.filter(Payload.Sa.class::isInstance).map(p -> ((Payload.Sa) p).proposals()).findFirst().orElse(List.of());
		} catch (MalformedMessageException expected) {
			return;
		}
		ProposalSelector.Result result = ProposalSelector.select(offered, OURS);
		if (result.matched()) {
			assertTrue(ProposalSelector.checkChoice(result.chosen(), offered) == null,
					"the selector's own choice passes the initiator's check");
		}
	}
}
