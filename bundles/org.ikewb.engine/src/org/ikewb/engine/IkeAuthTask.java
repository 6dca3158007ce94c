package org.ikewb.engine;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ikewb.crypto.Authentication;
import org.ikewb.crypto.Certificates;
import org.ikewb.crypto.SignatureAuthentication;
import org.ikewb.protocol.ProposalSelector;
import org.ikewb.protocol.AuthMethod;
import org.ikewb.protocol.CertificateEncoding;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.ProtocolId;

/**
 * IKE_AUTH (RFC 7296 §1.2, §2.15) with a pre-shared key, the IntAuth chain and IKE_AUTH_MID when
 * intermediate exchanges took place (RFC 9242 §3.3.2), and the first Child SA: ESP proposals
 * without key exchanges (those apply to CREATE_CHILD_SA only), traffic selectors narrowed, keys
 * from KEYMAT = prf+(SK_d, Ni | Nr).
 */
final class IkeAuthTask implements ExchangeTask.Initiator, ExchangeTask.Responder {

	private Octets inboundSpi;
	private int authMessageId;
	/** The PPK we named in our request (RFC 8784), or null. */
	private IkeConfig.Ppk.Key offeredPpk;
	/** The keys without the PPK, kept until the responder says whether it used it. */
	private org.ikewb.crypto.IkeSaKeys withoutPpk;

	/** PPK_ID type PPK_ID_FIXED (RFC 8784 §3): the rest of the notify data is the identity, configured on both sides. */
	private static final int PPK_ID_FIXED = 2;

	@Override
	public ExchangeType exchangeType() {
		return ExchangeType.IKE_AUTH;
	}

	private static Payload.Id id(PayloadType type, IkeConfig.Identity identity) {
		return new Payload.Id(type, identity.type(), identity.data());
	}

	/** ESP proposals as IKE_AUTH carries them: no KE or ADDKE transforms, our SPI. */
	private static List<Payload.Proposal> firstChildProposals(List<Payload.Proposal> esp, Octets spi) {
		List<Payload.Proposal> out = new ArrayList<>();
		for (Payload.Proposal p : esp) {
			out.add(new Payload.Proposal(p.number(), ProtocolId.ESP, spi, p.transforms().stream()
					.filter(t -> !t.transformType().carriesKeyExchange()).toList()));
		}
		return out;
	}

	private Octets octets(IkeSa sa, boolean ofInitiator, Payload.Id id) {
		byte[] realMessage = sa.initMessage(ofInitiator);
		return Authentication.signedOctets(Octets.of(realMessage), ofInitiator ? sa.nr() : sa.ni(), sa.prf(),
				ofInitiator ? sa.keys().skPi() : sa.keys().skPr(), id.body(), sa.intAuth(), authMessageId);
	}

	private static byte[] psk(IkeSa sa) throws IkeFailure {
		byte[] psk = sa.config().psk() == null ? null : sa.config().psk().get();
		if (psk == null || psk.length == 0) {
			throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED: no pre-shared key configured");
		}
		return psk;
	}

	/** Our AUTH payload: a signature with our certificate's key, or the PSK MAC. */
	private static Payload.Auth ourAuth(IkeSa sa, Octets octets) throws IkeFailure {
		Certificates.Local credentials = sa.config().credentials();
		if (credentials != null) {
			return new Payload.Auth(AuthMethod.DIGITAL_SIGNATURE,
					SignatureAuthentication.sign(credentials.scheme(), credentials.privateKey(), octets));
		}
		byte[] key = psk(sa);
		Octets auth = Authentication.sharedKeyAuth(sa.prf(), key, octets);
		java.util.Arrays.fill(key, (byte) 0);
		return new Payload.Auth(AuthMethod.SHARED_KEY_MIC, auth);
	}

	/** The CERT payloads of our chain, end entity first. */
	private static List<Payload> certificates(IkeSa sa) {
		Certificates.Local credentials = sa.config().credentials();
		if (credentials == null) {
			return List.of();
		}
		return credentials.chain().stream()
				.map(c -> (Payload) new Payload.Cert(PayloadType.CERT, CertificateEncoding.X509_SIGNATURE, c)).toList();
	}

