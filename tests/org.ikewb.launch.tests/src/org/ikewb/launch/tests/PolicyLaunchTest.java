package org.ikewb.launch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ikewb.dsl.PolicyFiles;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.launch.PolicyLaunch;
import org.ikewb.model.policy.Peer;
import org.ikewb.model.policy.PeerRole;
import org.ikewb.model.policy.PolicyFile;
import org.ikewb.model.secrets.SecretResolver;
import org.ikewb.protocol.IdType;
import org.ikewb.protocol.ProposalSyntax;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy's two peers, resolved by the bridge, establish a hybrid IKE SA between two real engines. */
class PolicyLaunchTest {

	private static final SecretResolver SECRETS = new SecretResolver(Map.of("DEMO_PSK", "launch-test-psk-0123")::get);

	private static PolicyFile load(Path file) throws Exception {
		PolicyFiles.Loaded loaded = PolicyFiles.standalone().load(file);
		assertFalse(loaded.hasErrors(), loaded.issues()::toString);
		return loaded.model();
	}

	private static Peer peer(PolicyFile file, String name) {
		return file.getPolicies().get(0).getPeers().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
	}

	@Test
	void theLoopbackExampleEstablishesBetweenTwoEngines() throws Exception {
		PolicyFile file = load(Path.of("../../examples/loopback.ikewb"));
		PolicyLaunch.Resolved branch = PolicyLaunch.resolve(peer(file, "branch"), SECRETS);
		PolicyLaunch.Resolved gateway = PolicyLaunch.resolve(peer(file, "gateway"), SECRETS);
		assertEquals(PeerRole.RESPONDER, gateway.role());
		assertNull(gateway.remote(), "remote address any");
		assertEquals(new InetSocketAddress("127.0.0.1", 15500), branch.remote());
		assertEquals("aes256gcm16-prfsha384-x25519-ke1_mlkem768", ProposalSyntax.format(branch.config().ikeProposals().get(0)));
		// the gateway offers its own proposal and the library's alternatives
		assertEquals(2, gateway.config().ikeProposals().size());
		assertEquals(IdType.FQDN, branch.config().localId().type());
		assertEquals("gateway.loopback.test", branch.config().remoteId().toString());

		try (Engine responder = Engine.bind(new InetSocketAddress("127.0.0.1", 0), true);
				Engine initiator = Engine.bind(new InetSocketAddress("127.0.0.1", 0), true)) {
			responder.respondWith(gateway.config());
			EstablishedSa sa = initiator.initiate(branch.config(), responder.localAddress()).get(20, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-prfsha384-x25519-ke1_mlkem768", ProposalSyntax.format(sa.proposal()));
			assertEquals(1, sa.intermediateExchanges());
			EstablishedSa theirs = responder.established().get(5, TimeUnit.SECONDS).get(0);
			assertEquals(sa.keys().skD(), theirs.keys().skD());
			assertEquals(sa.children().get(0).keys(), theirs.children().get(0).keys());
			// The Child SA's selectors come from the policy (10.1.0.0/16 <-> 10.0.0.0/8)
			assertEquals("0a010000", branch.config().localTs().get(0).start().hex());
			assertEquals("0a01ffff", branch.config().localTs().get(0).end().hex());
		}
	}

	@Test
	void aPeersRekeyProposalsChangeThePrfAndAddAnMlKemRound(@TempDir Path dir) throws Exception {
		Path policy = dir.resolve("rekey.ikewb");
		Files.writeString(policy, """
				policy rekeys {
				    targets ikewb
				    ike proposal classic { encryption aes256gcm16  prf prfsha256  ke x25519 }
				    ike proposal hybrid  { encryption aes256gcm16  prf prfsha384  ke ecp384  addke 1 mlkem768 }
				    esp proposal plain   { encryption aes256gcm16 }
				    esp proposal pfs     { encryption aes256gcm16  ke x25519 }
				    peer branch {
				        local  address 127.0.0.1 id fqdn "branch.rekey.test"
				        remote address 127.0.0.1 port 15600 id fqdn "gateway.rekey.test"
				        auth psk from env "DEMO_PSK"
				        ike proposals classic
				        rekey ike proposals hybrid
				        child lan { local ts 10.1.0.0/16  remote ts 10.0.0.0/8  esp proposals plain  rekey esp proposals pfs }
				    }
				    peer gateway {
				        role responder
				        local  address 127.0.0.1 port 15600 id fqdn "gateway.rekey.test"
				        remote address any id fqdn "branch.rekey.test"
				        auth psk from env "DEMO_PSK"
				        ike proposals classic
				        rekey ike proposals hybrid
				        child lan { local ts 10.0.0.0/8  remote ts 10.1.0.0/16  esp proposals plain  rekey esp proposals pfs }
				    }
				}
				""");
		PolicyFile file = load(policy);
		PolicyLaunch.Resolved branch = PolicyLaunch.resolve(peer(file, "branch"), SECRETS);
		PolicyLaunch.Resolved gateway = PolicyLaunch.resolve(peer(file, "gateway"), SECRETS);
		try (Engine responder = Engine.bind(new InetSocketAddress("127.0.0.1", 0), false);
				Engine initiator = Engine.bind(new InetSocketAddress("127.0.0.1", 0), false)) {
			responder.respondWith(gateway.config());
			EstablishedSa sa = initiator.initiate(branch.config(), responder.localAddress()).get(20, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-prfsha256-x25519", ProposalSyntax.format(sa.proposal()));
			EstablishedSa.Child child = initiator.rekeyChild(sa, sa.children().get(0)).get(20, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-x25519-noesn", ProposalSyntax.format(child.proposal()), "PFS at the Child SA rekey");
			EstablishedSa next = initiator.rekeyIke(initiator.current(sa).get(5, TimeUnit.SECONDS)).get(20, TimeUnit.SECONDS);
			assertEquals("aes256gcm16-prfsha384-ecp384-ke1_mlkem768", ProposalSyntax.format(next.proposal()));
			// the responder may still hold the old IKE SA for a moment: compare with the new one, by its SPI
			EstablishedSa theirs = responder.established().get(5, TimeUnit.SECONDS).stream()
					.filter(x -> x.initiatorSpi() == next.initiatorSpi()).findFirst().orElseThrow();
			assertEquals(next.keys().skD(), theirs.keys().skD());
		}
	}

	@Test
	void aMissingSecretStopsTheLaunchAndNamesTheSource() throws Exception {
		PolicyFile file = load(Path.of("../../examples/loopback.ikewb"));
		PolicyLaunch.LaunchException e = assertThrows(PolicyLaunch.LaunchException.class,
				() -> PolicyLaunch.resolve(peer(file, "branch"), new SecretResolver(name -> null)));
		assertTrue(e.getMessage().contains("DEMO_PSK"), e.getMessage());
	}

	@Test
	void aPskFileIsReadRelativeToThePolicy(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("gw.psk"), "from-a-file-0123456789\n");
		Files.writeString(dir.resolve("p.ikewb"), """
				policy p {
				    ike proposal classic {
				        encryption aes128gcm16
				        prf        prfsha256
				        ke         ecp256
				    }
				    esp proposal child {
				        encryption aes128gcm16
				    }
				    peer gw {
				        local  address 127.0.0.1 id address 127.0.0.1
				        remote address 127.0.0.1 port 4501 id email "ops@example.net"
				        auth psk from file "gw.psk"
				        ike proposals classic
				        child c {
				            mode transport
				            local  ts 127.0.0.1/32 proto udp port 5000-5010
				            remote ts dynamic
				            esp proposals child
				        }
				    }
				}
				""");
		PolicyLaunch.Resolved gw = PolicyLaunch.resolve(peer(load(dir.resolve("p.ikewb")), "gw"), SecretResolver.system());
		assertEquals("from-a-file-0123456789", new String(gw.config().psk().get()));
		assertEquals(IdType.IPV4_ADDR, gw.config().localId().type());
		assertEquals(IdType.RFC822_ADDR, gw.config().remoteId().type());
		assertTrue(gw.config().transportMode());
		assertEquals(4501, gw.config().peerNatTPort());
		assertEquals(17, gw.config().localTs().get(0).ipProtocol());
		assertEquals(List.of(5000, 5010), List.of(gw.config().localTs().get(0).startPort(), gw.config().localTs().get(0).endPort()));
		assertEquals("7f000001", gw.config().remoteTs().get(0).start().hex(), "dynamic is the remote address");
	}

	@Test
	void certificatePeersWithCrlsAndIntermediatesFromThePolicy(@TempDir Path dir) throws Exception {
		java.security.SecureRandom random = new java.security.SecureRandom();
		org.ikewb.crypto.Pki root = org.ikewb.crypto.Pki.newCa("Launch root", random);
		org.ikewb.crypto.Pki sub = root.intermediate("Launch issuing CA", org.ikewb.crypto.Pki.CaFlaw.NONE);
		org.ikewb.crypto.Certificates.Local gw = sub.issue("gw", "gw.launch.test");
		org.ikewb.crypto.Certificates.Local branch = sub.issue("branch", "branch.launch.test");
		// each writes its end-entity certificate alone: the issuing CA comes from 'intermediate'
		Files.writeString(dir.resolve("gw.pem"), org.ikewb.crypto.Pki.certificatePem(gw.chain().subList(0, 1)));
		Files.writeString(dir.resolve("gw.key"), org.ikewb.crypto.Pki.privateKeyPem(gw));
		Files.writeString(dir.resolve("branch.pem"), org.ikewb.crypto.Pki.certificatePem(branch.chain().subList(0, 1)));
		Files.writeString(dir.resolve("branch.key"), org.ikewb.crypto.Pki.privateKeyPem(branch));
		Files.writeString(dir.resolve("root.pem"), org.ikewb.crypto.Pki.certificatePem(List.of(root.caCertificate())));
		Files.writeString(dir.resolve("sub.pem"), org.ikewb.crypto.Pki.certificatePem(List.of(sub.caCertificate())));
		Files.write(dir.resolve("sub-revokes-branch.crl"), sub.crl(branch.chain().subList(0, 1)).toByteArray());
		Files.write(dir.resolve("sub-empty.crl"), sub.crl(List.of()).toByteArray());
		// strict: the issuing CA's own certificate needs a CRL of the root too
		Files.write(dir.resolve("root.crl"), root.crl(List.of()).toByteArray());
		String policy = """
				policy pki {
				    ike proposal hybrid {
				        encryption aes256gcm16
				        prf        prfsha384
				        ke         x25519
				        addke 1    mlkem768
				    }
				    peer gw {
				        role responder
				        local  address 127.0.0.1 id fqdn "gw.launch.test"
				        remote address any       id fqdn "branch.launch.test"
				        auth certificate "gw.pem" key from file "gw.key" ca "root.pem"
				            intermediate "sub.pem" crl from file "root.crl" crl from file "%s" revocation strict
				        ike proposals hybrid
				    }
				    peer branch {
				        role initiator
				        local  address 127.0.0.1 id fqdn "branch.launch.test"
				        remote address 127.0.0.1 id fqdn "gw.launch.test"
				        auth certificate "branch.pem" key from file "branch.key" ca "root.pem" intermediate "sub.pem"
				        ike proposals hybrid
				    }
				}
				""";
		for (String crl : List.of("sub-empty.crl", "sub-revokes-branch.crl")) {
			Files.writeString(dir.resolve("p.ikewb"), policy.formatted(crl));
			PolicyFile file = load(dir.resolve("p.ikewb"));
			PolicyLaunch.Resolved gateway = PolicyLaunch.resolve(peer(file, "gw"), SecretResolver.system());
			PolicyLaunch.Resolved initiating = PolicyLaunch.resolve(peer(file, "branch"), SecretResolver.system());
			assertEquals(IdType.FQDN, initiating.config().localId().type(), "the identity the policy names, not the DN");
			assertEquals(org.ikewb.crypto.PathRules.Revocation.STRICT, gateway.config().pathRules().revocation());
			assertEquals(2, gateway.config().crls().size());
			assertEquals(List.of(sub.caCertificate()), gateway.config().intermediates());
			try (Engine responder = Engine.bind(new InetSocketAddress("127.0.0.1", 0), true);
					Engine initiator = Engine.bind(new InetSocketAddress("127.0.0.1", 0), true)) {
				responder.respondWith(gateway.config());
				var run = initiator.initiate(initiating.config().withRetransmission(300, 2), responder.localAddress());
				if (crl.equals("sub-empty.crl")) {
					EstablishedSa sa = run.get(20, TimeUnit.SECONDS);
					assertEquals("gw.launch.test", new String(sa.peerId().data().toByteArray(), java.nio.charset.StandardCharsets.US_ASCII));
				} else {
					var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> run.get(20, TimeUnit.SECONDS));
					assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
				}
			}
		}
	}
}
