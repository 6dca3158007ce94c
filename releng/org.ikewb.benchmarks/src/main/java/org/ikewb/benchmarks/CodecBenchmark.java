package org.ikewb.benchmarks;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.crypto.SkProtection;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.FragmentAssembler;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.MalformedMessageException;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.PrfAlgorithm;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wire codec cost: an IKE_SA_INIT with an ADDKE list (decode + encode), and an IKE_INTERMEDIATE
 * carrying ML-KEM-1024 that arrives in fragments (decode of every fragment, and the full receive
 * path: decode, open with AES-GCM-256, reassemble, decode the inner payloads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {

	private byte[] ikeSaInit;
	private List<byte[]> fragments;
	private IkeSaKeys keys;

	@Setup
	public void setUp() {
		SecureRandom random = new SecureRandom();
		List<Payload.Transform> transforms = new ArrayList<>();
		transforms.add(new Payload.Transform(TransformType.ENCR, EncryptionAlgorithm.AES_GCM_16.value(),
				List.of(Payload.Attribute.keyLength(256))));
		transforms.add(Payload.Transform.of(TransformType.PRF, PrfAlgorithm.HMAC_SHA2_384.value()));
		transforms.add(Payload.Transform.of(TransformType.KE, KeyExchangeMethod.CURVE25519.value()));
		transforms.add(Payload.Transform.of(TransformType.KE, KeyExchangeMethod.ECP_384.value()));
		for (int round = 1; round <= 3; round++) {
			for (KeyExchangeMethod m : List.of(KeyExchangeMethod.ML_KEM_768, KeyExchangeMethod.ML_KEM_1024,
					KeyExchangeMethod.NONE)) {
				transforms.add(Payload.Transform.of(TransformType.additionalKeyExchange(round), m.value()));
			}
		}
		byte[] ke = new byte[32];
		byte[] nonce = new byte[32];
		random.nextBytes(ke);
		random.nextBytes(nonce);
		ikeSaInit = IkeCodec.encode(new IkeMessage(
				IkeHeader.of(random.nextLong(), 0, ExchangeType.IKE_SA_INIT, IkeHeader.FLAG_INITIATOR, 0),
				List.of(new Payload.Sa(List.of(new Payload.Proposal(1, ProtocolId.IKE, Octets.EMPTY, transforms))),
						new Payload.Ke(KeyExchangeMethod.CURVE25519, Octets.of(ke)), new Payload.Nonce(Octets.of(nonce)),
						Payload.Notify.of(NotifyType.NAT_DETECTION_SOURCE_IP, Octets.of(new byte[20])),
						Payload.Notify.of(NotifyType.NAT_DETECTION_DESTINATION_IP, Octets.of(new byte[20])),
						Payload.Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED),
						Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED))));

		byte[] seed = new byte[48];
		random.nextBytes(seed);
		keys = KeySchedule.derive(0, Prf.of(PrfAlgorithm.HMAC_SHA2_384), EncryptionAlgorithm.AES_GCM_16, 256,
				IntegrityAlgorithm.NONE, Octets.of(seed), Octets.of(nonce), Octets.of(nonce), 1, 2);
		byte[] ek = new byte[1568];
		random.nextBytes(ek);
		byte[] inner = IkeCodec.encodeChain(List.of(new Payload.Ke(KeyExchangeMethod.ML_KEM_1024, Octets.of(ek))));
		fragments = SkProtection.sealFragments(
				IkeHeader.of(1, 2, ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_INITIATOR, 1),
				PayloadType.KE.value(), inner, keys, 1280, random);
	}

	@Benchmark
	public byte[] ikeSaInitDecodeEncode() throws MalformedMessageException {
		return IkeCodec.encode(IkeCodec.decode(ikeSaInit));
	}

	@Benchmark
	public int fragmentedIntermediateDecodeEncode() throws MalformedMessageException {
		int total = 0;
		for (byte[] fragment : fragments) {
			total += IkeCodec.encode(IkeCodec.decode(fragment)).length;
		}
		return total;
	}

	@Benchmark
	public List<Payload> fragmentedIntermediateReceive() throws Exception {
		FragmentAssembler assembler = new FragmentAssembler();
		FragmentAssembler.Assembled whole = null;
		for (byte[] fragment : fragments) {
			IkeMessage m = IkeCodec.decode(fragment);
			whole = assembler.add(m.header(), m.first(Payload.EncryptedFragment.class).orElseThrow(),
					Octets.of(SkProtection.open(fragment, m, keys))).orElse(whole);
		}
		return IkeCodec.decodeInner(whole.firstInnerPayload(), whole.plaintext().toByteArray(), 0);
	}
}