	/** Why the peer's AUTH is refused, or null: a PSK MAC, or a signature by a certificate we trust that names the peer's ID. */
	private static String refuse(IkeSa sa, Payload.Auth auth, Octets octets, Payload.Id id, List<Payload> message)
			throws IkeFailure {
		if (auth.method().equals(AuthMethod.SHARED_KEY_MIC)) {
			if (sa.config().psk() == null) {
				return "the peer authenticates with a pre-shared key, we expect certificates";
			}
			return verifyPsk(sa, auth, octets) ? null : "AUTH does not verify with our pre-shared key";
		}
		if (!auth.method().equals(AuthMethod.DIGITAL_SIGNATURE)) {
			return "unsupported authentication method " + auth.method();
		}
		List<Octets> chain = new ArrayList<>(message.stream().filter(p -> p instanceof Payload.Cert c
				&& c.type().equals(PayloadType.CERT) && c.encoding().equals(CertificateEncoding.X509_SIGNATURE))
				.map(p -> ((Payload.Cert) p).data()).toList());
		if (!chain.isEmpty()) {
			chain.addAll(sa.config().intermediates()); // ours, for a peer that does not send its intermediates
		}
		// revocation lists: ours, and those the peer sent (each is checked against its issuer's key)
		List<Octets> crls = new ArrayList<>(sa.config().crls());
		message.stream().filter(p -> p instanceof Payload.Cert c && c.type().equals(PayloadType.CERT)
				&& c.encoding().equals(CertificateEncoding.CRL)).forEach(p -> crls.add(((Payload.Cert) p).data()));
		Certificates.Validated peer;
		try {
			peer = Certificates.validate(chain, sa.config().trustAnchors(), crls, sa.config().pathRules(),
					sa.config().clock().instant());
		} catch (Certificates.CertificateException e) {
			return "certificate: " + e.getMessage();
		}
		if (!peer.names(id.idType(), id.data())) {
			return "the certificate does not name the peer's identity " + describe(id);
		}
		String why = SignatureAuthentication.verify(auth.data(), peer.publicKey(), octets);
		return why == null ? null : "signature: " + why;
	}

	private static boolean verifyPsk(IkeSa sa, Payload.Auth auth, Octets octets) throws IkeFailure {
		if (!auth.method().equals(AuthMethod.SHARED_KEY_MIC)) {
			return false;
		}
		byte[] key = psk(sa);
		Octets expected = Authentication.sharedKeyAuth(sa.prf(), key, octets);
		java.util.Arrays.fill(key, (byte) 0);
		return MessageDigest.isEqual(expected.toByteArray(), auth.data().toByteArray());
	}

	// ------------------------------------------------------------------ initiator

	@Override
	public List<Payload> buildRequest(IkeSa sa) throws IkeFailure {
		authMessageId = sa.nextRequestMessageId();
		Payload.Id idi = id(PayloadType.IDI, sa.config().localId());
		boolean childless = sa.config().childless();
		if (childless && !sa.peerChildless()) {
			throw new IkeFailure(null, "the responder does not support IKE SAs without a Child SA (it sent no "
					+ "CHILDLESS_IKEV2_SUPPORTED, RFC 6023): create the Child SA in IKE_AUTH instead (no --childless)");
		}
		List<Payload> ppkNotifies = offerPpk(sa, idi);
		Payload.Auth auth = ourAuth(sa, octets(sa, true, idi));
		inboundSpi = sa.randomOctets(4);
		List<Payload> payloads = new ArrayList<>();
		payloads.add(idi);
		payloads.addAll(certificates(sa));
		if (!sa.config().trustAnchors().isEmpty()) {
			// CERTREQ names the CAs we trust, so the responder sends its certificate (strongSwan only does then)
			payloads.add(new Payload.Cert(PayloadType.CERTREQ, CertificateEncoding.X509_SIGNATURE,
					Certificates.certificateRequest(sa.config().trustAnchors())));
		}
		if (sa.config().remoteId() != null) {
			payloads.add(id(PayloadType.IDR, sa.config().remoteId()));
		}
		payloads.add(auth);
		payloads.addAll(ppkNotifies);
		if (!childless) {
			payloads.add(new Payload.Sa(firstChildProposals(sa.config().espProposals(), inboundSpi)));
			payloads.addAll(ChildSaNegotiation.request(sa.config()));
		}
		return payloads;
	}

