package org.ikewb.protocol;

import java.util.List;
import java.util.Optional;

/**
 * The payloads of RFC 7296 §3.2–3.16, RFC 7383 (SKF) and the unknown ones, as immutable values.
 * Each knows its type and writes its body (what follows the 4-octet generic header).
 */
public sealed interface Payload {

	PayloadType type();

	/** Writes the body, without the generic payload header. */
	void writeBody(WireWriter out);

	/** The short notation of summaries: {@code KE}, {@code N(COOKIE)}, {@code SK}. */
	default String summary() {
		return type().shortName();
	}

	// ------------------------------------------------------------------ SA (§3.3)

	/** A Transform Attribute (§3.3.5): TV form (2-octet value) or TLV form. */
	record Attribute(int attributeType, boolean tv, Octets value) {
		public static final int KEY_LENGTH = 14;

		public static Attribute keyLength(int bits) {
			return new Attribute(KEY_LENGTH, true, Octets.of(new byte[] { (byte) (bits >>> 8), (byte) bits }));
		}

		public int intValue() {
			int v = 0;
			for (int i = 0; i < value.length() && i < 4; i++) {
				v = (v << 8) | (value.get(i) & 0xff);
			}
			return v;
		}

		// written out as the record's own would be (see TransformType)
		@Override
		public boolean equals(Object o) {
			return o instanceof Attribute a && a.attributeType == attributeType && a.tv == tv && a.value.equals(value);
		}

		@Override
		public int hashCode() {
			return (attributeType * 31 + Boolean.hashCode(tv)) * 31 + value.hashCode();
		}
	}

	record Transform(TransformType transformType, int id, List<Attribute> attributes) {
		public Transform {
			attributes = List.copyOf(attributes);
		}

		public static Transform of(TransformType type, int id) {
			return new Transform(type, id, List.of());
		}

		/** The Key Length attribute in bits, or 0. */
		public int keyLength() {
			for (Attribute a : attributes) {
				if (a.attributeType() == Attribute.KEY_LENGTH && a.tv()) {
					return a.intValue();
				}
			}
			return 0;
		}

		@Override
		public String toString() {
			String name = switch (transformType.value()) {
			case 1 -> EncryptionAlgorithm.of(id).ianaName();
			case 2 -> PrfAlgorithm.of(id).ianaName();
			case 3 -> IntegrityAlgorithm.of(id).ianaName();
			case 4, 6, 7, 8, 9, 10, 11, 12 -> KeyExchangeMethod.of(id).ianaName();
			default -> Integer.toString(id);
			};
			return transformType.shortName() + ":" + name + (keyLength() > 0 ? "_" + keyLength() : "");
		}

		// written out as the record's own would be (see TransformType): proposal selection compares
		// transforms in every exchange's first message
		@Override
		public boolean equals(Object o) {
			return o instanceof Transform t && t.id == id && t.transformType.equals(transformType) && t.attributes.equals(attributes);
		}

		@Override
		public int hashCode() {
			return (transformType.hashCode() * 31 + id) * 31 + attributes.hashCode();
		}
	}

	record Proposal(int number, ProtocolId protocol, Octets spi, List<Transform> transforms) {
		public Proposal {
			transforms = List.copyOf(transforms);
		}

		/** The transforms of one type, in order. */
		public List<Transform> transformsOf(TransformType type) {
			// a loop, not a stream: proposal selection calls this for every type of every proposal
			List<Transform> of = null;
			for (Transform t : transforms) {
				if (t.transformType().equals(type)) {
					if (of == null) {
						of = new java.util.ArrayList<>(4);
					}
					of.add(t);
				}
			}
			return of == null ? List.of() : java.util.Collections.unmodifiableList(of);
		}
	}

	record Sa(List<Proposal> proposals) implements Payload {
		public Sa {
			proposals = List.copyOf(proposals);
		}

		@Override
		public PayloadType type() {
			return PayloadType.SA;
		}

		@Override
		public void writeBody(WireWriter out) {
			for (int p = 0; p < proposals.size(); p++) {
				Proposal proposal = proposals.get(p);
				int start = out.position();
				out.u8(p == proposals.size() - 1 ? 0 : 2).u8(0).u16(0).u8(proposal.number())
						.u8(proposal.protocol().value()).u8(proposal.spi().length())
						.u8(proposal.transforms().size()).bytes(proposal.spi());
				for (int t = 0; t < proposal.transforms().size(); t++) {
					Transform transform = proposal.transforms().get(t);
					int tStart = out.position();
					out.u8(t == proposal.transforms().size() - 1 ? 0 : 3).u8(0).u16(0)
							.u8(transform.transformType().value()).u8(0).u16(transform.id());
					for (Attribute a : transform.attributes()) {
						if (a.tv()) {
							out.u16(0x8000 | a.attributeType()).bytes(a.value());
						} else {
							out.u16(a.attributeType()).u16(a.value().length()).bytes(a.value());
						}
					}
					out.patchU16(tStart + 2, out.position() - tStart);
				}
				out.patchU16(start + 2, out.position() - start);
			}
		}
	}

	// ------------------------------------------------------------------ simple payloads

	/** Key Exchange (§3.4): the method and its KE data (public value, encapsulation key or ciphertext). */
	record Ke(KeyExchangeMethod method, Octets data) implements Payload {
		@Override
		public PayloadType type() {
			return PayloadType.KE;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.u16(method.value()).u16(0).bytes(data);
		}
	}

