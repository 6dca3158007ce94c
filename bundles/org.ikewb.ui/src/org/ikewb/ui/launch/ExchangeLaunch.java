package org.ikewb.ui.launch;

/** Attribute names and identifiers of the "IKEv2 exchange" launch configuration type. */
public final class ExchangeLaunch {

	public static final String TYPE = "org.ikewb.ui.launch.exchange";
	/** Workspace path of the policy file ({@code /project/branch.ikewb}). */
	public static final String POLICY = "org.ikewb.ui.launch.policy";
	/** The peer of the policy this workbench plays. */
	public static final String PEER = "org.ikewb.ui.launch.peer";
	/** initiator (default) or responder. */
	public static final String ROLE = "org.ikewb.ui.launch.role";
	/** Optional: another peer of the same policy run in-process as the responder (loopback tests, demos). */
	public static final String EMBEDDED_PEER = "org.ikewb.ui.launch.embeddedPeer";
	/** Opt in to key material in the trace (the inspector's SK_* view). */
	public static final String TRACE_KEYS = "org.ikewb.ui.launch.traceKeys";
	/** Once established, rekey the first Child SA and then the IKE SA (initiator only). */
	public static final String REKEY = "org.ikewb.ui.launch.rekey";
	/** IKE proposals for rekeys of the IKE SA, offered and (by the embedded peer) accepted; empty: the policy's. */
	public static final String REKEY_IKE_PROPOSALS = "org.ikewb.ui.launch.rekeyIkeProposals";
	/** ESP proposals for rekeys of Child SAs, offered and (by the embedded peer) accepted; empty: the policy's. */
	public static final String REKEY_ESP_PROPOSALS = "org.ikewb.ui.launch.rekeyEspProposals";

	private ExchangeLaunch() {
	}
}
