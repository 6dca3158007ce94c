package org.ikewb.protocol;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.protocol.IkeCodec.Reader;

/** Decoders of the payload bodies; each checks every length against the bounds it was given. */
final class PayloadCodec {

	private PayloadCodec() {
	}

	static Payload decodeBody(Reader in, PayloadType type, int at, int end) throws MalformedMessageException {
		Payload p = decodeBodyOnly(in, type, at, end);
		if (in.fields != null) {
			bodyFields(in.fields, p, at, end);
		}
		return p;
	}

	private static Payload decodeBodyOnly(Reader in, PayloadType type, int at, int end) throws MalformedMessageException {
		byte[] d = in.data;
		return switch (type.value()) {
		case 33 -> decodeSa(in, at, end);
		case 34 -> {
			need(in, type, at, end, 4);
			yield new Payload.Ke(KeyExchangeMethod.of(Wire.u16(d, at)), Octets.of(d, at + 4, end - at - 4));
		}
		case 35, 36 -> {
			need(in, type, at, end, 4);
			yield new Payload.Id(type, IdType.of(Wire.u8(d, at)), Octets.of(d, at + 4, end - at - 4));
		}
		case 37, 38 -> {
			need(in, type, at, end, 1);
			yield new Payload.Cert(type, CertificateEncoding.of(Wire.u8(d, at)), Octets.of(d, at + 1, end - at - 1));
		}
		case 39 -> {
			need(in, type, at, end, 4);
			yield new Payload.Auth(AuthMethod.of(Wire.u8(d, at)), Octets.of(d, at + 4, end - at - 4));
		}
		case 40 -> new Payload.Nonce(Octets.of(d, at, end - at));
		case 41 -> decodeNotify(in, at, end);
		case 42 -> decodeDelete(in, at, end);
		case 43 -> new Payload.VendorId(Octets.of(d, at, end - at));
		case 44, 45 -> decodeTs(in, type, at, end);
		case 47 -> decodeConfig(in, at, end);
		case 48 -> new Payload.Eap(Octets.of(d, at, end - at));
		default -> throw new IllegalStateException("no decoder for " + type);
		};
	}

	static Payload decodeEncrypted(Reader in, int type, int firstInner, int at, int end)
			throws MalformedMessageException {
		FieldRecorder f = in.fields;
		if (type == PayloadType.SK.value()) {
			if (f != null) {
				f.field("Encrypted and authenticated data", at, end, "IV, encrypted payloads and padding, ICV: "
						+ PayloadDescriptions.octets(end - at));
			}
			return new Payload.Encrypted(firstInner, Octets.of(in.data, at, end - at));
		}
		need(in, PayloadType.SKF, at, end, Payload.EncryptedFragment.HEADER);
		int number = Wire.u16(in.data, at);
		int total = Wire.u16(in.data, at + 2);
		if (total == 0) {
			throw in.error(at + 2, "SKF total fragments is 0");
		}
		if (number == 0 || number > total) {
			throw in.error(at, "SKF fragment number " + number + " is outside 1.." + total);
		}
		if (number != 1 && firstInner != PayloadType.NONE) {
			throw in.error(at - 4, "SKF fragment " + number + " names a next payload; only fragment 1 may");
		}
		if (f != null) {
			f.field("Fragment number", at, at + 2, Integer.toString(number));
			f.field("Total fragments", at + 2, at + 4, Integer.toString(total));
			f.field("Encrypted and authenticated data", at + 4, end, "IV, encrypted fragment and padding, ICV: "
					+ PayloadDescriptions.octets(end - at - 4));
		}
		return new Payload.EncryptedFragment(firstInner, number, total, Octets.of(in.data, at + 4, end - at - 4));
	}

	private static void need(Reader in, PayloadType type, int at, int end, int minimum)
			throws MalformedMessageException {
		if (end - at < minimum) {
			throw in.error(at, type.shortName() + " body of " + (end - at) + " octets is shorter than its "
					+ minimum + "-octet fixed part");
		}
	}

