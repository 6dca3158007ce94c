package org.ikewb.crypto.tests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads the UDP payloads of a pcapng capture (Ethernet, Linux cooked or raw IP; IPv4 and IPv6). */
final class Pcapng {

	/** One UDP datagram of the capture. */
	record Datagram(int sourcePort, int destinationPort, byte[] payload) {
	}

	private Pcapng() {
	}

	static List<Datagram> read(Path file) throws IOException {
		ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		List<Integer> linkTypes = new ArrayList<>();
		List<Datagram> out = new ArrayList<>();
		while (in.remaining() >= 12) {
			int start = in.position();
			int type = in.getInt();
			int length = in.getInt();
			if (type == 0x0a0d0d0a) {
				int magic = in.getInt();
				in.order(magic == 0x1a2b3c4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
				in.position(start + 4);
				length = in.getInt();
			} else if (type == 1) {
				linkTypes.add(in.getShort() & 0xffff);
			} else if (type == 6) {
				int iface = in.getInt();
				in.getInt();
				in.getInt();
				int captured = in.getInt();
				in.getInt();
				byte[] frame = new byte[captured];
				in.get(frame);
				Datagram d = udp(linkTypes.get(iface), frame);
				if (d != null) {
					out.add(d);
				}
			}
			in.position(start + length);
		}
		return out;
	}

	private static Datagram udp(int linkType, byte[] frame) {
		int ip = switch (linkType) {
		case 1 -> 14; // Ethernet
		case 113 -> 16; // Linux cooked
		case 101 -> 0; // raw IP
		default -> throw new IllegalArgumentException("link type " + linkType);
		};
		int version = (frame[ip] & 0xff) >> 4;
		int udp;
		if (version == 4) {
			if ((frame[ip + 9] & 0xff) != 17) {
				return null;
			}
			udp = ip + (frame[ip] & 0x0f) * 4;
		} else {
			if ((frame[ip + 6] & 0xff) != 17) {
				return null;
			}
			udp = ip + 40;
		}
		ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
		int sport = b.getShort(udp) & 0xffff;
		int dport = b.getShort(udp + 2) & 0xffff;
		int length = b.getShort(udp + 4) & 0xffff;
		return new Datagram(sport, dport, Arrays.copyOfRange(frame, udp + 8, udp + length));
	}
}
