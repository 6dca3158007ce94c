package org.ikewb.engine;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.security.SecureRandom;

import org.ikewb.crypto.IkeSaKeys;
import org.ikewb.crypto.IntAuth;
import org.ikewb.crypto.Prf;
import org.ikewb.protocol.ExchangeType;
import org.ikewb.protocol.IkeHeader;
import org.ikewb.protocol.IkeMessage;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.ProposalSyntax;

/**
 * One IKE SA: what its exchanges negotiated (proposal, nonces, keys, IntAuth chain, peer identity,
 * Child SAs), its life cycle and where the peer is. Tasks read it and change it only through the
 * methods below, each named for what happened; its {@link TaskManager} runs the exchanges. Runs only
 * on its engine's event loop, so it needs no locks.
 */
final class IkeSa {

	private final Engine engine;
	private final IkeConfig config;
	private final boolean initiator;
	/** Where the peer is now: it may move (NAT-T port, a NAT's new mapping) with an authenticated message. */
	private InetSocketAddress peer;
	/** Whether this SA talks through the NAT-T socket. */
	private boolean natT;
	private final long spiI;
	private long spiR;
	private IkeSaState state = IkeSaState.CREATED;

	// negotiated in IKE_SA_INIT (or taken over from the IKE SA this one rekeyed)
	private Payload.Proposal chosen;
	private Prf prf;
	private Octets ni;
	private Octets nr;
	private byte[] initRequest;
	private byte[] initResponse;
	private boolean fragmentation;
	/** Both sides announced INTERMEDIATE_EXCHANGE_SUPPORTED (RFC 9242): IKE_INTERMEDIATE may follow IKE_SA_INIT. */
	private boolean intermediate;
	/** Both sides announced USE_PPK (RFC 8784): the initiator names a PPK in IKE_AUTH. */
	private boolean usePpk;
	/** The responder announced CHILDLESS_IKEV2_SUPPORTED (RFC 6023): as initiator, we may leave the Child SA out. */
	private boolean peerChildless;
	/** The identity of the PPK mixed into this SA's keys (RFC 8784), or null; a rekeyed SA inherits it. */
	private Octets ppkId;
	private IkeSaKeys keys;
	private final IntAuth intAuth = new IntAuth();
	private final List<EstablishedSa.Child> children = new ArrayList<>();
	private Payload.Id peerId;

	/** CREATE_CHILD_SA exchanges waiting for their IKE_FOLLOWUP_KE, by ADDITIONAL_KEY_EXCHANGE link. */
	private final java.util.Map<Octets, CreateChildSaTask> followups = new java.util.HashMap<>();

	/** Message IDs, the exchanges' queue, retransmission and the response cache of this SA. */
	private final TaskManager tasks;
	private final CompletableFuture<EstablishedSa> result = new CompletableFuture<>();
	private final RekeyCollisions rekeys = new RekeyCollisions(this);

	IkeSa(Engine engine, IkeConfig config, boolean initiator, InetSocketAddress peer, long spiI, long spiR) {
		this.engine = engine;
		this.config = config;
		this.initiator = initiator;
		this.peer = peer;
		this.spiI = spiI;
		this.spiR = spiR;
		this.tasks = new TaskManager(this, engine);
	}

	/**
	 * The IKE SA that a rekey of {@code old} made (RFC 7296 §2.18): the old one's configuration, peer,
	 * identity and fragmentation, the rekey's proposal, nonces and keys; it is established at once.
	 */
	static IkeSa rekeyed(IkeSa old, boolean initiator, long spiI, long spiR, Payload.Proposal chosen, Prf prf,
			Octets ni, Octets nr) {
		IkeSa next = new IkeSa(old.engine, old.config, initiator, old.peer, spiI, spiR);
		next.natT = old.natT;
		next.chosen = chosen;
		next.prf = prf;
		next.ni = ni;
		next.nr = nr;
		next.peerId = old.peerId;
		next.fragmentation = old.fragmentation;
		next.ppkId = old.ppkId; // the new SK_d comes from the old one, into which the PPK was mixed
		return next;
	}

