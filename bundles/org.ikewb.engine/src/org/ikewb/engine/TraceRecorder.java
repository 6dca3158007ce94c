package org.ikewb.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.IkeCodec;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;

/**
 * Collects a run's trace and writes it out: JSON (every message with its datagrams and decrypted
 * payloads), pcap (the datagrams with IP and UDP headers as they went over loopback) and Wireshark's
 * ikev2_decryption_table (one key set per SPI pair: the final generation of each IKE SA). Used by
 * the command line's --trace/--pcap/--keys and by the workbench's exports.
 */
public final class TraceRecorder implements TraceListener {

	private final InetSocketAddress local;
	private final List<TraceEvent> events = new ArrayList<>();

	public TraceRecorder(InetSocketAddress local) {
		this.local = local;
	}

	@Override
	public synchronized void onEvent(TraceEvent event) {
		events.add(event);
	}

	/** Everything recorded so far, in order. */
	public synchronized List<TraceEvent> snapshot() {
		return List.copyOf(events);
	}

	// ------------------------------------------------------------------ JSON

	public void writeJson(Path file) throws IOException {
		StringBuilder out = new StringBuilder("[\n");
		List<TraceEvent> all = snapshot();
		for (int i = 0; i < all.size(); i++) {
			out.append("  ").append(json(all.get(i))).append(i + 1 < all.size() ? ",\n" : "\n");
		}
		out.append("]\n");
		if (holdsKeys(all)) {
			createOwnerOnly(file); // SKEYSEED and every SK_*: as secret as the key table
		}
		Files.writeString(file, out);
	}

	/** Whether any event carries key material (recorded with the keys opt-in). */
	private static boolean holdsKeys(List<TraceEvent> events) {
		return events.stream().anyMatch(e -> e instanceof TraceEvent.KeysDerived k && k.keys() != null
				|| e instanceof TraceEvent.ChildSaEstablished c && c.keys() != null);
	}

