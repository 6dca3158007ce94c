package org.ikewb.engine;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikewb.crypto.KeyExchange;
import org.ikewb.crypto.KeyExchangeException;
import org.ikewb.crypto.KeySchedule;
import org.ikewb.crypto.Prf;
import org.ikewb.protocol.ProposalSelector;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.KeyExchangeMethod;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PrfAlgorithm;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.TransformType;

/**
 * IKE_SA_INIT (RFC 7296 §1.2): proposals, the primary key exchange, nonces, NAT detection, and the
 * announcements of fragmentation (RFC 7383) and intermediate exchanges (RFC 9242). Handles COOKIE
 * and INVALID_KE_PAYLOAD by starting over, and plans one IKE_INTERMEDIATE per negotiated ADDKE.
 */
final class IkeInitTask implements ExchangeTask.Initiator, ExchangeTask.Responder {

	private static final int NONCE_LENGTH = 32;

	/** Distinct retries (a new COOKIE, another KE method) and repeated answers we follow at most. */
	private static final int MAX_RESTARTS = 3;
	private static final int MAX_REPEATS = 8;

	private KeyExchangeMethod method;
	/** Our key exchange: kept across a COOKIE retry, which must carry the same KE payload (RFC 7296 §2.6). */
	private KeyExchange keyExchange;
	private KeyExchangeMethod keyExchangeMethod;
	private Octets cookie;
	/** Retries with something new: another COOKIE value, another KE method. */
	private int restarts;
	/** The same COOKIE or INVALID_KE_PAYLOAD again (a duplicate, or the answer to a retransmission). */
	private int repeats;
	/** The initiator's nonce: the same in every attempt (COOKIE, INVALID_KE_PAYLOAD), RFC 7296 §2.6. */
	private Octets ni;

	@Override
	public ExchangeType exchangeType() {
		return ExchangeType.IKE_SA_INIT;
	}

	// ------------------------------------------------------------------ initiator

	@Override
	public List<Payload> buildRequest(IkeSa sa) {
		sa.changeState(IkeSaState.CONNECTING);
		if (method == null) {
			method = KeyExchangeMethod.of(sa.config().ikeProposals().get(0).transformsOf(TransformType.KE).get(0).id());
		}
		if (keyExchange == null || !method.equals(keyExchangeMethod)) {
			destroyKeyExchange();
			keyExchange = KeyExchange.start(method, sa.random());
			keyExchangeMethod = method;
		}
		if (ni == null) {
			ni = sa.randomOctets(NONCE_LENGTH);
		}
		List<Payload> payloads = new ArrayList<>();
		if (cookie != null) {
			payloads.add(Payload.Notify.of(NotifyType.COOKIE, cookie));
		}
		payloads.add(new Payload.Sa(sa.config().ikeProposals()));
		payloads.add(new Payload.Ke(method, Octets.of(keyExchange.publicValue())));
		payloads.add(new Payload.Nonce(ni));
		payloads.addAll(natDetection(sa, 0));
		payloads.add(Payload.Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
		payloads.addAll(signatureHashes(sa));
		if (offersAdditionalKeyExchanges(sa.config().ikeProposals())) {
			payloads.add(Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED));
		}
		if (sa.config().ppk() != null) {
			payloads.add(Payload.Notify.of(NotifyType.USE_PPK));
		}
		return payloads;
	}

	/** N(SIGNATURE_HASH_ALGORITHMS) (RFC 7427 §4) when we use or accept certificates: SHA2-256/384/512, Identity. */
	private static List<Payload> signatureHashes(IkeSa sa) {
		if (sa.config().credentials() == null && sa.config().trustAnchors().isEmpty()) {
			return List.of();
		}
		return List.of(Payload.Notify.of(NotifyType.SIGNATURE_HASH_ALGORITHMS, Octets.fromHex("0002000300040005")));
	}

	private static boolean offersAdditionalKeyExchanges(List<Payload.Proposal> proposals) {
		return proposals.stream().flatMap(p -> p.transforms().stream())
				.anyMatch(t -> t.transformType().isAdditionalKeyExchange() && t.id() != 0);
	}