	/**
	 * The IKE SA a rekey of this one made, registered with the engine and established; this one's
	 * Child SAs move to it (RFC 7296 §2.18).
	 */
	IkeSa rekeyedTo(boolean initiator, long spiI, long spiR, Payload.Proposal chosen, Prf prf, Octets ni, Octets nr,
			IkeSaKeys keys, String cause) {
		return engine.rekeyed(this, initiator, spiI, spiR, chosen, prf, ni, nr, keys, cause);
	}

	/** The IKE SA that replaced this one in a rekey, once there is one. */
	private IkeSa successor;

	void replacedBy(IkeSa next) {
		successor = next;
	}

	/** The Child SAs of {@code other} move to this IKE SA (a rekey, or the survivor of a collision). */
	void adoptChildren(IkeSa other) {
		children.addAll(other.children);
		other.children.clear();
	}

	// ------------------------------------------------------------------ what the exchanges negotiated

	/**
	 * IKE_SA_INIT is done: the proposal, its PRF, both nonces and what both sides announced. The keys
	 * follow with {@link #newKeys}.
	 */
	void initExchanged(Payload.Proposal chosen, Prf prf, Octets ni, Octets nr, boolean fragmentation,
			boolean intermediate) {
		this.chosen = chosen;
		this.prf = prf;
		this.ni = ni;
		this.nr = nr;
		this.fragmentation = fragmentation;
		this.intermediate = intermediate;
	}

	/** What else IKE_SA_INIT settled: both sides announced USE_PPK; the responder announced CHILDLESS_IKEV2_SUPPORTED. */
	void extensionsAnnounced(boolean usePpk, boolean peerChildless) {
		this.usePpk = usePpk;
		this.peerChildless = peerChildless;
	}

	boolean usePpk() {
		return usePpk;
	}

	boolean peerChildless() {
		return peerChildless;
	}

	/** IKE_AUTH mixed the PPK named {@code id} into the keys (RFC 8784). */
	void ppkUsed(Octets id) {
		this.ppkId = id;
	}

	Octets ppkId() {
		return ppkId;
	}

	/** The peer proved this identity in IKE_AUTH. */
	void peerAuthenticated(Payload.Id id) {
		this.peerId = id;
	}

	/** An IKE_INTERMEDIATE exchange joins the IntAuth chain (RFC 9242 §3.1) with the keys that protected it. */
	void addToIntAuth(ExchangeTask.ExchangeData exchange) {
		intAuth.add(keys, exchange.request(), exchange.response());
		engine.emit(new TraceEvent.IntAuthUpdated(Instant.now(), spiI, intAuth.exchanges(), intAuth.initiator(),
				intAuth.responder()));
	}

	/** A new Child SA on this IKE SA. */
	void addChild(EstablishedSa.Child child) {
		children.add(child);
		engine.emit(new TraceEvent.ChildSaEstablished(Instant.now(), spiI, ProposalSyntax.format(child.proposal()),
				child.inboundSpi(), child.outboundSpi(), engine.traceKeys() ? child.keys().copy() : null));
	}

	/** The Child SA whose outbound SPI (the peer's inbound SPI) this is. */
	java.util.Optional<EstablishedSa.Child> childByOutboundSpi(Octets spi) {
		return children.stream().filter(c -> c.outboundSpi().equals(spi)).findFirst();
	}

	/** A CREATE_CHILD_SA we answered waits for an IKE_FOLLOWUP_KE naming {@code link} (RFC 9370 §2.2.4). */
	void awaitFollowup(Octets link, CreateChildSaTask exchange) {
		followups.put(link, exchange);
	}

	/** The CREATE_CHILD_SA that waits for the IKE_FOLLOWUP_KE naming {@code link}, no longer waiting; null if none. */
	CreateChildSaTask takeFollowup(Octets link) {
		return followups.remove(link);
	}

	/** Something went wrong that the IKE SA survives (a refused Child SA, a redundant rekey): the trace says what. */
	void report(String problem) {
		engine.emit(new TraceEvent.Error(Instant.now(), spiI, problem));
	}

	SecureRandom random() {
		return engine.random();
	}

	/** Random octets (nonces, SPIs, links). */
	Octets randomOctets(int n) {
		byte[] b = new byte[n];
		engine.random().nextBytes(b);
		return Octets.of(b);
	}

	/** Our address as the peer should see it (NAT detection). */
	InetSocketAddress localAddress() {
		return engine.localAddress();
	}

	Payload.Proposal chosen() {
		return chosen;
	}