	private static String json(TraceEvent e) {
		StringBuilder b = new StringBuilder("{\"time\": \"").append(e.time()).append("\", \"initiatorSpi\": \"")
				.append(String.format("%016x", e.initiatorSpi())).append('"');
		if (e instanceof TraceEvent.Message m) {
			b.append(", \"event\": \"message\", \"direction\": \"").append(m.direction().name().toLowerCase())
					.append("\", \"peer\": \"").append(m.peer()).append("\", \"exchange\": \"")
					.append(m.message().header().exchangeType()).append("\", \"messageId\": ")
					.append(m.message().header().messageIdUnsigned()).append(", \"response\": ")
					.append(m.message().header().isResponse()).append(", \"keyGeneration\": ").append(m.keyGeneration())
					.append(", \"retransmission\": ").append(m.retransmission()).append(", \"payloads\": \"")
					.append(escape(MessageSummary.payloads(m))).append("\", \"datagrams\": [");
			for (int i = 0; i < m.datagrams().size(); i++) {
				b.append(i > 0 ? ", " : "").append('"').append(m.datagrams().get(i).hex()).append('"');
			}
			b.append("]");
		} else if (e instanceof TraceEvent.KeysDerived k) {
			b.append(", \"event\": \"keys\", \"generation\": ").append(k.generation()).append(", \"cause\": \"")
					.append(escape(k.cause())).append('"');
			if (k.keys() != null) {
				IkeSaKeys x = k.keys();
				b.append(", \"SKEYSEED\": \"").append(x.skeyseed().hex()).append("\", \"SK_d\": \"").append(x.skD().hex())
						.append("\", \"SK_ei\": \"").append(x.skEi().hex()).append("\", \"SK_er\": \"").append(x.skEr().hex())
						.append("\", \"SK_ai\": \"").append(x.skAi().hex()).append("\", \"SK_ar\": \"").append(x.skAr().hex())
						.append("\", \"SK_pi\": \"").append(x.skPi().hex()).append("\", \"SK_pr\": \"").append(x.skPr().hex())
						.append('"');
			}
		} else if (e instanceof TraceEvent.IntAuthUpdated a) {
			b.append(", \"event\": \"intauth\", \"exchange\": ").append(a.exchange()).append(", \"IntAuth_i\": \"")
					.append(a.initiator().hex()).append("\", \"IntAuth_r\": \"").append(a.responder().hex()).append('"');
		} else if (e instanceof TraceEvent.ChildSaEstablished c) {
			b.append(", \"event\": \"child\", \"proposal\": \"").append(c.proposal()).append("\", \"inboundSpi\": \"")
					.append(c.inboundSpi().hex()).append("\", \"outboundSpi\": \"").append(c.outboundSpi().hex()).append('"');
			if (c.keys() != null) {
				ChildSaKeys x = c.keys();
				b.append(", \"encryptionInitiator\": \"").append(x.encryptionInitiator().hex())
						.append("\", \"integrityInitiator\": \"").append(x.integrityInitiator().hex())
						.append("\", \"encryptionResponder\": \"").append(x.encryptionResponder().hex())
						.append("\", \"integrityResponder\": \"").append(x.integrityResponder().hex()).append('"');
			}
		} else if (e instanceof TraceEvent.StateChanged s) {
			b.append(", \"event\": \"state\", \"from\": \"").append(s.from()).append("\", \"to\": \"").append(s.to())
					.append('"');
		} else if (e instanceof TraceEvent.Error x) {
			b.append(", \"event\": \"error\", \"reason\": \"").append(escape(x.reason())).append('"');
		} else if (e instanceof TraceEvent.Load l) {
			EngineLoad x = l.load();
			b.append(", \"event\": \"load\", \"datagramsDropped\": ").append(x.datagramsDropped())
					.append(", \"initDroppedOversized\": ").append(x.initDroppedOversized()).append(", \"cookiesSent\": ")
					.append(x.cookiesSent()).append(", \"initDroppedPerSource\": ").append(x.initDroppedPerSource())
					.append(", \"initDroppedGlobal\": ").append(x.initDroppedGlobal()).append(", \"halfOpen\": ")
					.append(x.halfOpen()).append(", \"queuedBytesHighWater\": ").append(x.queuedBytesHighWater())
					.append(", \"traceEventsDropped\": ").append(x.traceEventsDropped());
		}
		return b.append('}').toString();
	}

