package org.ikewb.protocol;

import java.util.List;
import java.util.Optional;

/**
 * IP protocol numbers of traffic selectors, by the names policies use. The one place the project
 * maps "tcp" to 6: generators write numbers (a device without /etc/protocols cannot resolve names),
 * the engine puts them in TS payloads, the validator accepts exactly these names.
 */
public final class IpProtocol {

	/** The names a policy may use, in the order users expect them. */
	public static final List<String> NAMES = List.of("tcp", "udp", "icmp", "icmp6", "ipv6-icmp", "sctp", "gre", "esp");

	private IpProtocol() {
	}

	/** The number of a protocol name, or of a number written as text (0..255); empty otherwise. */
	public static Optional<Integer> number(String name) {
		if (name == null) {
			return Optional.empty();
		}
		return switch (name) {
		case "tcp" -> Optional.of(6);
		case "udp" -> Optional.of(17);
		case "icmp" -> Optional.of(1);
		case "icmp6", "ipv6-icmp" -> Optional.of(58);
		case "sctp" -> Optional.of(132);
		case "gre" -> Optional.of(47);
		case "esp" -> Optional.of(50);
		default -> name.matches("\\d{1,3}") && Integer.parseInt(name) <= 255 ? Optional.of(Integer.parseInt(name))
				: Optional.empty();
		};
	}

	/** Whether the protocol has ports (TCP, UDP, SCTP). */
	public static boolean hasPorts(String name) {
		return number(name).map(n -> n == 6 || n == 17 || n == 132).orElse(false);
	}
}
