package org.ikewb.engine;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;

/** Traffic selector narrowing (RFC 7296 §2.9): the intersection of what was proposed and what we allow. */
final class TrafficSelectors {

	private TrafficSelectors() {
	}

	static List<Payload.TrafficSelector> narrow(List<Payload.TrafficSelector> proposed,
			List<Payload.TrafficSelector> allowed) {
		List<Payload.TrafficSelector> out = new ArrayList<>();
		for (Payload.TrafficSelector p : proposed) {
			for (Payload.TrafficSelector a : allowed) {
				Payload.TrafficSelector i = intersect(p, a);
				if (i != null && !out.contains(i)) {
					out.add(i);
				}
			}
		}
		return out;
	}

	static Payload.TrafficSelector intersect(Payload.TrafficSelector p, Payload.TrafficSelector a) {
		if (!p.tsType().equals(a.tsType()) || p.start().length() != a.start().length()) {
			return null;
		}
		int protocol;
		if (p.ipProtocol() == 0) {
			protocol = a.ipProtocol();
		} else if (a.ipProtocol() == 0 || a.ipProtocol() == p.ipProtocol()) {
			protocol = p.ipProtocol();
		} else {
			return null;
		}
		int startPort = Math.max(p.startPort(), a.startPort());
		int endPort = Math.min(p.endPort(), a.endPort());
		if (startPort > endPort) {
			return null;
		}
		Octets start = max(p.start(), a.start());
		Octets end = min(p.end(), a.end());
		if (value(start).compareTo(value(end)) > 0) {
			return null;
		}
		return new Payload.TrafficSelector(p.tsType(), protocol, startPort, endPort, start, end);
	}

	private static BigInteger value(Octets o) {
		return new BigInteger(1, o.toByteArray());
	}

	private static Octets max(Octets x, Octets y) {
		return value(x).compareTo(value(y)) >= 0 ? x : y;
	}

	private static Octets min(Octets x, Octets y) {
		return value(x).compareTo(value(y)) <= 0 ? x : y;
	}
}