	/**
	 * RFC 8784 as initiator: when both sides announced USE_PPK, mix our first PPK into the keys and
	 * name it (PPK_IDENTITY); unless a PPK is required, add NO_PPK_AUTH — our AUTH data without the
	 * PPK — for a responder that has none. Returns those notifies.
	 */
	private List<Payload> offerPpk(IkeSa sa, Payload.Id idi) throws IkeFailure {
		IkeConfig.Ppk ppk = sa.config().ppk();
		if (ppk == null) {
			return List.of();
		}
		if (!sa.usePpk()) {
			if (ppk.required()) {
				throw new IkeFailure(null, "the responder does not support post-quantum preshared keys (no USE_PPK in its "
						+ "IKE_SA_INIT, RFC 8784), and a PPK is required: configure the PPK on the responder, or make it optional");
			}
			sa.report("the responder does not support PPKs (no USE_PPK): this IKE SA has no PPK");
			return List.of();
		}
		offeredPpk = ppk.keys().get(0);
		List<Payload> notifies = new ArrayList<>();
		notifies.add(Payload.Notify.of(NotifyType.PPK_IDENTITY,
				Octets.concat(Octets.of(new byte[] { PPK_ID_FIXED }), offeredPpk.id())));
		if (!ppk.required()) {
			notifies.add(Payload.Notify.of(NotifyType.NO_PPK_AUTH, ourAuth(sa, octets(sa, true, idi)).data()));
		}
		withoutPpk = sa.keys().copy();
		mixPpk(sa, offeredPpk, "RFC 8784: PPK " + IkeConfig.Ppk.describe(offeredPpk.id()) + " mixed into SK_d, SK_pi, SK_pr");
		return notifies;
	}

