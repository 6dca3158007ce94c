package org.ikewb.protocol;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a person reads a payload or a field: "SA", "KE: CURVE25519 (31), 32 octets", "TCP
 * 10.1.0.0–10.1.0.255 port 443", a notify's data by its type. One place for the decoder's field
 * values, the inspector, and anything else that shows payloads.
 */
public final class PayloadDescriptions {

	private PayloadDescriptions() {
	}

	/** The payload's name as the inspector lists it. */
	public static String name(Payload p) {
		return switch (p) {
		case Payload.Sa s -> "SA";
		case Payload.Ke k -> "KE";
		case Payload.Nonce n -> "Nonce";
		case Payload.Notify n -> "Notify";
		case Payload.Id i -> i.type().shortName();
		case Payload.Auth a -> "AUTH";
		case Payload.Cert c -> c.type().shortName();
		case Payload.Ts t -> t.type().shortName();
		case Payload.Delete d -> "Delete";
		case Payload.VendorId v -> "Vendor ID";
		case Payload.Config c -> "Configuration";
		case Payload.Eap e -> "EAP";
		case Payload.Encrypted e -> "SK";
		case Payload.EncryptedFragment f -> "SKF";
		case Payload.Unknown u -> "payload " + u.typeValue();
		};
	}

	/** One line on what the payload holds. */
	public static String describe(Payload p) {
		return switch (p) {
		case Payload.Sa s -> String.join(", ", s.proposals().stream().map(ProposalSyntax::format).toList());
		case Payload.Ke k -> named(k.method()) + ", " + octets(k.data().length());
		case Payload.Nonce n -> octets(n.nonce().length());
		case Payload.Notify n -> n.notifyType().ianaName() + (n.data().length() > 0 ? ": " + notifyData(n.notifyType(), n.data()) : "");
		case Payload.Id i -> i.idType().ianaName() + " " + identity(i.idType(), i.data());
		case Payload.Auth a -> a.method().ianaName() + ", " + octets(a.data().length());
		case Payload.Cert c -> c.encoding().ianaName() + ", " + octets(c.data().length());
		case Payload.Ts t -> String.join("; ", t.selectors().stream().map(PayloadDescriptions::selector).toList());
		case Payload.Delete d -> d.protocol().ianaName() + ", " + d.spis().size() + " SPI(s)"
				+ (d.spis().isEmpty() ? "" : ": " + String.join(", ", d.spis().stream().map(Octets::hex).toList()));
		case Payload.VendorId v -> printable(v.id());
		case Payload.Config c -> "type " + c.configType() + ", " + c.attributes().size() + " attribute(s)";
		case Payload.Eap e -> octets(e.message().length());
		case Payload.Encrypted e -> "encrypted and authenticated, " + octets(e.body().length());
		case Payload.EncryptedFragment f -> "fragment " + f.number() + " of " + f.total() + ", " + octets(f.body().length());
		case Payload.Unknown u -> "not known here, " + octets(u.body().length());
		};
	}

	/** "CURVE25519 (31)": the IANA name and the number on the wire. */
	public static String named(IanaValue v) {
		return v.ianaName() + " (" + v.value() + ")";
	}

	static String octets(int n) {
		return n == 1 ? "1 octet" : n + " octets";
	}

	/** ASCII text as text, anything else as hex. */
	public static String printable(Octets data) {
		for (int i = 0; i < data.length(); i++) {
			byte x = data.get(i);
			if (x < 0x20 || x > 0x7e) {
				return data.hex();
			}
		}
		return new String(data.toByteArray(), StandardCharsets.US_ASCII);
	}

	static String identity(IdType type, Octets data) {
		if ((type.equals(IdType.IPV4_ADDR) && data.length() == 4) || (type.equals(IdType.IPV6_ADDR) && data.length() == 16)) {
			return address(data);
		}
		return printable(data);
	}

	/** An IPv4 or IPv6 address in its usual notation (no name lookup), hex for other lengths. */
	static String address(Octets data) {
		if (data.length() == 4 || data.length() == 16) {
			try {
				return InetAddress.getByAddress(data.toByteArray()).getHostAddress();
			} catch (UnknownHostException e) {
				// not reached for 4 or 16 octets
			}
		}
		return data.hex();
	}

	/** "TCP 10.1.0.0–10.1.0.255 port 443", "any 0.0.0.0–255.255.255.255". */
	public static String selector(Payload.TrafficSelector s) {
		String protocol = switch (s.ipProtocol()) {
		case 0 -> "any";
		case 1 -> "ICMP";
		case 6 -> "TCP";
		case 17 -> "UDP";
		case 47 -> "GRE";
		case 50 -> "ESP";
		case 58 -> "ICMPv6";
		case 132 -> "SCTP";
		default -> "protocol " + s.ipProtocol();
		};
		String ports = s.startPort() == 0 && s.endPort() == 65535 ? ""
				: s.startPort() == s.endPort() ? " port " + s.startPort() : " ports " + s.startPort() + "–" + s.endPort();
		boolean known = s.tsType().equals(TsType.IPV4_ADDR_RANGE) || s.tsType().equals(TsType.IPV6_ADDR_RANGE);
		String range = known ? address(s.start()) + "–" + address(s.end()) : s.tsType().ianaName() + " " + s.start().hex();
		return protocol + " " + range + ports;
	}

	/** A notify's data read by its type: hashes, algorithms, cookies, the KE group asked for. */
	public static String notifyData(NotifyType type, Octets data) {
		int v = type.value();
		if ((v == NotifyType.SIGNATURE_HASH_ALGORITHMS.value()) && data.length() % 2 == 0) {
			List<String> hashes = new ArrayList<>();
			for (int i = 0; i < data.length(); i += 2) {
				hashes.add(HashAlgorithm.of(((data.get(i) & 0xff) << 8) | (data.get(i + 1) & 0xff)).ianaName());
			}
			return String.join(", ", hashes);
		}
		if (v == NotifyType.INVALID_KE_PAYLOAD.value() && data.length() == 2) {
			return "use " + named(KeyExchangeMethod.of(((data.get(0) & 0xff) << 8) | (data.get(1) & 0xff)));
		}
		if (v == NotifyType.NAT_DETECTION_SOURCE_IP.value() || v == NotifyType.NAT_DETECTION_DESTINATION_IP.value()) {
			return "SHA-1 " + data.hex();
		}
		return octets(data.length()) + " " + data.hex();
	}
}
