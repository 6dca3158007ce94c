package org.ikewb.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.TraceEvent;
import org.ikewb.launch.PolicyLaunch;
import org.ikewb.model.negotiation.Behaviour;
import org.ikewb.model.negotiation.NegotiationSimulator;
import org.ikewb.model.negotiation.PolicyParties;
import org.ikewb.model.negotiation.Prediction;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.secrets.SecretResolver;
import org.ikewb.protocol.ProposalSyntax;
import org.junit.jupiter.api.Test;

/**
 * The simulator's prediction for two peers of a policy, under our own behaviour, against what two
 * real engines then do on loopback: the same proposal, the same exchanges in the same order, and
 * every message the same size on the wire, fragment by fragment.
 */
class PredictionAgainstEngineTest {

	private static final SecretResolver SECRETS = new SecretResolver(Map.of("DEMO_PSK", "prediction-test-psk-01")::get);

	private static Peer peer(PolicyFile file, String name) {
		return file.getPolicies().get(0).getPeers().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void theLoopbackExampleRunsExactlyAsPredicted() throws Exception {
		PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(Path.of("../../examples/loopback.ikewb"));
		assertFalse(loaded.hasErrors(), loaded.issues()::toString);
		Peer branchPeer = peer(loaded.model(), "branch");
		Peer gatewayPeer = peer(loaded.model(), "gateway");
		Prediction predicted = NegotiationSimulator.predict(PolicyParties.party(branchPeer, Behaviour.OURS),
				PolicyParties.party(gatewayPeer, Behaviour.OURS));
		assertTrue(predicted.agreed(), predicted::verdict);

		PolicyLaunch.Resolved branch = PolicyLaunch.resolve(branchPeer, SECRETS);
		PolicyLaunch.Resolved gateway = PolicyLaunch.resolve(gatewayPeer, SECRETS);
		List<String> seen = new ArrayList<>();
		try (Engine responder = Engine.bind(new InetSocketAddress("127.0.0.1", 0), false);
				Engine initiator = Engine.bind(new InetSocketAddress("127.0.0.1", 0), false)) {
			responder.respondWith(gateway.config());
			initiator.addListener(event -> {
				if (event instanceof TraceEvent.Message m && !m.retransmission()) {
					seen.add(line(m.message().header().exchangeType().toString(), m.message().header().isResponse(),
							m.datagrams().stream().map(b -> b.length()).toList()));
				}
			});
			EstablishedSa sa = initiator.initiate(branch.config(), responder.localAddress()).get(20, TimeUnit.SECONDS);
			initiator.flushTrace(java.time.Duration.ofSeconds(5));
			assertEquals(ProposalSyntax.format(predicted.ike()), ProposalSyntax.format(sa.proposal()));
			assertEquals(predicted.intermediates(), sa.intermediateExchanges());
			assertEquals(ProposalSyntax.format(predicted.esp()).replace("-noesn", ""),
					ProposalSyntax.format(sa.children().get(0).proposal()).replace("-noesn", ""));
		}
		List<String> expected = predicted.steps().stream().filter(s -> s instanceof Prediction.Message)
				.map(Prediction.Message.class::cast).map(m -> line(m.exchange().toString(), m.response(), m.datagrams()))
				.toList();
		assertEquals(expected, seen);
	}

	private static String line(String exchange, boolean response, List<Integer> lengths) {
		return exchange + (response ? " response " : " request ") + lengths;
	}
}
