package org.ikewb.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ikewb.cli.Cli.Command;
import org.ikewb.cli.Cli.Option;
import org.ikewb.cli.Cli.Parameters;

/**
 * {@code ikewb wireshark PCAP [--keys TABLE]}: opens a capture of IKE in Wireshark (or tshark) with
 * what Wireshark cannot guess: which UDP ports carry IKE when they are not 500 and 4500 (and whether
 * with the non-ESP marker), and the key table's lines. Reads the capture to find the ports, so it
 * works for any pcap with IKE, not only ours.
 */
final class WiresharkCommand {

	/** The options of wireshark, as Cli parses them and --help prints them. */
	@Command(customSynopsis = "ikewb wireshark PCAP [--keys TABLE] [--tshark] [--print] [-- MORE...]", description = {
			"Opens PCAP (e.g. written by ikewb run --pcap) in Wireshark so that IKE on any UDP port is",
			"dissected: -d udp.port==N,udpencap where IKE follows the non-ESP marker, udp.port==N,isakmp",
			"where it does not (500 and 4500 need nothing), and each line of TABLE (ikewb run --keys) as",
			"-o uat:ikev2_decryption_table:LINE, which decrypts IKE_AUTH and later exchanges.",
			"(The decrypted export, ikewb run --decrypted FILE, needs neither: Wireshark opens it as it is.)",
			"" }, footer = { "      -- MORE        further options for Wireshark or tshark, passed on as they are" })
	static final class Spec {
		@Parameters(paramLabel = "PCAP", arity = "1", description = "the capture")
		Path pcap;
		@Option(names = "--keys", paramLabel = "TABLE", description = "Wireshark's ikev2_decryption_table (ikewb run --keys)")
		Path keys;
		@Option(names = "--tshark", description = "run tshark -V instead (prints the dissection to the terminal)")
		boolean tshark;
		@Option(names = "--print", description = "print the command instead of running it")
		boolean print;
		@Option(names = { "-h", "--help" }, usageHelp = true, description = "print this help")
		boolean help;
	}

	private final PrintStream out;
	private final PrintStream err;

