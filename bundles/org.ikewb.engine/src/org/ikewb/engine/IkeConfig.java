package org.ikewb.engine;

import java.util.List;
import java.util.function.Supplier;

import org.ikewb.crypto.Certificates;
import org.ikewb.protocol.IdType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;
import org.ikewb.protocol.TransformType;
import org.ikewb.protocol.ProtocolId;
import org.ikewb.protocol.TsType;

/**
 * What one side of an IKE SA needs: identities, the pre-shared key, proposals, traffic selectors and
 * the transport's tuning. Immutable; the policy language resolves to this.
 *
 * @param localId          our identity (IDi or IDr)
 * @param remoteId         the identity we expect from the peer, or null for any
 * @param psk              the pre-shared key, read when needed (never stored in traces)
 * @param ikeProposals     IKE proposals in preference order (numbers 1..n)
 * @param espProposals     ESP proposals for Child SAs (KE transforms apply to CREATE_CHILD_SA only)
 * @param localTs          our traffic selectors
 * @param remoteTs         the peer's traffic selectors
 * @param fragmentSize     largest IKE message we send before fragmenting (RFC 7383), octets
 * @param retransmitMillis first retransmission timeout; doubles after each try
 * @param retransmitTries  retransmissions before giving up
 * @param credentials      our certificate chain and key (RFC 7427 signatures instead of the PSK), or null
 * @param trustAnchors     CA certificates (DER) a peer's certificate must chain to
 * @param peerNatTPort     the peer's NAT-T port, where we move when a NAT is detected (4500)
 * @param transportMode    ask for (as initiator) or accept (as responder) transport mode Child SAs
 * @param rekeyIkeProposals IKE proposals offered (as initiator) and accepted (as responder) when the
 *                         IKE SA is rekeyed; they may change every algorithm (null: {@code ikeProposals})
 * @param rekeyEspProposals ESP proposals for Child SA rekeys (null: {@code espProposals})
 * @param rekeyKeys        how the keys of a rekeyed IKE SA are derived when the PRF changes (null:
 *                         {@link RekeyKeys#RFC_7296})
 * @param ppk              RFC 8784 post-quantum preshared keys, or null for none
 * @param childless        as initiator, an IKE SA without a Child SA in IKE_AUTH (RFC 6023); Child SAs
 *                         follow with CREATE_CHILD_SA. A responder accepts childless IKE SAs always
 * @param crls             certificate revocation lists (DER) the peer's chain is checked against, besides
 *                         those it sends in CERT payloads
 * @param pathRules        what a peer's certification path must satisfy besides RFC 5280's defaults
 *                         (acceptable certificate policies, strict or relaxed revocation; null: default)
 * @param clock            the time certificates and CRLs are checked at (null: the system clock); tests
 *                         move it
 * @param intermediates    CA certificates (DER) a peer's path may go through, not trusted themselves: for
 *                         peers that do not send their intermediates in CERT payloads
 */