	/**
	 * The fixed fields of a decoded payload body. SA, TS and CP record their substructures while they
	 * decode (their lengths are read there); these are the fields around them.
	 */
	private static void bodyFields(FieldRecorder f, Payload p, int at, int end) {
		switch (p) {
		case Payload.Ke k -> {
			f.field("Key exchange method", at, at + 2, PayloadDescriptions.named(k.method()));
			f.field("Reserved", at + 2, at + 4, "");
			f.field("Key exchange data", at + 4, end, PayloadDescriptions.octets(end - at - 4));
		}
		case Payload.Id i -> {
			f.field("ID type", at, at + 1, PayloadDescriptions.named(i.idType()));
			f.field("Reserved", at + 1, at + 4, "");
			f.field("Identification data", at + 4, end, PayloadDescriptions.identity(i.idType(), i.data()));
		}
		case Payload.Cert c -> {
			f.field("Encoding", at, at + 1, PayloadDescriptions.named(c.encoding()));
			f.field(c.type().equals(PayloadType.CERTREQ) ? "Certification authority" : "Certificate data", at + 1, end,
					PayloadDescriptions.octets(end - at - 1));
		}
		case Payload.Auth a -> {
			f.field("Auth method", at, at + 1, PayloadDescriptions.named(a.method()));
			f.field("Reserved", at + 1, at + 4, "");
			f.field("Authentication data", at + 4, end, PayloadDescriptions.octets(end - at - 4));
		}
		case Payload.Nonce n -> f.field("Nonce data", at, end, PayloadDescriptions.octets(end - at) + " " + n.nonce().hex());
		case Payload.Notify n -> {
			f.field("Protocol ID", at, at + 1, n.protocol() == 0 ? "none (0)" : PayloadDescriptions.named(ProtocolId.of(n.protocol())));
			f.field("SPI size", at + 1, at + 2, Integer.toString(n.spi().length()));
			f.field("Notify message type", at + 2, at + 4, PayloadDescriptions.named(n.notifyType()));
			int spiEnd = at + 4 + n.spi().length();
			if (n.spi().length() > 0) {
				f.field("SPI", at + 4, spiEnd, n.spi().hex());
			}
			if (end > spiEnd) {
				f.field("Notification data", spiEnd, end, PayloadDescriptions.notifyData(n.notifyType(), n.data()));
			}
		}
		case Payload.Delete d -> {
			f.field("Protocol ID", at, at + 1, PayloadDescriptions.named(d.protocol()));
			f.field("SPI size", at + 1, at + 2, Integer.toString(d.spiSize()));
			f.field("Number of SPIs", at + 2, at + 4, Integer.toString(d.spis().size()));
			for (int i = 0; i < d.spis().size(); i++) {
				int s = at + 4 + i * d.spiSize();
				f.field("SPI " + (i + 1), s, s + d.spiSize(), d.spis().get(i).hex());
			}
		}
		case Payload.Ts t -> {
			f.field("Number of TSs", at, at + 1, Integer.toString(t.selectors().size()));
			f.field("Reserved", at + 1, at + 4, "");
		}
		case Payload.Config c -> {
			f.field("Configuration type", at, at + 1, Integer.toString(c.configType()));
			f.field("Reserved", at + 1, at + 4, "");
		}
		case Payload.VendorId v -> f.field("Vendor ID data", at, end, PayloadDescriptions.printable(v.id()));
		case Payload.Eap e -> f.field("EAP message", at, end, PayloadDescriptions.octets(end - at));
		default -> {
			// SA records its proposals while decoding; SK, SKF and unknown payloads are recorded by their decoders
		}
		}
	}

	// ------------------------------------------------------------------ SA

	private static Payload.Sa decodeSa(Reader in, int at, int end) throws MalformedMessageException {
		byte[] d = in.data;
		List<Payload.Proposal> proposals = new ArrayList<>();
		boolean more = true;
		while (more) {
			if (end - at < 8) {
				throw in.error(at, "proposal header needs 8 octets, " + (end - at) + " remain in the SA payload");
			}
			int last = Wire.u8(d, at);
			if (last != 0 && last != 2) {
				throw in.error(at, "proposal's last-substructure field is " + last + ", not 0 or 2");
			}
			more = last == 2;
			int plen = Wire.u16(d, at + 2);
			if (plen < 8 || plen > end - at) {
				throw in.error(at + 2, "proposal length " + plen + (plen < 8 ? " is below its 8-octet header"
						: " overruns the SA payload (" + (end - at) + " octets remain)"));
			}
			int pend = at + plen;
			int number = Wire.u8(d, at + 4);
			ProtocolId protocol = ProtocolId.of(Wire.u8(d, at + 5));
			int spiSize = Wire.u8(d, at + 6);
			int count = Wire.u8(d, at + 7);
			if (spiSize > plen - 8) {
				throw in.error(at + 6, "SPI size " + spiSize + " overruns the proposal");
			}
			Octets spi = Octets.of(d, at + 8, spiSize);
			FieldRecorder f = in.fields;
			if (f != null) {
				f.open("Proposal " + number, at, pend);
				f.field("Last substructure", at, at + 1, last == 2 ? "more proposals (2)" : "last proposal (0)");
				f.field("Proposal length", at + 2, at + 4, plen + " octets");
				f.field("Proposal number", at + 4, at + 5, Integer.toString(number));
				f.field("Protocol ID", at + 5, at + 6, PayloadDescriptions.named(protocol));
				f.field("SPI size", at + 6, at + 7, Integer.toString(spiSize));
				f.field("Number of transforms", at + 7, at + 8, Integer.toString(count));
				if (spiSize > 0) {
					f.field("SPI", at + 8, at + 8 + spiSize, spi.hex());
				}
			}
			List<Payload.Transform> transforms = decodeTransforms(in, at + 8 + spiSize, pend, count);
			Payload.Proposal proposal = new Payload.Proposal(number, protocol, spi, transforms);
			proposals.add(proposal);
			if (f != null) {
				f.close(ProposalSyntax.format(proposal));
			}
			at = pend;
		}
		if (at != end) {
			throw in.error(at, (end - at) + " octets follow the last proposal of the SA payload");
		}
		return new Payload.Sa(proposals);
	}

