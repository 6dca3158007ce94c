package org.ikewb.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.ikewb.crypto.Certificates;
import org.ikewb.crypto.Pki;
import org.ikewb.engine.Engine;
import org.ikewb.engine.EstablishedSa;
import org.ikewb.engine.IkeConfig;
import org.ikewb.engine.TraceEvent;
import org.ikewb.protocol.IdType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IKE_AUTH with certificates and RFC 7427 ECDSA signatures, engine against engine. */
class CertificateAuthTest {

	private static final String IKE = "aes256gcm16-prfsha384-x25519-ke1_mlkem768";
	private final SecureRandom random = new SecureRandom();
	private Engine initiator;
	private Engine responder;

	@BeforeEach
	void bind() throws Exception {
		InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		initiator = Engine.bind(any, false);
		responder = Engine.bind(any, false);
	}

	@AfterEach
	void close() {
		initiator.close();
		responder.close();
	}

	private static IkeConfig config(Certificates.Local ours, Pki trusted) {
		return IkeConfig.psk(IkeConfig.Identity.fqdn("unused"), null, null, IKE, "aes256gcm16")
				.withCertificates(ours, List.of(trusted.caCertificate())).withRetransmission(300, 3);
	}

	@Test
	void ecdsaCertificatesAuthenticateBothSides() throws Exception {
		Pki ca = Pki.newCa("IKEv2 Workbench test CA", random);
		responder.respondWith(config(ca.issue("responder", "responder.test"), ca));
		EstablishedSa sa = initiator.initiate(config(ca.issue("initiator", "initiator.test"), ca),
				responder.localAddress()).get(10, TimeUnit.SECONDS);
		assertEquals(IdType.DER_ASN1_DN, sa.peerId().idType());
		assertEquals("CN=responder", Certificates.describeName(sa.peerId().data()));
		assertEquals(1, sa.intermediateExchanges());
	}

	@Test
	void aCertificateFromAnotherCaIsRefused() {
		Pki ca = Pki.newCa("IKEv2 Workbench test CA", random);
		Pki other = Pki.newCa("Somebody else", random);
		responder.respondWith(config(ca.issue("responder", "responder.test"), ca));
		ExecutionException e = assertThrows(ExecutionException.class, () -> initiator.initiate(
				config(other.issue("initiator", "initiator.test"), ca), responder.localAddress()).get(10, TimeUnit.SECONDS));
		assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
	}

	@Test
	void aRevokedCertificateIsRefusedInBothRoles() throws Exception {
		Pki ca = Pki.newCa("IKEv2 Workbench test CA", random);
		Certificates.Local initiatorCert = ca.issue("initiator", "initiator.test");
		Certificates.Local responderCert = ca.issue("responder", "responder.test");
		List<TraceEvent> responderTrace = new java.util.concurrent.CopyOnWriteArrayList<>();
		responder.addListener(responderTrace::add);
		// the responder holds a CRL that lists the initiator: AUTHENTICATION_FAILED, and its trace says why
		responder.respondWith(config(responderCert, ca).withCrls(List.of(ca.crl(initiatorCert.chain()))));
		ExecutionException e = assertThrows(ExecutionException.class, () -> initiator.initiate(config(initiatorCert, ca),
				responder.localAddress()).get(10, TimeUnit.SECONDS));
		assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
		assertTrue(responder.flushTrace(java.time.Duration.ofSeconds(5)));
		assertTrue(responderTrace.stream().anyMatch(t -> t instanceof TraceEvent.Error er && er.reason().contains("CN=initiator: revoked on")),
				responderTrace::toString);
		// the initiator holds a CRL that lists the responder
		responder.respondWith(config(responderCert, ca));
		ExecutionException r = assertThrows(ExecutionException.class, () -> initiator.initiate(config(initiatorCert, ca)
				.withCrls(List.of(ca.crl(responderCert.chain()))), responder.localAddress()).get(10, TimeUnit.SECONDS));
		assertTrue(r.getCause().getMessage().contains("CN=responder: revoked on"), r.getCause().getMessage());
		// a CRL that lists neither: both in
		initiator.initiate(config(initiatorCert, ca).withCrls(List.of(ca.crl(List.of()))), responder.localAddress())
				.get(10, TimeUnit.SECONDS);
	}

	@Test
	void anIntermediateThePeerDoesNotSendComesFromOurConfiguration() throws Exception {
		Pki root = Pki.newCa("IKEv2 Workbench root", random);
		Pki sub = root.intermediate("IKEv2 Workbench issuing CA", Pki.CaFlaw.NONE);
		Certificates.Local full = sub.issue("initiator", "initiator.test");
		// an initiator that sends its end-entity certificate alone
		Certificates.Local alone = new Certificates.Local(full.chain().subList(0, 1), full.privateKey(), full.scheme());
		IkeConfig responderConfig = IkeConfig.psk(IkeConfig.Identity.fqdn("unused"), null, null, IKE, "aes256gcm16")
				.withCertificates(sub.issue("responder", "responder.test"), List.of(root.caCertificate())).withRetransmission(300, 3);
		IkeConfig initiatorConfig = IkeConfig.psk(IkeConfig.Identity.fqdn("unused"), null, null, IKE, "aes256gcm16")
				.withCertificates(alone, List.of(root.caCertificate())).withRetransmission(300, 3);
		responder.respondWith(responderConfig);
		ExecutionException e = assertThrows(ExecutionException.class,
				() -> initiator.initiate(initiatorConfig, responder.localAddress()).get(10, TimeUnit.SECONDS));
		assertTrue(e.getCause().getMessage().startsWith("AUTHENTICATION_FAILED"), e.getCause().getMessage());
		// with the issuing CA configured as an intermediate (not a trust anchor) it leads to the root
		responder.respondWith(responderConfig.withIntermediates(List.of(sub.caCertificate())));
		EstablishedSa sa = initiator.initiate(initiatorConfig, responder.localAddress()).get(10, TimeUnit.SECONDS);
		assertEquals("CN=responder", Certificates.describeName(sa.peerId().data()));
	}
}