public record IkeConfig(Identity localId, Identity remoteId, Supplier<byte[]> psk, List<Payload.Proposal> ikeProposals,
		List<Payload.Proposal> espProposals, List<Payload.TrafficSelector> localTs, List<Payload.TrafficSelector> remoteTs,
		int fragmentSize, long retransmitMillis, int retransmitTries, Certificates.Local credentials,
		List<Octets> trustAnchors, int peerNatTPort, boolean transportMode, List<Payload.Proposal> rekeyIkeProposals,
		List<Payload.Proposal> rekeyEspProposals, RekeyKeys rekeyKeys, Ppk ppk, boolean childless, List<Octets> crls,
		org.ikewb.crypto.PathRules pathRules, java.time.Clock clock, List<Octets> intermediates) {

	/**
	 * RFC 8784 post-quantum preshared keys: mixed into SK_d, SK_pi and SK_pr so that an IKE SA
	 * recorded today stays confidential even if every key exchange it used is broken later.
	 *
	 * @param keys     the PPKs this side has; an initiator offers the first, a responder uses the one
	 *                 the initiator names (PPK_ID_FIXED)
	 * @param required no IKE SA without a PPK (a peer without one, or without the one named, is
	 *                 refused); otherwise an initiator also sends NO_PPK_AUTH and a responder accepts it
	 */
	public record Ppk(List<Key> keys, boolean required) {
		public Ppk {
			keys = List.copyOf(keys);
			if (keys.isEmpty()) {
				throw new IllegalArgumentException("no PPK: give at least one identity and key");
			}
		}

		/** One PPK: its identity (what goes on the wire) and its value, read when needed (never traced). */
		public record Key(Octets id, Supplier<byte[]> value) {
			@Override
			public String toString() {
				return "PPK " + describe(id);
			}
		}

		/** The key named {@code id}, or null. */
		public Key find(Octets id) {
			return keys.stream().filter(k -> k.id().equals(id)).findFirst().orElse(null);
		}

		/** A PPK_ID for people: its text when it is printable ASCII, else hex. */
		public static String describe(Octets id) {
			byte[] b = id.toByteArray();
			for (byte x : b) {
				if (x < 0x21 || x > 0x7e) {
					return "0x" + id.hex();
				}
			}
			return "'" + new String(b, java.nio.charset.StandardCharsets.US_ASCII) + "'";
		}
	}

	/**
	 * An IKE SA rekey that changes the PRF: SKEYSEED always comes from the old SA's PRF (RFC 7296
	 * §2.18); the prf+ that expands it into the new keys is read two ways by real implementations.
	 */
	public enum RekeyKeys {
		/** prf+ with the new SA's PRF, as RFC 7296 §2.14 defines the keys of an SA (Libreswan 5.2). */
		RFC_7296,
		/** prf+ with the old SA's PRF as well (strongSwan 6.1, keymat_v2). */
		STRONGSWAN
	}

	/** An identity as the ID payload carries it. */
	public record Identity(IdType type, Octets data) {
		public static Identity fqdn(String name) {
			return new Identity(IdType.FQDN, Octets.of(name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		}

		public static Identity email(String address) {
			return new Identity(IdType.RFC822_ADDR,
					Octets.of(address.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		}

		@Override
		public String toString() {
			if (type.value() == 2 || type.value() == 3) {
				return new String(data.toByteArray(), java.nio.charset.StandardCharsets.US_ASCII);
			}
			return type.value() == 9 ? Certificates.describeName(data) : type + ":" + data.hex();
		}
	}

	/** The smallest IKE message we fragment to: headers, IV and ICV leave no room for content below it. */
	public static final int MIN_FRAGMENT_SIZE = 128;

	/**
	 * @throws IllegalArgumentException when the configuration cannot be negotiated at all: no IKE or
	 *                                  ESP proposal, an IKE proposal without a key exchange method, a
	 *                                  fragment size no message fits in
	 */
	public IkeConfig {
		ikeProposals = List.copyOf(ikeProposals);
		espProposals = List.copyOf(espProposals);
		if (ikeProposals.isEmpty()) {
			throw new IllegalArgumentException("no IKE proposal: give at least one, e.g. aes256gcm16-prfsha384-x25519");
		}
		if (espProposals.isEmpty()) {
			throw new IllegalArgumentException("no ESP proposal: give at least one, e.g. aes256gcm16");
		}
		requireKeyExchange(ikeProposals, "");
		if (rekeyIkeProposals != null) {
			if (rekeyIkeProposals.isEmpty()) {
				throw new IllegalArgumentException("no IKE proposal for rekeys");
			}
			requireKeyExchange(rekeyIkeProposals, "rekey ");
		}
		if (fragmentSize < MIN_FRAGMENT_SIZE || fragmentSize > 65535) {
			throw new IllegalArgumentException("fragment size " + fragmentSize + " is outside " + MIN_FRAGMENT_SIZE
					+ "..65535 octets");
		}
		rekeyIkeProposals = rekeyIkeProposals == null ? ikeProposals : List.copyOf(rekeyIkeProposals);
		rekeyEspProposals = rekeyEspProposals == null ? espProposals : List.copyOf(rekeyEspProposals);
		rekeyKeys = rekeyKeys == null ? RekeyKeys.RFC_7296 : rekeyKeys;
		localTs = List.copyOf(localTs);
		remoteTs = List.copyOf(remoteTs);
		trustAnchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
		crls = crls == null ? List.of() : List.copyOf(crls);
		pathRules = pathRules == null ? org.ikewb.crypto.PathRules.DEFAULT : pathRules;
		clock = clock == null ? java.time.Clock.systemUTC() : clock;
		intermediates = intermediates == null ? List.of() : List.copyOf(intermediates);
	}

	/** IKE_SA_INIT and every IKE SA rekey need a key exchange method (RFC 7296 §1.2, §1.3.2): NONE cannot be one. */
	private static void requireKeyExchange(List<Payload.Proposal> proposals, String what) {
		for (Payload.Proposal p : proposals) {
			List<Payload.Transform> ke = p.transformsOf(TransformType.KE);
			if (ke.isEmpty() || ke.stream().allMatch(t -> t.id() == 0)) {
				throw new IllegalArgumentException(what + "IKE proposal " + ProposalSyntax.format(p)
						+ " has no key exchange method: IKE_SA_INIT and IKE SA rekeys need one (e.g. -x25519)");
			}
		}
	}

	/** The whole IPv4 space, all protocols and ports. */
	public static Payload.TrafficSelector anyIpv4() {
		return new Payload.TrafficSelector(TsType.IPV4_ADDR_RANGE, 0, 0, 65535, Octets.fromHex("00000000"),
				Octets.fromHex("ffffffff"));
	}

	/** A PSK configuration from strongSwan-style proposal strings. */
	public static IkeConfig psk(Identity local, Identity remote, Supplier<byte[]> psk, String ikeProposals,
			String espProposals) {
		return new IkeConfig(local, remote, psk, parse(ikeProposals, ProtocolId.IKE), parse(espProposals, ProtocolId.ESP),
				List.of(anyIpv4()), List.of(anyIpv4()), 1280, 500, 5, null, List.of(), 4500, false, null, null, null, null, false,
				List.of(), null, null, null);
	}

	/**
	 * Other proposals for rekeys (strongSwan notation, comma-separated): the IKE SA's and the Child
	 * SAs' next generation may use other algorithms than the first (RFC 7296 §2.8, §2.18).
	 */
	public IkeConfig withRekeyProposals(String ike, String esp) {
		return edit(e -> {
			e.rekeyIkeProposals = ike == null ? null : parse(ike, ProtocolId.IKE);
			e.rekeyEspProposals = esp == null ? null : parse(esp, ProtocolId.ESP);
		});
	}

	/** Other proposals for rekeys of the IKE SA only; null or blank: as they are. */
	public IkeConfig withRekeyIkeProposals(String ike) {
		return ike == null || ike.isBlank() ? this : edit(e -> e.rekeyIkeProposals = parse(ike.strip(), ProtocolId.IKE));
	}

	/** Other proposals for rekeys of Child SAs only; null or blank: as they are. */
	public IkeConfig withRekeyEspProposals(String esp) {
		return esp == null || esp.isBlank() ? this : edit(e -> e.rekeyEspProposals = parse(esp.strip(), ProtocolId.ESP));
	}

	/** How the keys of an IKE SA rekeyed to another PRF are derived (which peer implementation to match). */
	public IkeConfig withRekeyKeys(RekeyKeys how) {
		return edit(e -> e.rekeyKeys = how);
	}

	/** RFC 8784 post-quantum preshared keys (null: none). */
	public IkeConfig withPpk(Ppk keys) {
		return edit(e -> e.ppk = keys);
	}

	/** Certificate revocation lists (DER) a peer's certificate chain is checked against. */
	public IkeConfig withCrls(List<Octets> lists) {
		return edit(e -> e.crls = lists);
	}

	/** What a peer's certification path must satisfy (policies, revocation). */
	public IkeConfig withPathRules(org.ikewb.crypto.PathRules rules) {
		return edit(e -> e.pathRules = rules);
	}

	/** CA certificates a peer's path may go through (not trust anchors). */
	public IkeConfig withIntermediates(List<Octets> certificates) {
		return edit(e -> e.intermediates = certificates);
	}

	/** The clock certificates and CRLs are checked at. */
	public IkeConfig withClock(java.time.Clock time) {
		return edit(e -> e.clock = time);
	}

	/** As initiator, IKE_AUTH without a Child SA (RFC 6023). */
	public IkeConfig withChildless(boolean without) {
		return edit(e -> e.childless = without);
	}

	/** Proposals in strongSwan notation, comma-separated, numbered 1..n. */
	public static List<Payload.Proposal> parseProposals(String proposals, ProtocolId protocol) {
		return parse(proposals, protocol);
	}

	private static List<Payload.Proposal> parse(String proposals, ProtocolId protocol) {
		String[] parts = proposals.split(",");
		java.util.ArrayList<Payload.Proposal> out = new java.util.ArrayList<>();
		for (int i = 0; i < parts.length; i++) {
			out.add(ProposalSyntax.parse(parts[i], protocol, i + 1));
		}
		return out;
	}

	public IkeConfig withRetransmission(long millis, int tries) {
		return edit(e -> {
			e.retransmitMillis = millis;
			e.retransmitTries = tries;
		});
	}

	public IkeConfig withFragmentSize(int size) {
		return edit(e -> e.fragmentSize = size);
	}

	public IkeConfig withTrafficSelectors(List<Payload.TrafficSelector> local, List<Payload.TrafficSelector> remote) {
		return edit(e -> {
			e.localTs = local;
			e.remoteTs = remote;
		});
	}

	/**
	 * Authenticate with certificates (RFC 7427 digital signatures): our identity becomes the subject
	 * DN of our certificate; peers must present a chain to one of {@code anchors}.
	 */
	public IkeConfig withCertificates(Certificates.Local ours, List<Octets> anchors) {
		return edit(e -> {
			e.localId = new Identity(IdType.DER_ASN1_DN, ours.subject());
			e.credentials = ours;
			e.trustAnchors = anchors;
		});
	}

	/** The identity we send (IDi or IDr), e.g. an FQDN the certificate names instead of its DN. */
	public IkeConfig withLocalId(Identity id) {
		return edit(e -> e.localId = id);
	}

	/** The identity we expect from the peer (null: any, which only a deliberate choice should make). */
	public IkeConfig withRemoteId(Identity id) {
		return edit(e -> e.remoteId = id);
	}

	/** The peer's NAT-T port (4500 unless the peer uses another). */
	public IkeConfig withPeerNatTPort(int port) {
		return edit(e -> e.peerNatTPort = port);
	}

	/** Transport mode Child SAs (USE_TRANSPORT_MODE, RFC 7296 §1.3.1) instead of tunnel mode. */
	public IkeConfig withTransportMode(boolean transport) {
		return edit(e -> e.transportMode = transport);
	}

	/** A copy with some components changed (the record's own validation runs again). */
	private IkeConfig edit(java.util.function.Consumer<Edit> change) {
		Edit e = new Edit(this);
		change.accept(e);
		return new IkeConfig(e.localId, e.remoteId, e.psk, e.ikeProposals, e.espProposals, e.localTs, e.remoteTs,
				e.fragmentSize, e.retransmitMillis, e.retransmitTries, e.credentials, e.trustAnchors, e.peerNatTPort,
				e.transportMode, e.rekeyIkeProposals, e.rekeyEspProposals, e.rekeyKeys, e.ppk, e.childless, e.crls,
				e.pathRules, e.clock, e.intermediates);
	}

	/** The components of a configuration being copied with changes. */
	private static final class Edit {
		Identity localId;
		Identity remoteId;
		Supplier<byte[]> psk;
		List<Payload.Proposal> ikeProposals;
		List<Payload.Proposal> espProposals;
		List<Payload.TrafficSelector> localTs;
		List<Payload.TrafficSelector> remoteTs;
		int fragmentSize;
		long retransmitMillis;
		int retransmitTries;
		Certificates.Local credentials;
		List<Octets> trustAnchors;
		int peerNatTPort;
		boolean transportMode;
		List<Payload.Proposal> rekeyIkeProposals;
		List<Payload.Proposal> rekeyEspProposals;
		RekeyKeys rekeyKeys;
		Ppk ppk;
		boolean childless;
		List<Octets> crls;
		org.ikewb.crypto.PathRules pathRules;
		java.time.Clock clock;
		List<Octets> intermediates;

		Edit(IkeConfig c) {
			localId = c.localId;
			remoteId = c.remoteId;
			psk = c.psk;
			ikeProposals = c.ikeProposals;
			espProposals = c.espProposals;
			localTs = c.localTs;
			remoteTs = c.remoteTs;
			fragmentSize = c.fragmentSize;
			retransmitMillis = c.retransmitMillis;
			retransmitTries = c.retransmitTries;
			credentials = c.credentials;
			trustAnchors = c.trustAnchors;
			peerNatTPort = c.peerNatTPort;
			transportMode = c.transportMode;
			rekeyIkeProposals = c.rekeyIkeProposals;
			rekeyEspProposals = c.rekeyEspProposals;
			rekeyKeys = c.rekeyKeys;
			ppk = c.ppk;
			childless = c.childless;
			crls = c.crls;
			pathRules = c.pathRules;
			clock = c.clock;
			intermediates = c.intermediates;
		}
	}
}
