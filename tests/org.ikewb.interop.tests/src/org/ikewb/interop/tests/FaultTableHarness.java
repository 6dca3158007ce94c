package org.ikewb.interop.tests;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import org.ikewb.engine.Engine;
import org.ikewb.engine.IkeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The loss / duplication / reordering table (a harness, off unless asked for): N exchanges with
 * rekeys at 10 %, 20 % and 30 % loss in each direction plus 5 % duplication and 10 % reordering,
 * our engine against itself and against strongSwan 6.1, printed as a markdown table. It asserts
 * only what must hold at any loss rate: every completed run has identical keys on both sides.
 *
 * <pre>
 * tests/interop/run-suite.sh -Dikewb.faults.exchanges=100 -Dtest=FaultTableHarness -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * ({@code -Dikewb.faults.pairings=ours|strongswan} and {@code -Dikewb.faults.losses=0.2,0.3} narrow it.)
 */
class FaultTableHarness {

	static boolean requested() {
		return Integer.getInteger("ikewb.faults.exchanges", 0) > 0;
	}

	@Test
	@EnabledIf("requested")
	void table() throws Exception {
		int n = Integer.getInteger("ikewb.faults.exchanges");
		String pairings = System.getProperty("ikewb.faults.pairings", "ours,strongswan");
		String[] losses = System.getProperty("ikewb.faults.losses", "0.10,0.20,0.30").split(",");
		List<String> lines = new ArrayList<>();
		List<String> broken = new ArrayList<>();
		IkeConfig config = LossyNetwork.initiatorConfig(LossyNetwork.US, LossyNetwork.THEM);
		for (String lossText : losses) {
			double loss = Double.parseDouble(lossText);
			long seed = 1000 + Math.round(loss * 100);
			if (pairings.contains("ours")) try (Engine responder = LossyNetwork.ourResponder(); Engine initiator = LossyNetwork.engine();
					UdpRelay relay = new UdpRelay(responder.localAddress(), UdpRelay.Faults.lossy(loss),
							UdpRelay.Faults.lossy(loss), seed)) {
				List<LossyNetwork.Run> runs = FaultInjectionTest.runs(n, initiator, relay,
						LossyNetwork.ourResponder(responder));
				lines.add(LossyNetwork.summarize("ours → ours", loss, runs, relay));
				check(runs, broken, "ours → ours " + loss);
				System.out.println(lines.get(lines.size() - 1));
			}
			if (pairings.contains("strongswan")) try (StrongSwan peer = StrongSwan.start("r-faults", 14910, LossyNetwork.strongSwanResponderConf());
					Engine initiator = LossyNetwork.engine();
					UdpRelay relay = new UdpRelay(new InetSocketAddress("127.0.0.1", 14910), UdpRelay.Faults.lossy(loss),
							UdpRelay.Faults.lossy(loss), seed)) {
				long[] mark = { 0 };
				List<LossyNetwork.Run> runs = new ArrayList<>();
				for (int i = 0; i < n; i++) {
					mark[0] = peer.logSize();
					runs.add(LossyNetwork.run(initiator, config, relay, LossyNetwork.strongSwan(peer, mark)));
				}
				lines.add(LossyNetwork.summarize("ours → strongSwan", loss, runs, relay));
				check(runs, broken, "ours → strongSwan " + loss);
				System.out.println(lines.get(lines.size() - 1));
			}
		}
		System.out.println();
		System.out.println("Fault table: " + n + " exchanges (IKE_SA_INIT, IKE_INTERMEDIATE ML-KEM-768, IKE_AUTH, IKE SA"
				+ " rekey and Child SA rekey with IKE_FOLLOWUP_KE) per row; loss per direction, plus 5 % duplication"
				+ " and 10 % reordering (held 5-40 ms)");
		System.out.println(LossyNetwork.header());
		lines.forEach(System.out::println);
		if (!broken.isEmpty()) {
			throw new AssertionError("completed runs whose keys differ: " + broken);
		}
	}

	private static void check(List<LossyNetwork.Run> runs, List<String> broken, String row) {
		for (LossyNetwork.Run r : runs) {
			if (r.completed() && !r.keysIdentical()) {
				broken.add(row);
			}
		}
		for (String failure : LossyNetwork.failures(runs)) {
			System.out.println("  " + row + " did not complete: " + failure);
		}
	}
}