	private static void mixPpk(IkeSa sa, IkeConfig.Ppk.Key key, String cause) throws IkeFailure {
		byte[] value = key.value() == null ? null : key.value().get();
		if (value == null || value.length == 0) {
			throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED: PPK "
					+ IkeConfig.Ppk.describe(key.id()) + " has no value: check where it is read from");
		}
		try {
			sa.newKeys(org.ikewb.crypto.KeySchedule.withPpk(sa.keys(), value), cause);
		} finally {
			java.util.Arrays.fill(value, (byte) 0);
		}
	}

	@Override
	public void processResponse(IkeSa sa, List<Payload> response, ExchangeData exchange) throws IkeFailure {
		if (Payloads.notify(response, NotifyType.AUTHENTICATION_FAILED).isPresent()) {
			throw new IkeFailure(null, "AUTHENTICATION_FAILED: the responder did not accept our authentication"
					+ (offeredPpk == null ? "" : " (with PPK " + IkeConfig.Ppk.describe(offeredPpk.id())
							+ (sa.config().ppk().required() ? ", required: the responder may not have it)" : ")")));
		}
		if (offeredPpk != null) {
			if (Payloads.has(response, NotifyType.PPK_IDENTITY)) {
				sa.ppkUsed(offeredPpk.id());
				withoutPpk.destroy();
			} else if (sa.config().ppk().required()) {
				throw new IkeFailure(null, "AUTHENTICATION_FAILED: the responder did not use PPK "
						+ IkeConfig.Ppk.describe(offeredPpk.id()) + " (no PPK_IDENTITY in its IKE_AUTH), and a PPK is required");
			} else {
				// it verified our NO_PPK_AUTH: the SA's keys are those without the PPK
				sa.newKeys(withoutPpk, "RFC 8784: the responder has no PPK " + IkeConfig.Ppk.describe(offeredPpk.id())
						+ " (it accepted NO_PPK_AUTH): keys without a PPK");
				sa.report("the responder has no PPK " + IkeConfig.Ppk.describe(offeredPpk.id()) + ": this IKE SA has no PPK");
			}
			withoutPpk = null;
		}
		Optional<Payload.Notify> error = Payloads.firstError(response);
		Payload.Id idr = Payloads.id(response, PayloadType.IDR);
		if (sa.config().remoteId() != null && !(idr.idType().equals(sa.config().remoteId().type())
				&& idr.data().equals(sa.config().remoteId().data()))) {
			throw new IkeFailure(null, "AUTHENTICATION_FAILED: the responder is " + describe(idr) + ", we expect "
					+ sa.config().remoteId());
		}
		Payload.Auth auth = Payloads.first(response, Payload.Auth.class, "AUTH");
		String refused = refuse(sa, auth, octets(sa, false, idr), idr, response);
		if (refused != null) {
			throw new IkeFailure(null, "AUTHENTICATION_FAILED: the responder's " + refused);
		}
		sa.peerAuthenticated(idr);
		if (sa.config().childless()) {
			return; // RFC 6023: no Child SA yet; CREATE_CHILD_SA makes the first one
		}
		if (error.isPresent()) {
			// the IKE SA stands; the Child SA was refused (RFC 7296 §1.2)
			sa.report("Child SA refused: "
					+ error.get().notifyType().ianaName());
			return;
		}
		Payload.Proposal chosen = Payloads.first(response, Payload.Sa.class, "SA").proposals().get(0);
		String problem = ProposalSelector.checkChoice(chosen, firstChildProposals(sa.config().espProposals(), inboundSpi));
		if (problem != null) {
			throw new IkeFailure(null, "Child SA: " + problem);
		}
		ChildSaNegotiation.install(sa, chosen, inboundSpi, chosen.spi(), ChildSaNegotiation.answered(response), true,
				sa.ni(), sa.nr());
	}

	// ------------------------------------------------------------------ responder

	@Override
	public List<Payload> respond(IkeSa sa, List<Payload> request) throws IkeFailure {
		if (IkeIntermediateTask.nextRound(sa) != null) {
			throw new IkeFailure(NotifyType.INVALID_SYNTAX, "IKE_AUTH before every negotiated IKE_INTERMEDIATE ("
					+ sa.keys().generation() + " of " + IkeIntermediateTask.plan(sa.chosen()).size() + " done)");
		}
		authMessageId = sa.expectedRequestMessageId();
		Payload.Id idi = Payloads.id(request, PayloadType.IDI);
		if (sa.config().remoteId() != null && !(idi.idType().equals(sa.config().remoteId().type())
				&& idi.data().equals(sa.config().remoteId().data()))) {
			throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED: the initiator is "
					+ describe(idi) + ", we expect " + sa.config().remoteId());
		}
		Payload.Auth auth = Payloads.first(request, Payload.Auth.class, "AUTH");
		IkeConfig.Ppk.Key ppk = acceptPpk(sa, request);
		if (ppk == null && sa.usePpk() && Payloads.has(request, NotifyType.PPK_IDENTITY)) {
			// we have not the PPK the initiator used; its NO_PPK_AUTH is its AUTH without it (acceptPpk checked it is there)
			auth = new Payload.Auth(auth.method(), Payloads.notify(request, NotifyType.NO_PPK_AUTH).get().data());
		}
		String refused = refuse(sa, auth, octets(sa, true, idi), idi, request);
		if (refused != null) {
			throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED: the initiator's " + refused
					+ (ppk == null ? "" : " (with PPK " + IkeConfig.Ppk.describe(ppk.id()) + " mixed in)"));
		}
		sa.peerAuthenticated(idi);
		if (ppk != null) {
			sa.ppkUsed(ppk.id());
		}
		Payload.Id idr = id(PayloadType.IDR, sa.config().localId());
		List<Payload> payloads = new ArrayList<>();
		payloads.add(idr);
		payloads.addAll(certificates(sa));
		payloads.add(ourAuth(sa, octets(sa, false, idr)));
		if (ppk != null) {
			payloads.add(Payload.Notify.of(NotifyType.PPK_IDENTITY)); // RFC 8784 §3: "I used it", without data
		}
		boolean childless = !Payloads.has(request, PayloadType.SA) && !Payloads.has(request, PayloadType.TSI)
				&& !Payloads.has(request, PayloadType.TSR);
		if (!childless) { // without SA, TSi, TSr: an IKE SA only (RFC 6023; we announced CHILDLESS_IKEV2_SUPPORTED)
			payloads.addAll(childResponse(sa, request));
		}
		sa.established();
		return payloads;
	}

	/**
	 * RFC 8784 as responder: the PPK the initiator named, mixed into the keys before its AUTH is
	 * checked; null when this SA goes on without one (the initiator named none or one we have not,
	 * and a PPK is not required — then its NO_PPK_AUTH is what must verify).
	 */
	private static IkeConfig.Ppk.Key acceptPpk(IkeSa sa, List<Payload> request) throws IkeFailure {
		IkeConfig.Ppk ppk = sa.config().ppk();
		if (ppk == null) {
			return null;
		}
		Optional<Payload.Notify> named = Payloads.notify(request, NotifyType.PPK_IDENTITY);
		if (!sa.usePpk() || named.isEmpty()) {
			if (ppk.required()) {
				throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED: the initiator "
						+ (sa.usePpk() ? "named no PPK (no PPK_IDENTITY)" : "does not support PPKs (no USE_PPK)")
						+ ", and a PPK is required (RFC 8784)");
			}
			return null;
		}
		Octets data = named.get().data();
		IkeConfig.Ppk.Key key = data.length() >= 2 && (data.toByteArray()[0] & 0xff) == PPK_ID_FIXED
				? ppk.find(data.slice(1, data.length())) : null;
		String which = data.length() >= 2 && (data.toByteArray()[0] & 0xff) == PPK_ID_FIXED
				? "PPK " + IkeConfig.Ppk.describe(data.slice(1, data.length()))
				: "a PPK_IDENTITY of type " + (data.length() == 0 ? "(none)" : String.valueOf(data.toByteArray()[0] & 0xff))
						+ " (we know PPK_ID_FIXED)";
		if (key != null) {
			mixPpk(sa, key, "RFC 8784: PPK " + IkeConfig.Ppk.describe(key.id()) + " mixed into SK_d, SK_pi, SK_pr");
			return key;
		}
		if (ppk.required()) {
			throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED: the initiator named " + which
					+ ", which we do not have, and a PPK is required");
		}
		if (!Payloads.has(request, NotifyType.NO_PPK_AUTH)) {
			throw new IkeFailure(NotifyType.AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED: the initiator named " + which
					+ ", which we do not have, and sent no NO_PPK_AUTH to go on without it");
		}
		sa.report("the initiator named " + which + ", which we do not have: this IKE SA has no PPK (NO_PPK_AUTH)");
		return null;
	}

	/** SA, TSi, TSr of the first Child SA, or the notify that refuses it (the IKE SA stands). */
	private List<Payload> childResponse(IkeSa sa, List<Payload> request) throws IkeFailure {
		Payload.Sa offered = Payloads.first(request, Payload.Sa.class, "SA");
		Octets spi = sa.randomOctets(4);
		ProposalSelector.Result selection = ProposalSelector.select(Payloads.withSpiSize(offered.proposals(), 4),
				firstChildProposals(sa.config().espProposals(), spi));
		if (!selection.matched()) {
			sa.report("Child SA: NO_PROPOSAL_CHOSEN: "
					+ selection.reason());
			return List.of(Payload.Notify.of(NotifyType.NO_PROPOSAL_CHOSEN));
		}
		ChildSaNegotiation.Selectors selectors;
		try {
			selectors = ChildSaNegotiation.narrow(sa.config(), request);
		} catch (IkeFailure e) {
			if (!NotifyType.TS_UNACCEPTABLE.equals(e.notifyType())) {
				throw e; // a malformed request (no TSi) fails IKE_AUTH; unacceptable selectors only the Child SA
			}
			sa.report("Child SA: " + e.getMessage());
			return List.of(Payload.Notify.of(e.notifyType()));
		}
		Payload.Proposal mine = new Payload.Proposal(selection.chosen().number(), ProtocolId.ESP, spi,
				selection.chosen().transforms());
		ChildSaNegotiation.install(sa, selection.chosen(), spi, selection.chosen().spi(), selectors, false, sa.ni(),
				sa.nr());
		List<Payload> payloads = new ArrayList<>();
		payloads.add(new Payload.Sa(List.of(mine)));
		payloads.addAll(selectors.payloads());
		return payloads;
	}

	private static String describe(Payload.Id id) {
		return new IkeConfig.Identity(id.idType(), id.data()).toString();
	}
}