	WiresharkCommand(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	int run(List<String> args) {
		// after --, the rest is Wireshark's: Cli parses what comes before
		int end = args.indexOf("--");
		List<String> more = end < 0 ? List.of() : args.subList(end + 1, args.size());
		Spec options = new Spec();
		Integer exit = Cli.parse("wireshark", options, end < 0 ? args : args.subList(0, end), out, err);
		if (exit != null) {
			return exit;
		}
		Path pcap = options.pcap;
		Path keys = options.keys;
		boolean tshark = options.tshark;
		boolean print = options.print;
		List<String> command = new ArrayList<>();
		command.add(tshark ? "tshark" : "wireshark");
		if (tshark) {
			command.add("-V");
		}
		command.add("-r");
		command.add(pcap.toString());
		try {
			for (Map.Entry<Integer, String> port : ikePorts(Files.readAllBytes(pcap)).entrySet()) {
				command.add("-d");
				command.add("udp.port==" + port.getKey() + "," + port.getValue());
			}
			if (keys != null) {
				for (String line : Files.readAllLines(keys, StandardCharsets.US_ASCII)) {
					if (!line.isBlank() && !line.startsWith("#")) {
						command.add("-o");
						command.add("uat:ikev2_decryption_table:" + line.strip());
					}
				}
			}
		} catch (IOException e) {
			err.println("ikewb wireshark: " + Main.describe(e));
			return Main.FAILED;
		} catch (IllegalArgumentException e) {
			err.println("ikewb wireshark: " + pcap + ": " + e.getMessage());
			return Main.FAILED;
		}
		command.addAll(more);
		if (print) {
			out.println(String.join(" ", command.stream().map(WiresharkCommand::shellQuoted).toList()));
			return Main.OK;
		}
		try {
			Process p = new ProcessBuilder(command).inheritIO().start();
			return p.waitFor() == 0 ? Main.OK : Main.FAILED;
		} catch (IOException e) {
			err.println("ikewb wireshark: cannot start " + command.get(0) + " (install Debian's " + command.get(0)
					+ " package, or run the command this prints with --print)");
			return Main.FAILED;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return Main.FAILED;
		}
	}

	/**
	 * The UDP ports (other than 500 and 4500) that carry IKE in a libpcap capture of link type
	 * raw IP (101), Ethernet (1) or Linux cooked (113), each with the dissector it needs: a port
	 * common to all IKE datagrams of the same framing is named once.
	 */
	static Map<Integer, String> ikePorts(byte[] file) {
		if (file.length < 24) {
			throw new IllegalArgumentException("not a pcap file (too short)");
		}
		ByteBuffer b = ByteBuffer.wrap(file);
		int magic = b.getInt(0);
		if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
			b.order(ByteOrder.LITTLE_ENDIAN);
		} else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
			throw new IllegalArgumentException("not a libpcap file (pcapng: save it as pcap first)");
		}
		int linkType = b.getInt(20);
		if (linkType == 252) {
			return new LinkedHashMap<>(); // exported PDUs (our decrypted export) name their dissector themselves
		}
		int linkHeader = switch (linkType) {
		case 101 -> 0;
		case 1 -> 14;
		case 113 -> 16;
		default -> throw new IllegalArgumentException("link type " + linkType + " is not raw IP, Ethernet or Linux cooked");
		};
		List<int[]> marked = new ArrayList<>();
		List<int[]> plain = new ArrayList<>();
		int at = 24;
		while (at + 16 <= file.length) {
			int captured = b.getInt(at + 8);
			int start = at + 16;
			if (captured < 0 || start + captured > file.length) {
				break; // truncated capture: what was read is enough
			}
			udp(file, start + linkHeader, start + captured, marked, plain);
			at = start + captured;
		}
		Map<Integer, String> ports = new LinkedHashMap<>();
		for (int p : common(marked)) {
			ports.put(p, "udpencap");
		}
		for (int p : common(plain)) {
			ports.putIfAbsent(p, "isakmp");
		}
		return ports;
	}

	private static void udp(byte[] f, int ip, int end, List<int[]> marked, List<int[]> plain) {
		if (ip >= end) {
			return;
		}
		int version = (f[ip] & 0xff) >>> 4;
		int udp;
		if (version == 4 && ip + 20 <= end && (f[ip + 9] & 0xff) == 17) {
			udp = ip + (f[ip] & 0x0f) * 4;
		} else if (version == 6 && ip + 40 <= end && (f[ip + 6] & 0xff) == 17) {
			udp = ip + 40;
		} else {
			return;
		}
		if (udp + 8 > end) {
			return;
		}
		int src = ((f[udp] & 0xff) << 8) | (f[udp + 1] & 0xff);
		int dst = ((f[udp + 2] & 0xff) << 8) | (f[udp + 3] & 0xff);
		int payload = udp + 8;
		boolean marker = payload + 4 <= end && f[payload] == 0 && f[payload + 1] == 0 && f[payload + 2] == 0
				&& f[payload + 3] == 0;
		int ike = marker ? payload + 4 : payload;
		// an IKE header: 28 octets, version 2.0 at offset 17
		if (ike + 28 > end || (f[ike + 17] & 0xff) != 0x20) {
			return;
		}
		(marker ? marked : plain).add(new int[] { src, dst });
	}

	/** Ports other than 500/4500 that name every datagram of the list (the fewest -d options). */
	private static Set<Integer> common(List<int[]> datagrams) {
		Set<Integer> out = new LinkedHashSet<>();
		if (datagrams.isEmpty()) {
			return out;
		}
		Set<Integer> candidates = new LinkedHashSet<>();
		for (int p : datagrams.get(0)) {
			candidates.add(p);
		}
		for (int[] d : datagrams) {
			candidates.removeIf(p -> p != d[0] && p != d[1]);
		}
		if (!candidates.isEmpty()) {
			int p = candidates.iterator().next();
			if (p != 500 && p != 4500) {
				out.add(p);
			}
			return out;
		}
		for (int[] d : datagrams) { // no port in common: name each one
			for (int p : d) {
				if (p != 500 && p != 4500) {
					out.add(p);
				}
			}
		}
		return out;
	}

	private static String shellQuoted(String word) {
		return word.matches("[A-Za-z0-9_./=:,+@%-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
	}
}