	Prf prf() {
		return prf;
	}

	Octets ni() {
		return ni;
	}

	Octets nr() {
		return nr;
	}

	boolean intermediate() {
		return intermediate;
	}

	IntAuth intAuth() {
		return intAuth;
	}

	long responderSpi() {
		return spiR;
	}

	boolean initiator() {
		return initiator;
	}

	/** The IKE_SA_INIT request or response as it went over the wire. */
	byte[] initMessage(boolean request) {
		return request ? initRequest : initResponse;
	}

	CompletableFuture<EstablishedSa> result() {
		return result;
	}

	long localSpi() {
		return initiator ? spiI : spiR;
	}

	// ------------------------------------------------------------------ tasks

	void queue(ExchangeTask.Initiator task) {
		tasks.queue(task);
	}

	/** Puts tasks before the queued ones, in the given order. */
	void queueNext(List<? extends ExchangeTask.Initiator> next) {
		tasks.queueNext(next);
	}

	/** Starts the next queued exchange, if none is in flight. */
	void next() {
		tasks.next();
	}

	void restartInit(ExchangeTask.Initiator task) {
		// IKE_SA_INIT again (COOKIE, INVALID_KE_PAYLOAD): message ID 0 and SPIr 0 once more
		spiR = 0;
		tasks.restartInit(task);
	}

	void changeState(IkeSaState to) {
		if (state != to) {
			IkeSaState from = state;
			state = to;
			engine.stateChanged(from, to);
			engine.emit(new TraceEvent.StateChanged(Instant.now(), spiI, from, to));
		}
	}

	void fail(String reason) {
		if (state == IkeSaState.FAILED || state == IkeSaState.DELETED) {
			return;
		}
		tasks.failAll(reason);
		engine.emit(new TraceEvent.Error(Instant.now(), spiI, reason));
		changeState(IkeSaState.FAILED);
		result.completeExceptionally(new IkeFailure(null, reason));
		engine.remove(this);
		destroyKeys();
	}

	void established() {
		changeState(IkeSaState.ESTABLISHED);
		result.complete(snapshot());
	}

	void deleted() {
		// exchanges of ours still queued or in flight will not run on this SA: each learns it at once
		// (a rekey of it is done if the peer's rekey replaced it), none waits for ever
		tasks.abandon(successor, successor == null ? "the IKE SA was deleted before this exchange could run"
				: String.format("the IKE SA was rekeyed by the peer and deleted before this exchange could run; it continues as %016x",
						successor.initiatorSpi()));
		tasks.close();
		changeState(IkeSaState.DELETED);
		engine.remove(this);
		destroyKeys();
	}

	/** Deletes a Child SA: INFORMATIONAL with a Delete of its inbound SPI. */
	void deleteChild(EstablishedSa.Child child) {
		dropChild(child);
		queue(InformationalTask.deleteChild(child.inboundSpi()));
		next();
	}

	/** Rekeys of this IKE SA and its Child SAs, and their collisions. */
	RekeyCollisions rekeys() {
		return rekeys;
	}

	/** Starts a CREATE_CHILD_SA exchange; completes with the new Child SA or the new IKE SA. */
	CreateChildSaTask createChildSa(CreateChildSaTask.Kind kind, EstablishedSa.Child rekeyed,
			List<Payload.Proposal> proposals) {
		CreateChildSaTask task = new CreateChildSaTask(kind, rekeyed, proposals);
		queue(task);
		next();
		return task;
	}

	EstablishedSa snapshot() {
		return new EstablishedSa(spiI, spiR, initiator, peer, chosen, keys, intAuth.exchanges(), List.copyOf(children),
				peerId, ppkId);
	}

	/** Deletes this IKE SA with an INFORMATIONAL exchange. */
	void delete() {
		queue(InformationalTask.deleteIkeSa());
		next();
	}

	void newKeys(IkeSaKeys next, String cause) {
		if (keys != null) {
			// the superseded generation is needed no more: the next one is derived from it already, and a
			// repeated request is answered from the cached datagrams, a repeated response dropped unopened
			keys.destroy();
		}
		keys = next;
		engine.emit(new TraceEvent.KeysDerived(Instant.now(), spiI, spiR, next.generation(), cause,
				engine.traceKeys() ? next.copy() : null));
	}

