package org.ikewb.launch;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.ikewb.engine.TraceEvent;
import org.ikewb.model.negotiation.Prediction;
import org.ikewb.protocol.DecodedDatagram;
import org.ikewb.protocol.DecodedMessage;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;

/**
 * A predicted negotiation as the trace a live run emits, so that the sequence view, its inspector and
 * its exports draw a prediction with the code that draws a run: each predicted message is encoded
 * once (protected ones as SK or SKF payloads of the predicted lengths, their contents zeros) and
 * decoded once with fields, its inner payloads and their fields alongside. Times are one millisecond
 * apart; SPIs are fixed placeholders ({@code 0x1…} initiator, {@code 0x2…} responder), as nothing
 * was sent.
 */
public final class PredictedTrace {

	public static final long INITIATOR_SPI = 0x1111_1111_1111_1111L;
	public static final long RESPONDER_SPI = 0x2222_2222_2222_2222L;

	private PredictedTrace() {
	}

	/**
	 * The events of {@code p} as the initiator's engine would emit them: its messages SENT, the
	 * responder's RECEIVED, key generations where they start.
	 */
	public static List<TraceEvent> events(Prediction p, InetSocketAddress initiator, InetSocketAddress responder) {
		List<TraceEvent> out = new ArrayList<>();
		Instant time = Instant.EPOCH;
		int generation = -1;
		boolean answered = false;
		for (Prediction.Step step : p.steps()) {
			time = time.plusMillis(1);
			if (step instanceof Prediction.Keys k) {
				generation = k.generation();
				out.add(new TraceEvent.KeysDerived(time, INITIATOR_SPI, RESPONDER_SPI, k.generation(), k.cause(), null));
				continue;
			}
			Prediction.Message m = (Prediction.Message) step;
			// IKE_SA_INIT requests carry no responder SPI; its answer (and everything after) does
			long spiR = m.exchange().equals(ExchangeType.IKE_SA_INIT) && !m.response() && !answered ? 0 : RESPONDER_SPI;
			if (m.exchange().equals(ExchangeType.IKE_SA_INIT) && m.response()) {
				answered = m.payloads().stream().anyMatch(Payload.Sa.class::isInstance);
			}
			int flags = m.response() ? IkeHeader.FLAG_RESPONSE : IkeHeader.FLAG_INITIATOR;
			IkeHeader header = IkeHeader.of(INITIATOR_SPI, spiR, m.exchange(), flags, (int) m.messageId());
			out.add(new TraceEvent.Message(time, INITIATOR_SPI,
					m.response() ? TraceEvent.Direction.RECEIVED : TraceEvent.Direction.SENT, initiator, responder,
					decoded(header, m), m.protectedMessage() ? generation : -1, false));
		}
		return out;
	}

	private static DecodedMessage decoded(IkeHeader header, Prediction.Message m) {
		try {
			if (!m.protectedMessage()) {
				return DecodedMessage.plain(IkeCodec.decodeDatagram(IkeCodec.encode(new IkeMessage(header, m.payloads())), true));
			}
			byte[] plaintext = IkeCodec.encodeChain(m.payloads());
			int first = m.payloads().isEmpty() ? PayloadType.NONE : m.payloads().get(0).type().value();
			List<DecodedDatagram> datagrams = new ArrayList<>();
			int total = m.datagrams().size();
			for (int n = 1; n <= total; n++) {
				int length = m.datagrams().get(n - 1);
				Payload sealed = total == 1
						? new Payload.Encrypted(first, Octets.of(new byte[length - IkeHeader.SIZE - 4]))
						: new Payload.EncryptedFragment(n == 1 ? first : PayloadType.NONE, n, total,
								Octets.of(new byte[length - IkeHeader.SIZE - 4 - Payload.EncryptedFragment.HEADER]));
				datagrams.add(IkeCodec.decodeDatagram(IkeCodec.encode(new IkeMessage(header, List.of(sealed))), true));
			}
			IkeCodec.InnerPayloads inner = IkeCodec.decodeInnerWithFields(first, plaintext);
			return new DecodedMessage(datagrams, Octets.of(plaintext), inner.payloads(), inner.fields());
		} catch (MalformedMessageException e) {
			// the simulator builds every payload with the codec's own types: a failure here is our defect
			throw new IllegalStateException("a predicted " + m.exchange() + " does not decode: " + e.getMessage(), e);
		}
	}
}