	@Override
	public void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) throws IkeFailure {
		Optional<Payload.Notify> error = Payloads.firstError(response);
		Optional<Payload.Notify> cookieNotify = Payloads.notify(response, NotifyType.COOKIE);
		if (cookieNotify.isPresent()) {
			// RFC 7296 §2.6: the same request again with the newest COOKIE first, every other payload unchanged
			Octets fresh = cookieNotify.get().data();
			retry(fresh.equals(cookie), "a COOKIE");
			cookie = fresh;
			sa.restartInit(this);
			return;
		}
		Optional<Payload.Notify> invalidKe = Payloads.notify(response, NotifyType.INVALID_KE_PAYLOAD);
		if (invalidKe.isPresent()) {
			Octets data = invalidKe.get().data();
			if (data.length() != 2) {
				throw new IkeFailure(null, "INVALID_KE_PAYLOAD without a 2-octet method");
			}
			KeyExchangeMethod wanted = KeyExchangeMethod.of(((data.get(0) & 0xff) << 8) | (data.get(1) & 0xff));
			boolean offered = sa.config().ikeProposals().stream()
					.anyMatch(p -> p.transformsOf(TransformType.KE).stream().anyMatch(t -> t.id() == wanted.value()));
			if (!offered) {
				throw new IkeFailure(null, "the responder asks for " + wanted.ianaName() + ", which we did not offer");
			}
			retry(wanted.equals(method), "INVALID_KE_PAYLOAD");
			method = wanted; // a new key exchange of that method; nonce, SPI and COOKIE stay
			sa.restartInit(this);
			return;
		}
		if (error.isPresent()) {
			throw new IkeFailure(null, "the responder answered IKE_SA_INIT with " + error.get().notifyType().ianaName());
		}
		Payload.Sa saPayload = Payloads.first(response, Payload.Sa.class, "SA");
		if (saPayload.proposals().size() != 1) {
			throw new IkeFailure(null, "NO_PROPOSAL_CHOSEN: the responder chose " + saPayload.proposals().size()
					+ " proposals");
		}
		Payload.Proposal chosen = saPayload.proposals().get(0);
		String problem = ProposalSelector.checkChoice(chosen, sa.config().ikeProposals());
		if (problem != null) {
			throw new IkeFailure(null, "NO_PROPOSAL_CHOSEN: " + problem);
		}
		Payload.Ke ke = Payloads.first(response, Payload.Ke.class, "KE");
		int chosenKe = chosen.transformsOf(TransformType.KE).get(0).id();
		if (ke.method().value() != chosenKe || chosenKe != method.value()) {
			throw new IkeFailure(null, "the responder's KE payload uses " + ke.method().ianaName() + " but "
					+ KeyExchangeMethod.of(chosenKe).ianaName() + " was chosen and " + method.ianaName() + " sent");
		}
		byte[] secret;
		try {
			secret = keyExchange.complete(ke.data().toByteArray());
		} catch (KeyExchangeException e) {
			throw new IkeFailure(null, "responder's KE payload: " + e.getMessage());
		} finally {
			destroyKeyExchange();
		}
		Octets nr = Payloads.first(response, Payload.Nonce.class, "Nonce").nonce();
		boolean fragmentation = Payloads.has(response, NotifyType.IKEV2_FRAGMENTATION_SUPPORTED);
		boolean intermediate = Payloads.notify(response, NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED).isPresent();
		List<IkeIntermediateTask> rounds = IkeIntermediateTask.plan(chosen);
		if (!rounds.isEmpty() && !intermediate) {
			throw new IkeFailure(null, "the responder chose additional key exchanges without announcing "
					+ "INTERMEDIATE_EXCHANGE_SUPPORTED");
		}
		deriveKeys(sa, chosen, ni, nr, fragmentation, intermediate, Octets.of(secret));
		java.util.Arrays.fill(secret, (byte) 0);
		sa.extensionsAnnounced(sa.config().ppk() != null && Payloads.has(response, NotifyType.USE_PPK),
				Payloads.has(response, NotifyType.CHILDLESS_IKEV2_SUPPORTED));
		sa.queueNext(rounds);
		if (natDetected(sa, response)) {
			sa.moveToNatT(sa.config().peerNatTPort()); // RFC 7296 §2.23: IKE_AUTH and later on port 4500
		}
	}

	/** Counts a retry: something new, or the same answer again; too many of either end the attempt. */
	private void retry(boolean same, String what) throws IkeFailure {
		if (same ? ++repeats > MAX_REPEATS : ++restarts > MAX_RESTARTS) {
			throw new IkeFailure(null, "the responder keeps answering IKE_SA_INIT with " + what + " ("
					+ (same ? repeats + " times the same" : restarts + " different ones") + "): it may be overloaded or misconfigured");
		}
	}

	private void destroyKeyExchange() {
		if (keyExchange != null) {
			keyExchange.destroy();
			keyExchange = null;
			keyExchangeMethod = null;
		}
	}

	@Override
	public void failed(String reason) {
		destroyKeyExchange();
	}

	// ------------------------------------------------------------------ responder

	@Override
	public List<Payload> respond(IkeSa sa, List<Payload> request) throws IkeFailure {
		sa.changeState(IkeSaState.CONNECTING);
		Payload.Sa offered = Payloads.first(request, Payload.Sa.class, "SA");
		ProposalSelector.Result selection = ProposalSelector.select(offered.proposals(), sa.config().ikeProposals());
		if (!selection.matched()) {
			throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN: " + selection.reason());
		}
		Payload.Proposal chosen = selection.chosen();
		boolean intermediate = Payloads.notify(request, NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED).isPresent();
		if (!IkeIntermediateTask.plan(chosen).isEmpty() && !intermediate) {
			throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN: additional key exchanges "
					+ "need INTERMEDIATE_EXCHANGE_SUPPORTED, which the initiator did not send");
		}
		KeyExchangeMethod chosenKe = KeyExchangeMethod.of(chosen.transformsOf(TransformType.KE).get(0).id());
		Payload.Ke ke = Payloads.first(request, Payload.Ke.class, "KE");
		if (!ke.method().equals(chosenKe)) {
			byte[] data = { (byte) (chosenKe.value() >> 8), (byte) chosenKe.value() };
			throw new IkeFailure(NotifyType.INVALID_KE_PAYLOAD, data, "INVALID_KE_PAYLOAD: the initiator sent "
					+ ke.method().ianaName() + ", we chose " + chosenKe.ianaName());
		}
		KeyExchange.Response answer;
		try {
			answer = KeyExchange.respond(chosenKe, ke.data().toByteArray(), sa.random());
		} catch (KeyExchangeException e) {
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, "initiator's KE payload: " + e.getMessage());
		}
		Octets ni = Payloads.first(request, Payload.Nonce.class, "Nonce").nonce();
		if (ni.length() < 16 || ni.length() > 256) {
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, "nonce of " + ni.length() + " octets (16..256 allowed)");
		}
		Octets nr = sa.randomOctets(NONCE_LENGTH);
		boolean fragmentation = Payloads.has(request, NotifyType.IKEV2_FRAGMENTATION_SUPPORTED);
		deriveKeys(sa, chosen, ni, nr, fragmentation, intermediate, Octets.of(answer.sharedSecret()));
		java.util.Arrays.fill(answer.sharedSecret(), (byte) 0);
		List<Payload> payloads = new ArrayList<>();
		payloads.add(new Payload.Sa(List.of(chosen)));
		payloads.add(new Payload.Ke(chosenKe, Octets.of(answer.publicValue())));
		payloads.add(new Payload.Nonce(nr));
		payloads.addAll(natDetection(sa, sa.responderSpi()));
		if (fragmentation) {
			payloads.add(Payload.Notify.of(NotifyType.IKEV2_FRAGMENTATION_SUPPORTED));
		}
		payloads.addAll(signatureHashes(sa));
		if (intermediate) {
			payloads.add(Payload.Notify.of(NotifyType.INTERMEDIATE_EXCHANGE_SUPPORTED));
		}
		// RFC 8784: USE_PPK back when both can. RFC 6023: the responder says it accepts an IKE_AUTH
		// without a Child SA (an initiator announces nothing; it may then leave SA, TSi and TSr out)
		boolean usePpk = sa.config().ppk() != null && Payloads.has(request, NotifyType.USE_PPK);
		sa.extensionsAnnounced(usePpk, false);
		if (usePpk) {
			payloads.add(Payload.Notify.of(NotifyType.USE_PPK));
		}
		payloads.add(Payload.Notify.of(NotifyType.CHILDLESS_IKEV2_SUPPORTED));
		if (!sa.config().trustAnchors().isEmpty()) {
			// the responder's CERTREQ goes in IKE_SA_INIT (RFC 7296 §1.2): initiators send their certificate
			payloads.add(new Payload.Cert(org.ikewb.protocol.PayloadType.CERTREQ,
					org.ikewb.protocol.CertificateEncoding.X509_SIGNATURE,
					org.ikewb.crypto.Certificates.certificateRequest(sa.config().trustAnchors())));
		}
		return payloads;
	}

	// ------------------------------------------------------------------ both

	/** IKE_SA_INIT done on either side: what it negotiated goes to the IKE SA, with keys of generation 0. */
	private static void deriveKeys(IkeSa sa, Payload.Proposal chosen, Octets ni, Octets nr, boolean fragmentation,
			boolean intermediate, Octets sharedSecret) throws IkeFailure {
		Payload.Transform encr = chosen.transformsOf(TransformType.ENCR).get(0);
		EncryptionAlgorithm encryption = EncryptionAlgorithm.of(encr.id());
		PrfAlgorithm prfAlgorithm = PrfAlgorithm.of(chosen.transformsOf(TransformType.PRF).get(0).id());
		List<Payload.Transform> integ = chosen.transformsOf(TransformType.INTEG);
		IntegrityAlgorithm integrity = integ.isEmpty() ? IntegrityAlgorithm.NONE : IntegrityAlgorithm.of(integ.get(0).id());
		if (!encryption.aead() && integrity.equals(IntegrityAlgorithm.NONE)) {
			throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN: " + encryption
					+ " needs an integrity algorithm (" + ProposalSyntax.format(chosen) + ")");
		}
		Prf prf;
		try {
			prf = Prf.of(prfAlgorithm);
		} catch (IllegalArgumentException e) {
			throw new IkeFailure(NotifyType.NO_PROPOSAL_CHOSEN, e.getMessage());
		}
		sa.initExchanged(chosen, prf, ni, nr, fragmentation, intermediate);
		Octets skeyseed = KeySchedule.initialSkeyseed(prf, ni, nr, sharedSecret);
		sharedSecret.destroy(); // g^ir is needed for SKEYSEED only
		sa.newKeys(KeySchedule.derive(0, prf, encryption, encr.keyLength(), integrity, skeyseed, ni, nr,
				sa.initiatorSpi(), sa.responderSpi()), "IKE_SA_INIT " + KeyExchangeMethod.of(
						chosen.transformsOf(TransformType.KE).get(0).id()).ianaName());
	}

	/** NAT_DETECTION_SOURCE_IP / _DESTINATION_IP: SHA-1(SPIi | SPIr | IP | port), RFC 7296 §2.23. */
	private static List<Payload> natDetection(IkeSa sa, long spiR) {
		InetSocketAddress local = sa.localAddress();
		return List.of(Payload.Notify.of(NotifyType.NAT_DETECTION_SOURCE_IP, natHash(sa.initiatorSpi(), spiR, local)),
				Payload.Notify.of(NotifyType.NAT_DETECTION_DESTINATION_IP, natHash(sa.initiatorSpi(), spiR, sa.peer())));
	}

	/**
	 * Whether the responder's NAT_DETECTION notifies show a NAT on the way: its view of our address
	 * (DESTINATION_IP) or of its own (SOURCE_IP) differs from ours. Without the notifies: no NAT known.
	 */
	private static boolean natDetected(IkeSa sa, List<Payload> response) {
		var source = Payloads.notify(response, NotifyType.NAT_DETECTION_SOURCE_IP);
		var destination = Payloads.notify(response, NotifyType.NAT_DETECTION_DESTINATION_IP);
		if (source.isEmpty() || destination.isEmpty()) {
			return false;
		}
		boolean peerBehindNat = !source.get().data().equals(natHash(sa.initiatorSpi(), sa.responderSpi(), sa.peer()));
		boolean weBehindNat = !destination.get().data().equals(natHash(sa.initiatorSpi(), sa.responderSpi(), sa.localAddress()));
		return peerBehindNat || weBehindNat;
	}

	static Octets natHash(long spiI, long spiR, InetSocketAddress address) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			sha1.update(KeyScheduleSpis.of(spiI, spiR));
			sha1.update(address.getAddress().getAddress());
			sha1.update(new byte[] { (byte) (address.getPort() >> 8), (byte) address.getPort() });
			return Octets.of(sha1.digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** SPIi | SPIr as 16 octets. */
	static final class KeyScheduleSpis {
		private KeyScheduleSpis() {
		}

		static byte[] of(long spiI, long spiR) {
			byte[] b = new byte[16];
			for (int i = 0; i < 8; i++) {
				b[i] = (byte) (spiI >>> (56 - 8 * i));
				b[8 + i] = (byte) (spiR >>> (56 - 8 * i));
			}
			return b;
		}
	}
}