	private static List<Payload.Transform> decodeTransforms(Reader in, int at, int end, int count)
			throws MalformedMessageException {
		byte[] d = in.data;
		List<Payload.Transform> transforms = new ArrayList<>();
		boolean more = count > 0;
		while (more) {
			if (end - at < 8) {
				throw in.error(at, "transform header needs 8 octets, " + (end - at) + " remain in the proposal");
			}
			int last = Wire.u8(d, at);
			if (last != 0 && last != 3) {
				throw in.error(at, "transform's last-substructure field is " + last + ", not 0 or 3");
			}
			more = last == 3;
			int tlen = Wire.u16(d, at + 2);
			if (tlen < 8 || tlen > end - at) {
				throw in.error(at + 2, "transform length " + tlen + (tlen < 8 ? " is below its 8-octet header"
						: " overruns the proposal (" + (end - at) + " octets remain)"));
			}
			TransformType type = TransformType.of(Wire.u8(d, at + 4));
			int id = Wire.u16(d, at + 6);
			FieldRecorder f = in.fields;
			if (f != null) {
				f.open("Transform " + type.shortName(), at, at + tlen);
				f.field("Last substructure", at, at + 1, last == 3 ? "more transforms (3)" : "last transform (0)");
				f.field("Transform length", at + 2, at + 4, tlen + " octets");
				f.field("Transform type", at + 4, at + 5, PayloadDescriptions.named(type));
				f.field("Transform ID", at + 6, at + 8, Integer.toString(id));
			}
			Payload.Transform transform = new Payload.Transform(type, id, decodeAttributes(in, at + 8, at + tlen));
			transforms.add(transform);
			if (f != null) {
				f.close(transform.toString());
			}
			at += tlen;
		}
		if (transforms.size() != count) {
			throw in.error(at, "proposal announces " + count + " transforms but holds " + transforms.size());
		}
		if (at != end) {
			throw in.error(at, (end - at) + " octets follow the last transform of the proposal");
		}
		return transforms;
	}

	private static List<Payload.Attribute> decodeAttributes(Reader in, int at, int end)
			throws MalformedMessageException {
		byte[] d = in.data;
		List<Payload.Attribute> attributes = new ArrayList<>();
		while (at < end) {
			if (end - at < 4) {
				throw in.error(at, "attribute header needs 4 octets, " + (end - at) + " remain in the transform");
			}
			int typeField = Wire.u16(d, at);
			boolean tv = (typeField & 0x8000) != 0;
			if (tv) {
				Payload.Attribute a = new Payload.Attribute(typeField & 0x7fff, true, Octets.of(d, at + 2, 2));
				attributes.add(a);
				if (in.fields != null) {
					in.fields.field(a.attributeType() == Payload.Attribute.KEY_LENGTH ? "Key length" : "Attribute " + a.attributeType(),
							at, at + 4, a.attributeType() == Payload.Attribute.KEY_LENGTH ? a.intValue() + " bits" : a.value().hex());
				}
				at += 4;
			} else {
				int alen = Wire.u16(d, at + 2);
				if (alen > end - at - 4) {
					throw in.error(at + 2, "attribute length " + alen + " runs past the end of the transform");
				}
				attributes.add(new Payload.Attribute(typeField, false, Octets.of(d, at + 4, alen)));
				if (in.fields != null) {
					in.fields.field("Attribute " + typeField, at, at + 4 + alen, PayloadDescriptions.octets(alen));
				}
				at += 4 + alen;
			}
		}
		return attributes;
	}

	// ------------------------------------------------------------------ Notify, Delete, TS, CP

	private static Payload.Notify decodeNotify(Reader in, int at, int end) throws MalformedMessageException {
		need(in, PayloadType.NOTIFY, at, end, 4);
		byte[] d = in.data;
		int spiSize = Wire.u8(d, at + 1);
		if (spiSize > end - at - 4) {
			throw in.error(at + 1, "notify SPI size " + spiSize + " overruns the payload");
		}
		return new Payload.Notify(Wire.u8(d, at), Octets.of(d, at + 4, spiSize), NotifyType.of(Wire.u16(d, at + 2)),
				Octets.of(d, at + 4 + spiSize, end - at - 4 - spiSize));
	}

