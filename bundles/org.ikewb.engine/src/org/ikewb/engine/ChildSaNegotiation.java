package org.ikewb.engine;

import java.util.ArrayList;
import java.util.List;

import org.ikewb.crypto.KeySchedule;
import org.ikewb.protocol.EncryptionAlgorithm;
import org.ikewb.protocol.IntegrityAlgorithm;
import org.ikewb.protocol.NotifyType;
import org.ikewb.protocol.Octets;
import org.ikewb.protocol.Payload;
import org.ikewb.protocol.PayloadType;
import org.ikewb.protocol.TransformType;

/**
 * What every exchange that makes a Child SA shares — IKE_AUTH's first one and CREATE_CHILD_SA's new
 * and rekeyed ones (RFC 7296 §1.2, §1.3, §2.9, §2.17): the traffic selectors and mode asked for and
 * narrowed, and the ESP keys from KEYMAT.
 */
final class ChildSaNegotiation {

	private ChildSaNegotiation() {
	}

	/** TSi and TSr as narrowed by the responder, and whether both agreed on transport mode. */
	record Selectors(List<Payload.TrafficSelector> tsi, List<Payload.TrafficSelector> tsr, boolean transport) {
		Selectors {
			tsi = List.copyOf(tsi);
			tsr = List.copyOf(tsr);
		}

		/** TSi, TSr [, N(USE_TRANSPORT_MODE)] as a message carries them. */
		List<Payload> payloads() {
			List<Payload> out = new ArrayList<>(List.of(new Payload.Ts(PayloadType.TSI, tsi),
					new Payload.Ts(PayloadType.TSR, tsr)));
			if (transport) {
				out.add(Payload.Notify.of(NotifyType.USE_TRANSPORT_MODE));
			}
			return out;
		}
	}

	/** What the initiator asks for: its configured selectors, and transport mode if configured. */
	static List<Payload> request(IkeConfig config) {
		return new Selectors(config.localTs(), config.remoteTs(), config.transportMode()).payloads();
	}

	/**
	 * The responder's answer to the selectors of a request: each side narrowed to what we allow
	 * (TSi against our remote selectors, TSr against our local ones); transport mode only when both
	 * want it.
	 *
	 * @throws IkeFailure TS_UNACCEPTABLE when nothing is left of either side
	 */
	static Selectors narrow(IkeConfig config, List<Payload> request) throws IkeFailure {
		List<Payload.TrafficSelector> tsi = TrafficSelectors.narrow(Payloads.selectors(request, PayloadType.TSI),
				config.remoteTs());
		List<Payload.TrafficSelector> tsr = TrafficSelectors.narrow(Payloads.selectors(request, PayloadType.TSR),
				config.localTs());
		if (tsi.isEmpty() || tsr.isEmpty()) {
			throw new IkeFailure(NotifyType.TS_UNACCEPTABLE, "TS_UNACCEPTABLE: nothing of "
					+ (tsi.isEmpty() ? "TSi" : "TSr") + " is within what we allow");
		}
		return new Selectors(tsi, tsr, config.transportMode() && Payloads.transportMode(request));
	}

	/** The selectors and mode the responder answered. */
	static Selectors answered(List<Payload> response) throws IkeFailure {
		return new Selectors(Payloads.selectors(response, PayloadType.TSI), Payloads.selectors(response, PayloadType.TSR),
				Payloads.transportMode(response));
	}

	/** Proposals with our SPI in each (ESP: 4 octets, an IKE SA rekey: 8). */
	static List<Payload.Proposal> withSpi(List<Payload.Proposal> proposals, Octets spi) {
		List<Payload.Proposal> out = new ArrayList<>();
		for (Payload.Proposal p : proposals) {
			out.add(new Payload.Proposal(p.number(), p.protocol(), spi, p.transforms()));
		}
		return out;
	}

	/**
	 * Installs the Child SA on {@code sa} with keys from KEYMAT = prf+(SK_d, [SK(0) |] Ni | Nr [| SK(1)
	 * ...]) with the nonces of the exchange that creates it: its initiator → responder first, each
	 * direction encryption key then integrity key (RFC 7296 §2.17).
	 *
	 * @param weInitiated whether we started the exchange (our selectors are then TSi)
	 */
	static EstablishedSa.Child install(IkeSa sa, Payload.Proposal chosen, Octets inbound, Octets outbound,
			Selectors selectors, boolean weInitiated, Octets ni, Octets nr, Octets... secrets) {
		Payload.Transform encr = chosen.transformsOf(TransformType.ENCR).get(0);
		EncryptionAlgorithm e = EncryptionAlgorithm.of(encr.id());
		List<Payload.Transform> integ = chosen.transformsOf(TransformType.INTEG);
		int a = e.aead() || integ.isEmpty() ? 0 : IntegrityAlgorithm.of(integ.get(0).id()).keyLength();
		int k = e.keyBytes(encr.keyLength()) + e.saltLength();
		Octets keymat = KeySchedule.childKeymat(sa.prf(), sa.keys().skD(), ni, nr, 2 * (k + a), secrets);
		ChildSaKeys keys = new ChildSaKeys(keymat.slice(0, k), keymat.slice(k, k + a), keymat.slice(k + a, 2 * k + a),
				keymat.slice(2 * k + a, 2 * (k + a)));
		EstablishedSa.Child child = new EstablishedSa.Child(inbound, outbound, chosen, keys,
				weInitiated ? selectors.tsi() : selectors.tsr(), weInitiated ? selectors.tsr() : selectors.tsi(),
				selectors.transport());
		sa.addChild(child);
		return child;
	}
}
