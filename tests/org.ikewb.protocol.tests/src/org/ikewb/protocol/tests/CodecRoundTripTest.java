package org.ikewb.protocol.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import org.ikewb.protocol.AuthMethod;
import org.ikewb.protocol.CertificateEncoding;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IdType;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TransformType;
import org.ikewb.protocol.TsType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every payload type survives encode → decode → encode unchanged, unknown values included. */
class CodecRoundTripTest {

	static final IkeHeader HEADER = IkeHeader.of(0x0123456789abcdefL, 0, ExchangeType.IKE_SA_INIT,
			IkeHeader.FLAG_INITIATOR, 0);

	static Octets bytes(int n, int seed) {
		byte[] b = new byte[n];
		for (int i = 0; i < n; i++) {
			b[i] = (byte) (seed + 31 * i);
		}
		return Octets.of(b);
	}

	static Stream<Payload> payloads() {
		Payload.Proposal ike = new Payload.Proposal(1, ProtocolId.IKE, Octets.EMPTY, List.of(
				new Payload.Transform(TransformType.ENCR, EncryptionAlgorithm.AES_GCM_16.value(),
						List.of(Payload.Attribute.keyLength(256))),
				Payload.Transform.of(TransformType.PRF, 6),
				Payload.Transform.of(TransformType.KE, KeyExchangeMethod.CURVE25519.value()),
				Payload.Transform.of(TransformType.ADDKE1, KeyExchangeMethod.ML_KEM_768.value()),
				Payload.Transform.of(TransformType.ADDKE1, KeyExchangeMethod.NONE.value()),
				new Payload.Transform(TransformType.of(99), 7, List.of(new Payload.Attribute(300, false, bytes(5, 1))))));
		Payload.Proposal esp = new Payload.Proposal(2, ProtocolId.ESP, bytes(4, 9), List.of(
				Payload.Transform.of(TransformType.ENCR, 20), Payload.Transform.of(TransformType.ESN, 0)));
		return Stream.of(
				new Payload.Sa(List.of(ike, esp)),
				new Payload.Ke(KeyExchangeMethod.ML_KEM_1024, bytes(1568, 3)),
				new Payload.Ke(KeyExchangeMethod.of(4711), bytes(10, 4)),
				new Payload.Nonce(bytes(32, 5)),
				Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED),
				new Payload.Notify(3, bytes(4, 6), NotifyType.REKEY_SA, Octets.EMPTY),
				Payload.Notify.of(NotifyType.of(40000), bytes(3, 7)),
				new Payload.Id(PayloadType.IDI, IdType.FQDN, Octets.of("branch1.example.net".getBytes())),
				new Payload.Id(PayloadType.IDR, IdType.IPV6_ADDR, bytes(16, 8)),
				new Payload.Auth(AuthMethod.SHARED_KEY_MIC, bytes(48, 9)),
				new Payload.Cert(PayloadType.CERT, CertificateEncoding.X509_SIGNATURE, bytes(300, 10)),
				new Payload.Cert(PayloadType.CERTREQ, CertificateEncoding.X509_SIGNATURE, bytes(20, 11)),
				new Payload.Ts(PayloadType.TSI, List.of(
						new Payload.TrafficSelector(TsType.IPV4_ADDR_RANGE, 0, 0, 65535, bytes(4, 12), bytes(4, 13)),
						new Payload.TrafficSelector(TsType.IPV6_ADDR_RANGE, 17, 500, 500, bytes(16, 14), bytes(16, 15)))),
				new Payload.Ts(PayloadType.TSR, List.of(
						new Payload.TrafficSelector(TsType.of(9), 6, 1, 2, bytes(6, 16), Octets.EMPTY))),
				new Payload.Delete(ProtocolId.ESP, 4, List.of(bytes(4, 17), bytes(4, 18))),
				new Payload.Delete(ProtocolId.IKE, 0, List.of()),
				new Payload.VendorId(bytes(16, 19)),
				new Payload.Config(1, List.of(new Payload.ConfigAttribute(1, Octets.EMPTY),
						new Payload.ConfigAttribute(3, bytes(4, 20)))),
				new Payload.Eap(bytes(9, 21)),
				new Payload.Unknown(200, false, bytes(7, 22)));
	}

	@ParameterizedTest
	@MethodSource("payloads")
	void payloadRoundTrips(Payload payload) throws Exception {
		IkeMessage message = new IkeMessage(HEADER, List.of(payload, new Payload.Nonce(bytes(16, 1))));
		byte[] wire = IkeCodec.encode(message);
		IkeMessage decoded = IkeCodec.decode(wire);
		assertEquals(payload, decoded.payloads().get(0));
		assertEquals(wire.length, decoded.header().length());
		assertArrayEquals(wire, IkeCodec.encode(decoded));
	}

	@Test
	void encryptedPayloadsEndTheChainAndNameTheirFirstInnerPayload() throws Exception {
		IkeHeader header = IkeHeader.of(1, 2, ExchangeType.IKE_INTERMEDIATE, IkeHeader.FLAG_INITIATOR, 1);
		Payload.Encrypted sk = new Payload.Encrypted(PayloadType.KE.value(), bytes(100, 2));
		IkeMessage decoded = IkeCodec.decode(IkeCodec.encode(new IkeMessage(header, List.of(sk))));
		assertEquals(sk, decoded.payloads().get(0));
		assertEquals(PayloadType.SK.value(), decoded.header().nextPayload());

		Payload.EncryptedFragment skf = new Payload.EncryptedFragment(0, 2, 3, bytes(60, 3));
		assertEquals(skf, IkeCodec.decode(IkeCodec.encode(new IkeMessage(header, List.of(skf)))).payloads().get(0));
	}

	@Test
	void nonEspMarkerPrecedesMessagesOnPort4500() throws Exception {
		byte[] wire = IkeCodec.encode(new IkeMessage(HEADER, List.of(new Payload.Nonce(bytes(32, 1)))));
		byte[] natT = new byte[wire.length + 4];
		System.arraycopy(wire, 0, natT, 4, wire.length);
		assertEquals(IkeCodec.decode(wire), IkeCodec.decodeNatT(natT));
	}

	@Test
	void summaryReadsLikeStrongSwansLog() throws Exception {
		IkeMessage m = new IkeMessage(HEADER, List.of(new Payload.Sa(List.of()),
				new Payload.Ke(KeyExchangeMethod.CURVE25519, bytes(32, 1)), new Payload.Nonce(bytes(32, 2)),
				Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED)));
		assertEquals("IKE_SA_INIT request 0 [ SA KE No N(INTERMEDIATE_EXCHANGE_SUPPORTED) ]", m.summary());
	}
}