	private static String escape(String s) {
		StringBuilder b = new StringBuilder();
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') {
				b.append('\\').append(c);
			} else if (c < 0x20) {
				b.append(String.format("\\u%04x", (int) c));
			} else {
				b.append(c);
			}
		}
		return b.toString();
	}

	// ------------------------------------------------------------------ pcap

	/** libpcap, LINKTYPE_RAW: each datagram in an IPv4 (or IPv6) and UDP header, non-ESP marker included. */
	public void writePcap(Path file) throws IOException {
		try (OutputStream out = Files.newOutputStream(file)) {
			ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
			header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535)
					.putInt(101);
			out.write(header.array());
			for (TraceEvent e : snapshot()) {
				if (!(e instanceof TraceEvent.Message m)) {
					continue;
				}
				// the socket each datagram used: after NAT detection both sides are on their NAT-T ports
				InetSocketAddress from = m.source() != null ? m.source() : local;
				InetSocketAddress to = m.destination() != null ? m.destination() : local;
				for (Octets d : m.datagrams()) {
					byte[] payload = d.toByteArray();
					if (from.getPort() != 500 && to.getPort() != 500) {
						byte[] marked = new byte[payload.length + 4];
						System.arraycopy(payload, 0, marked, 4, payload.length);
						payload = marked;
					}
					writeRecord(out, m.time(), ipUdp(from, to, payload));
				}
			}
		}
	}

	/**
	 * The decrypted export: every IKE message once more, each SK or SKF payload replaced by the
	 * payloads it protected (a fragmented message reassembled into one), so that a dissector shows
	 * every message of every key generation without keys — including the IKE_INTERMEDIATE
	 * exchanges a Wireshark key table can never open (one key set per SPI pair). Written as a
	 * libpcap file of Wireshark's "exported PDU" link type (LINKTYPE_WIRESHARK_UPPER_PDU, 252):
	 * each record names the dissector ("isakmp") and carries the real addresses and UDP ports, so
	 * Wireshark dissects it as IKE on any port, with no Decode As. The messages are rewritten (Length
	 * fields, no ICV): this file shows content, the plain pcap shows what went over the wire.
	 * Written owner-only: it holds what the SAs protected.
	 */
	public void writeDecryptedPcap(Path file) throws IOException {
		createOwnerOnly(file);
		try (OutputStream out = Files.newOutputStream(file)) {
			ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
			header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
					.putInt(LINKTYPE_WIRESHARK_UPPER_PDU);
			out.write(header.array());
			for (TraceEvent e : snapshot()) {
				if (!(e instanceof TraceEvent.Message m)) {
					continue;
				}
				writeRecord(out, m.time(), exportedPdu(m.source() != null ? m.source() : local,
						m.destination() != null ? m.destination() : local, IkeCodec.encode(decrypted(m))));
			}
		}
	}

	/** One libpcap record: timestamp (microseconds), captured and original length, the packet. */
	private static void writeRecord(OutputStream out, java.time.Instant time, byte[] packet) throws IOException {
		ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
		long micros = time.getEpochSecond() * 1_000_000 + time.getNano() / 1000;
		record.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(packet.length)
				.putInt(packet.length);
		out.write(record.array());
		out.write(packet);
	}

	/** A new empty file only its owner can read: for files that hold secrets or what SAs protected. */
	private static void createOwnerOnly(Path file) throws IOException {
		Files.deleteIfExists(file);
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		} catch (UnsupportedOperationException e) {
			Files.createFile(file);
		}
	}

	/** LINKTYPE_WIRESHARK_UPPER_PDU (tcpdump.org link-layer header types). */
	static final int LINKTYPE_WIRESHARK_UPPER_PDU = 252;

	/** The message with its SK/SKF payload replaced by the inner payloads (unchanged when unprotected). */
	static IkeMessage decrypted(TraceEvent.Message m) {
		List<Payload> payloads = new ArrayList<>();
		boolean protectedMessage = false;
		for (Payload p : m.message().payloads()) {
			if (p instanceof Payload.Encrypted || p instanceof Payload.EncryptedFragment) {
				protectedMessage = true;
			} else {
				payloads.add(p);
			}
		}
		if (!protectedMessage) {
			return m.message();
		}
		payloads.addAll(m.inner());
		return new IkeMessage(m.message().header(), payloads);
	}

	/**
	 * One exported-PDU record (Wireshark's wsutil/exported_pdu_tlvs.h): TLVs with 2-octet type and
	 * length, values padded to 32 bits, naming the dissector and the UDP endpoints, then the PDU.
	 */
	private static byte[] exportedPdu(InetSocketAddress from, InetSocketAddress to, byte[] pdu) {
		ByteBuffer b = ByteBuffer.allocate(128 + pdu.length);
		byte[] name = "isakmp".getBytes(StandardCharsets.US_ASCII);
		tlv(b, 12, name); // EXP_PDU_TAG_DISSECTOR_NAME
		boolean v4 = from.getAddress() instanceof Inet4Address;
		tlv(b, v4 ? 20 : 22, from.getAddress().getAddress()); // EXP_PDU_TAG_IPV4_SRC / IPV6_SRC
		tlv(b, v4 ? 21 : 23, to.getAddress().getAddress()); // EXP_PDU_TAG_IPV4_DST / IPV6_DST
		tlv(b, 24, ByteBuffer.allocate(4).putInt(3).array()); // EXP_PDU_TAG_PORT_TYPE = EXP_PDU_PT_UDP
		tlv(b, 25, ByteBuffer.allocate(4).putInt(from.getPort()).array()); // EXP_PDU_TAG_SRC_PORT
		tlv(b, 26, ByteBuffer.allocate(4).putInt(to.getPort()).array()); // EXP_PDU_TAG_DST_PORT
		b.putShort((short) 0).putShort((short) 0); // EXP_PDU_TAG_END_OF_OPT
		b.put(pdu);
		return java.util.Arrays.copyOf(b.array(), b.position());
	}

	private static void tlv(ByteBuffer b, int type, byte[] value) {
		int padded = (value.length + 3) & ~3;
		b.putShort((short) type).putShort((short) padded).put(value);
		for (int i = value.length; i < padded; i++) {
			b.put((byte) 0);
		}
	}

	private static byte[] ipUdp(InetSocketAddress from, InetSocketAddress to, byte[] payload) {
		boolean v4 = from.getAddress() instanceof Inet4Address;
		int ipLength = v4 ? 20 : 40;
		ByteBuffer b = ByteBuffer.allocate(ipLength + 8 + payload.length);
		if (v4) {
			b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)).putShort((short) 0)
					.putShort((short) 0x4000).put((byte) 64).put((byte) 17).putShort((short) 0)
					.put(from.getAddress().getAddress()).put(to.getAddress().getAddress());
			int sum = 0;
			for (int i = 0; i < 20; i += 2) {
				sum += ((b.get(i) & 0xff) << 8) | (b.get(i + 1) & 0xff);
			}
			while (sum > 0xffff) {
				sum = (sum & 0xffff) + (sum >>> 16);
			}
			b.putShort(10, (short) ~sum);
		} else {
			b.putInt(0x60000000).putShort((short) (8 + payload.length)).put((byte) 17).put((byte) 64)
					.put(from.getAddress().getAddress()).put(to.getAddress().getAddress());
		}
		b.putShort((short) from.getPort()).putShort((short) to.getPort()).putShort((short) (8 + payload.length))
				.putShort((short) 0).put(payload);
		return b.array();
	}

	// ------------------------------------------------------------------ Wireshark key table

	/**
	 * Wireshark's ikev2_decryption_table (Preferences → Protocols → ISAKMP → IKEv2 Decryption Table),
	 * in Wireshark's own UAT layout so that the file can be copied into a profile unchanged or its
	 * lines passed with {@code -o uat:ikev2_decryption_table:LINE}: one line per IKE SA with the keys
	 * of its final generation, SPIs and keys as bare hex, only the two algorithm names quoted (quoted
	 * hex is refused: "Length of Initiator's SPI must be 8 octets"). An IKE SA whose algorithms
	 * Wireshark cannot decrypt gets a comment instead of a line Wireshark would refuse. Written
	 * owner-only: it holds secrets.
	 */
	public void writeWiresharkKeys(Path file) throws IOException {
		StringBuilder out = new StringBuilder();
		out.append("# IKEv2 Workbench: the final key generation of each IKE SA. Messages protected with earlier\n");
		out.append("# generations (IKE_INTERMEDIATE before the last additional key exchange) decrypt only in\n");
		out.append("# the workbench's own trace and in its decrypted export: Wireshark takes one key set per SPI pair.\n");
		for (String line : wiresharkKeyLines()) {
			out.append(line).append('\n');
		}
		// Child SA keys, to compare with a peer's log (charon "chd 4", pluto "plutodebug=crypt"); as
		// comments, which Wireshark's UAT reader skips
		for (TraceEvent e : snapshot()) {
			if (e instanceof TraceEvent.ChildSaEstablished c && c.keys() != null) {
				ChildSaKeys x = c.keys();
				out.append("# Child SA ESP ").append(c.proposal()).append(", SPIs in ").append(c.inboundSpi().hex())
						.append(" out ").append(c.outboundSpi().hex()).append(" (IKE SA ")
						.append(String.format("%016x", c.initiatorSpi())).append("): encryption initiator ")
						.append(x.encryptionInitiator().hex()).append(", integrity initiator ")
						.append(x.integrityInitiator().hex().isEmpty() ? "-" : x.integrityInitiator().hex())
						.append(", encryption responder ").append(x.encryptionResponder().hex()).append(", integrity responder ")
						.append(x.integrityResponder().hex().isEmpty() ? "-" : x.integrityResponder().hex()).append('\n');
			}
		}
		createOwnerOnly(file);
		Files.writeString(file, out, StandardCharsets.US_ASCII);
	}

	/**
	 * The records of {@link #writeWiresharkKeys}, one per IKE SA (SPI pair) in the order the SAs
	 * appeared; a line starting with '#' explains an SA Wireshark cannot decrypt.
	 */
	public List<String> wiresharkKeyLines() {
		// keyed by the SPI pair: a rekeyed IKE SA has new SPIs, and its keys must not replace the old SA's
		java.util.Map<String, TraceEvent.KeysDerived> last = new java.util.LinkedHashMap<>();
		for (TraceEvent e : snapshot()) {
			if (e instanceof TraceEvent.KeysDerived k && k.keys() != null) {
				last.put(String.format("%016x%016x", k.initiatorSpi(), k.responderSpi()), k);
			}
		}
		List<String> lines = new ArrayList<>();
		for (TraceEvent.KeysDerived k : last.values()) {
			IkeSaKeys x = k.keys();
			String cipher = wiresharkCipher(x.encryption(), x.encryptionKeyBits());
			String integrity = wiresharkIntegrity(x.integrity());
			if (cipher == null || integrity == null) {
				lines.add(String.format("# IKE SA %016x/%016x: %s is not in Wireshark's IKEv2 decryption table; its messages stay encrypted there",
						k.initiatorSpi(), k.responderSpi(),
						cipher == null ? x.encryption().ianaName() : x.integrity().ianaName()));
				continue;
			}
			lines.add(String.format("%016x,%016x,%s,%s,\"%s\",%s,%s,\"%s\"", k.initiatorSpi(), k.responderSpi(),
					x.skEi().hex(), x.skEr().hex(), cipher, x.skAi().hex(), x.skAr().hex(), integrity));
		}
		return lines;
	}

	/** Wireshark's name for an IKEv2 cipher (packet-isakmp.c), or null when Wireshark cannot decrypt it. */
	static String wiresharkCipher(EncryptionAlgorithm e, int bits) {
		return switch (e.value()) {
		case 12 -> "AES-CBC-" + bits + " [RFC3602]";
		case 13 -> "AES-CTR-" + bits + " [RFC5930]";
		case 18 -> "AES-GCM-" + bits + " with 8 octet ICV [RFC5282]";
		case 19 -> "AES-GCM-" + bits + " with 12 octet ICV [RFC5282]";
		case 20 -> "AES-GCM-" + bits + " with 16 octet ICV [RFC5282]";
		case 14 -> "AES-CCM-" + bits + " with 8 octet ICV [RFC5282]";
		case 15 -> "AES-CCM-" + bits + " with 12 octet ICV [RFC5282]";
		case 16 -> "AES-CCM-" + bits + " with 16 octet ICV [RFC5282]";
		case 3 -> "3DES [RFC2451]";
		default -> null;
		};
	}

	/** Wireshark's name for an IKEv2 integrity algorithm, or null when it has none. */
	static String wiresharkIntegrity(IntegrityAlgorithm i) {
		return switch (i.value()) {
		case 0 -> "NONE [RFC4306]";
		case 2 -> "HMAC_SHA1_96 [RFC2404]";
		case 12 -> "HMAC_SHA2_256_128 [RFC4868]";
		case 13 -> "HMAC_SHA2_384_192 [RFC4868]";
		case 14 -> "HMAC_SHA2_512_256 [RFC4868]";
		case 1 -> "HMAC_MD5_96 [RFC2403]";
		default -> null;
		};
	}
}
