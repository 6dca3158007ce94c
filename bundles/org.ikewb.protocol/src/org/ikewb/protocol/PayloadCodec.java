package org.ikewb.protocol;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.protocol.IkeCodec.Reader;

/** Decoders of the payload bodies; each checks every length against the bounds it was given. */
final class PayloadCodec {

	private PayloadCodec() {
	}

	static Payload decodeBody(Reader in, PayloadType type, int at, int end) throws MalformedMessageException {
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
		if (type == PayloadType.SK.value()) {
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
		return new Payload.EncryptedFragment(firstInner, number, total, Octets.of(in.data, at + 4, end - at - 4));
	}

	private static void need(Reader in, PayloadType type, int at, int end, int minimum)
			throws MalformedMessageException {
		if (end - at < minimum) {
			throw in.error(at, type.shortName() + " body of " + (end - at) + " octets is shorter than its "
					+ minimum + "-octet fixed part");
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
			List<Payload.Transform> transforms = decodeTransforms(in, at + 8 + spiSize, pend, count);
			proposals.add(new Payload.Proposal(number, protocol, spi, transforms));
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
			transforms.add(new Payload.Transform(type, id, decodeAttributes(in, at + 8, at + tlen)));
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
				attributes.add(new Payload.Attribute(typeField & 0x7fff, true, Octets.of(d, at + 2, 2)));
				at += 4;
			} else {
				int alen = Wire.u16(d, at + 2);
				if (alen > end - at - 4) {
					throw in.error(at + 2, "attribute length " + alen + " runs past the end of the transform");
				}
				attributes.add(new Payload.Attribute(typeField, false, Octets.of(d, at + 4, alen)));
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
			selectors.add(new Payload.TrafficSelector(tsType, Wire.u8(d, p + 1), Wire.u16(d, p + 4),
					Wire.u16(d, p + 6), Octets.of(d, p + 8, half), Octets.of(d, p + 8 + half, addresses - half)));
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
			p += 4 + alen;
		}
		return new Payload.Config(Wire.u8(d, at), attributes);
	}
}