	record Nonce(Octets nonce) implements Payload {
		@Override
		public PayloadType type() {
			return PayloadType.NONCE;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.bytes(nonce);
		}
	}

	/** Notify (§3.10). {@code protocol} 0 when no SPI is concerned. */
	record Notify(int protocol, Octets spi, NotifyType notifyType, Octets data) implements Payload {
		public static Notify of(NotifyType type, Octets data) {
			return new Notify(0, Octets.EMPTY, type, data);
		}

		public static Notify of(NotifyType type) {
			return of(type, Octets.EMPTY);
		}

		@Override
		public PayloadType type() {
			return PayloadType.NOTIFY;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.u8(protocol).u8(spi.length()).u16(notifyType.value()).bytes(spi).bytes(data);
		}

		@Override
		public String summary() {
			return "N(" + notifyType.ianaName() + ")";
		}
	}

	/** IDi or IDr (§3.5). */
	record Id(PayloadType type, IdType idType, Octets data) implements Payload {
		@Override
		public void writeBody(WireWriter out) {
			out.u8(idType.value()).zeros(3).bytes(data);
		}

		/** The body octets: what prf(SK_px, IDx') is computed over (§2.15). */
		public Octets body() {
			WireWriter w = new WireWriter(4 + data.length());
			writeBody(w);
			return Octets.of(w.toByteArray());
		}
	}

	record Auth(AuthMethod method, Octets data) implements Payload {
		@Override
		public PayloadType type() {
			return PayloadType.AUTH;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.u8(method.value()).zeros(3).bytes(data);
		}
	}

	/** CERT (§3.6) or CERTREQ (§3.7): an encoding and its data. */
	record Cert(PayloadType type, CertificateEncoding encoding, Octets data) implements Payload {
		@Override
		public void writeBody(WireWriter out) {
			out.u8(encoding.value()).bytes(data);
		}
	}

	/** One traffic selector (§3.13.1); for unknown types {@code start} holds the raw address part. */
	record TrafficSelector(TsType tsType, int ipProtocol, int startPort, int endPort, Octets start, Octets end) {
	}

	/** TSi or TSr (§3.13). */
	record Ts(PayloadType type, List<TrafficSelector> selectors) implements Payload {
		public Ts {
			selectors = List.copyOf(selectors);
		}

		@Override
		public void writeBody(WireWriter out) {
			out.u8(selectors.size()).zeros(3);
			for (TrafficSelector s : selectors) {
				out.u8(s.tsType().value()).u8(s.ipProtocol()).u16(8 + s.start().length() + s.end().length())
						.u16(s.startPort()).u16(s.endPort()).bytes(s.start()).bytes(s.end());
			}
		}
	}

	record Delete(ProtocolId protocol, int spiSize, List<Octets> spis) implements Payload {
		public Delete {
			spis = List.copyOf(spis);
		}

		@Override
		public PayloadType type() {
			return PayloadType.DELETE;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.u8(protocol.value()).u8(spiSize).u16(spis.size());
			spis.forEach(out::bytes);
		}
	}

	record VendorId(Octets id) implements Payload {
		@Override
		public PayloadType type() {
			return PayloadType.VENDOR_ID;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.bytes(id);
		}
	}

	record ConfigAttribute(int attributeType, Octets value) {
	}

	/** Configuration (§3.15): CFG_REQUEST 1, CFG_REPLY 2, CFG_SET 3, CFG_ACK 4. */
	record Config(int configType, List<ConfigAttribute> attributes) implements Payload {
		public Config {
			attributes = List.copyOf(attributes);
		}

		@Override
		public PayloadType type() {
			return PayloadType.CP;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.u8(configType).zeros(3);
			for (ConfigAttribute a : attributes) {
				out.u16(a.attributeType() & 0x7fff).u16(a.value().length()).bytes(a.value());
			}
		}
	}

	/** EAP (§3.16), kept opaque. */
	record Eap(Octets message) implements Payload {
		@Override
		public PayloadType type() {
			return PayloadType.EAP;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.bytes(message);
		}
	}

	// ------------------------------------------------------------------ SK and SKF

	/**
	 * Encrypted and Authenticated (§3.14): {@code body} is IV | ciphertext | ICV; the payloads inside
	 * start with {@code firstInnerPayload}. The crypto layer seals and opens it.
	 */
	record Encrypted(int firstInnerPayload, Octets body) implements Payload {
		@Override
		public PayloadType type() {
			return PayloadType.SK;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.bytes(body);
		}
	}

	/** Encrypted Fragment (RFC 7383 §2.5); only fragment 1 names the first inner payload. */
	record EncryptedFragment(int firstInnerPayload, int number, int total, Octets body) implements Payload {
		public static final int HEADER = 4;

		@Override
		public PayloadType type() {
			return PayloadType.SKF;
		}

		@Override
		public void writeBody(WireWriter out) {
			out.u16(number).u16(total).bytes(body);
		}

		@Override
		public String summary() {
			return "SKF(" + number + "/" + total + ")";
		}
	}

	/** A payload type this code does not know (never critical: those are refused). */
	record Unknown(int typeValue, boolean critical, Octets body) implements Payload {
		@Override
		public PayloadType type() {
			return PayloadType.of(typeValue);
		}

		@Override
		public void writeBody(WireWriter out) {
			out.bytes(body);
		}
	}

	/** The first payload of a type in a list, if any. */
	static <P extends Payload> Optional<P> first(List<Payload> payloads, Class<P> kind) {
		return payloads.stream().filter(kind::isInstance).map(kind::cast).findFirst();
	}
}