	private static Payload.Delete decodeDelete(Reader in, int at, int end) throws MalformedMessageException {
		need(in, PayloadType.DELETE, at, end, 4);
		byte[] d = in.data;
		int spiSize = Wire.u8(d, at + 1);
		int count = Wire.u16(d, at + 2);
		if ((long) spiSize * count != end - at - 4) {
			throw in.error(at + 2, count + " SPIs of " + spiSize + " octets do not fill the " + (end - at - 4)
					+ " octets of the Delete payload");
		}
		List<Octets> spis = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			spis.add(Octets.of(d, at + 4 + i * spiSize, spiSize));
		}
		return new Payload.Delete(ProtocolId.of(Wire.u8(d, at)), spiSize, spis);
	}

	private static Payload.Ts decodeTs(Reader in, PayloadType type, int at, int end)
			throws MalformedMessageException {
		need(in, type, at, end, 4);
		byte[] d = in.data;
		int count = Wire.u8(d, at);
		int p = at + 4;
		List<Payload.TrafficSelector> selectors = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			if (end - p < 8) {
				throw in.error(p, "traffic selector " + (i + 1) + " of " + count + " needs 8 octets, " + (end - p)
						+ " remain");
			}
			TsType tsType = TsType.of(Wire.u8(d, p));
			int slen = Wire.u16(d, p + 2);
			if (slen < 8 || slen > end - p) {
				throw in.error(p + 2, "traffic selector length " + slen + " is below 8 or overruns the payload");
			}
			int addresses = slen - 8;
			int expected = tsType.equals(TsType.IPV4_ADDR_RANGE) ? 8 : tsType.equals(TsType.IPV6_ADDR_RANGE) ? 32 : -1;
			if (expected >= 0 && addresses != expected) {
				throw in.error(p + 2, tsType + " selector length " + slen + " is not " + (8 + expected));
			}
			int half = expected >= 0 ? addresses / 2 : addresses;
			Payload.TrafficSelector ts = new Payload.TrafficSelector(tsType, Wire.u8(d, p + 1), Wire.u16(d, p + 4),
					Wire.u16(d, p + 6), Octets.of(d, p + 8, half), Octets.of(d, p + 8 + half, addresses - half));
			selectors.add(ts);
			FieldRecorder f = in.fields;
			if (f != null) {
				f.open("Traffic selector " + (i + 1), p, p + slen);
				f.field("TS type", p, p + 1, PayloadDescriptions.named(tsType));
				f.field("IP protocol ID", p + 1, p + 2, Integer.toString(ts.ipProtocol()));
				f.field("Selector length", p + 2, p + 4, slen + " octets");
				f.field("Start port", p + 4, p + 6, Integer.toString(ts.startPort()));
				f.field("End port", p + 6, p + 8, Integer.toString(ts.endPort()));
				f.field("Starting address", p + 8, p + 8 + half, PayloadDescriptions.address(ts.start()));
				if (addresses - half > 0) {
					f.field("Ending address", p + 8 + half, p + 8 + addresses, PayloadDescriptions.address(ts.end()));
				}
				f.close(PayloadDescriptions.selector(ts));
			}
			p += slen;
		}
		if (p != end) {
			throw in.error(p, (end - p) + " octets follow the last traffic selector");
		}
		return new Payload.Ts(type, selectors);
	}

	private static Payload.Config decodeConfig(Reader in, int at, int end) throws MalformedMessageException {
		need(in, PayloadType.CP, at, end, 4);
		byte[] d = in.data;
		int p = at + 4;
		List<Payload.ConfigAttribute> attributes = new ArrayList<>();
		while (p < end) {
			if (end - p < 4) {
				throw in.error(p, "configuration attribute needs 4 octets, " + (end - p) + " remain");
			}
			int alen = Wire.u16(d, p + 2);
			if (alen > end - p - 4) {
				throw in.error(p + 2, "configuration attribute length " + alen + " runs past the payload");
			}
			attributes.add(new Payload.ConfigAttribute(Wire.u16(d, p) & 0x7fff, Octets.of(d, p + 4, alen)));
			if (in.fields != null) {
				in.fields.field("Attribute " + (Wire.u16(d, p) & 0x7fff), p, p + 4 + alen,
						alen == 0 ? "empty (a request)" : PayloadDescriptions.octets(alen) + " " + Octets.of(d, p + 4, alen).hex());
			}
			p += 4 + alen;
		}
		return new Payload.Config(Wire.u8(d, at), attributes);
	}
}