	/**
	 * Wipes the key material of this IKE SA and its Child SAs once it is deleted or failed (the
	 * key-exchange private keys inside Bouncy Castle and the JDK cannot be wiped; their objects are
	 * dropped). Snapshots handed out earlier read zeros from then on.
	 */
	private void destroyKeys() {
		tasks.close(); // partial messages of a gone SA give their octets back to the engine's budget
		initRequest = null; // up to a datagram each, needed for AUTH only
		initResponse = null;
		if (keys != null) {
			keys.destroy();
		}
		children.forEach(c -> c.keys().destroy());
	}

	/** Removes a Child SA from this IKE SA and wipes its keys. */
	void dropChild(EstablishedSa.Child child) {
		if (children.remove(child)) {
			child.keys().destroy();
		}
	}

	// ------------------------------------------------------------------ messages (through the task manager)

	IkeHeader header(ExchangeType type, int messageId, boolean response) {
		int flags = (initiator ? IkeHeader.FLAG_INITIATOR : 0) | (response ? IkeHeader.FLAG_RESPONSE : 0);
		return IkeHeader.of(spiI, spiR, type, flags, messageId);
	}

	/** The IKE_SA_INIT request or response as sent or received: AUTH signs them (RFC 7296 §2.15). */
	void initMessage(boolean request, byte[] datagram) {
		if (request) {
			initRequest = datagram;
		} else {
			initResponse = datagram;
		}
	}

	/** A datagram for this SA from where the peer is now. */
	void receive(byte[] datagram, org.ikewb.protocol.DecodedDatagram decoded) {
		tasks.receive(datagram, decoded, peer, natT);
	}

	/** A datagram for this SA, decoded but still encrypted. */
	void receive(byte[] datagram, org.ikewb.protocol.DecodedDatagram decoded, InetSocketAddress from, boolean viaNatT) {
		tasks.receive(datagram, decoded, from, viaNatT);
	}

	/** Follows the peer to a new address or port (RFC 7296 §2.23), after a message that authenticated. */
	void follow(InetSocketAddress from, boolean viaNatT) {
		if (!from.equals(peer) || viaNatT != natT) {
			engine.emit(new TraceEvent.AddressChanged(Instant.now(), spiI, peer, from, viaNatT));
			peer = from;
			natT = viaNatT;
		}
	}

	/** Moves to the NAT-T socket and the peer's NAT-T port (after NAT detection found a NAT). */
	void moveToNatT(int peerPort) {
		if (engine.hasNatT() && !natT) {
			InetSocketAddress to = new InetSocketAddress(peer.getAddress(), peerPort);
			engine.emit(new TraceEvent.AddressChanged(Instant.now(), spiI, peer, to, true));
			peer = to;
			natT = true;
		}
	}

	/** The responder's SPI as its IKE_SA_INIT response names it (zero in a COOKIE or INVALID_KE_PAYLOAD answer). */
	void responderSpi(long spi) {
		spiR = spi;
	}

	/** Every exchange we started is done: the initial exchanges, if these were, established the IKE SA. */
	void exchangesDone() {
		if (state == IkeSaState.CONNECTING && keys != null && chosen != null) {
			established();
		}
	}

	/** An error answered during the initial exchanges ends them: the peer cannot go on (RFC 7296 §2.21.2). */
	void abortIfNotUp(String reason) {
		if (state == IkeSaState.CREATED || state == IkeSaState.CONNECTING) {
			fail(reason);
		}
	}

	/** Whether exchanges may start: not failed, not deleted. */
	boolean canExchange() {
		return state != IkeSaState.FAILED && state != IkeSaState.DELETED;
	}

	IkeSaState state() {
		return state;
	}

	IkeSaKeys keys() {
		return keys;
	}

	IkeConfig config() {
		return config;
	}

	InetSocketAddress peer() {
		return peer;
	}

	boolean natT() {
		return natT;
	}

	boolean fragmentation() {
		return fragmentation;
	}

	long initiatorSpi() {
		return spiI;
	}

	/** Message ID of the next request we send (IKE_AUTH_MID for the initiator's IKE_AUTH). */
	int nextRequestMessageId() {
		return tasks.nextRequestMessageId();
	}

	int expectedRequestMessageId() {
		return tasks.expectedRequestMessageId();
	}
}
